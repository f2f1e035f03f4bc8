"""6.6 Back-propagation through time: runs `gluonlab run 6.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.6", *sys.argv[1:]]))
