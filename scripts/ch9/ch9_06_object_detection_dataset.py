"""9.6 Object detection data set (Pikachu): runs `gluonlab run 9.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.6", *sys.argv[1:]]))
