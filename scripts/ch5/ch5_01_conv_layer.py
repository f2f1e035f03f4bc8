"""5.1 2D convolutional layer: runs `gluonlab run 5.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.1", *sys.argv[1:]]))
