"""9.5 Multiscale object detection: runs `gluonlab run 9.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.5", *sys.argv[1:]]))
