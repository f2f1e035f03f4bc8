"""4.3 Deferred initialization: runs `gluonlab run 4.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.3", *sys.argv[1:]]))
