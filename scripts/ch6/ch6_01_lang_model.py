"""6.1 Language models: runs `gluonlab run 6.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.1", *sys.argv[1:]]))
