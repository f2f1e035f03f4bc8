"""S2.7 Feed-forward lab: vanishing gradients, sigmoid vs ReLU: runs `gluonlab run S2.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.7", *sys.argv[1:]]))
