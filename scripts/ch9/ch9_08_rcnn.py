"""9.8 Region-based CNNs (R-CNN): runs `gluonlab run 9.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.8", *sys.argv[1:]]))
