"""S2.2 Feed-forward lab: Runner: runs `gluonlab run S2.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.2", *sys.argv[1:]]))
