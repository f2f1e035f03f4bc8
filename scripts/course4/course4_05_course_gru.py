"""S4.5 Course variant: GRU with Adam (6.7): runs `gluonlab run S4.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.5", *sys.argv[1:]]))
