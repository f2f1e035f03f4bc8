"""9.1 Image augmentation: runs `gluonlab run 9.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.1", *sys.argv[1:]]))
