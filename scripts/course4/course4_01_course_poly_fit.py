"""S4.1 Course variant: polynomial fitting (3.11): runs `gluonlab run S4.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.1", *sys.argv[1:]]))
