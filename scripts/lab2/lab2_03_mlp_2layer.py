"""S2.3 Feed-forward lab: two-layer MLP: runs `gluonlab run S2.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.3", *sys.argv[1:]]))
