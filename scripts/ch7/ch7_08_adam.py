"""7.8 Adam: runs `gluonlab run 7.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.8", *sys.argv[1:]]))
