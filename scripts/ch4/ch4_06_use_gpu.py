"""4.6 GPU computation: runs `gluonlab run 4.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.6", *sys.argv[1:]]))
