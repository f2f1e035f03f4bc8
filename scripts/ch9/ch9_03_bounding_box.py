"""9.3 Object detection and bounding boxes: runs `gluonlab run 9.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.3", *sys.argv[1:]]))
