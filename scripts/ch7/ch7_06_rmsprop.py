"""7.6 RMSProp: runs `gluonlab run 7.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.6", *sys.argv[1:]]))
