"""2.3 Automatic differentiation: runs `gluonlab run 2.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "2.3", *sys.argv[1:]]))
