"""S2.8 Feed-forward lab: dead ReLU: runs `gluonlab run S2.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.8", *sys.argv[1:]]))
