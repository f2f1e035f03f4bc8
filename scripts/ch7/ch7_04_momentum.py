"""7.4 Momentum: runs `gluonlab run 7.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.4", *sys.argv[1:]]))
