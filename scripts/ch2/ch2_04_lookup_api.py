"""2.4 Looking up the documentation: runs `gluonlab run 2.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "2.4", *sys.argv[1:]]))
