"""S4.2 Course variant: weight decay (3.12): runs `gluonlab run S4.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.2", *sys.argv[1:]]))
