"""S2.9 Feed-forward lab: Leaky ReLU fix: runs `gluonlab run S2.9` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.9", *sys.argv[1:]]))
