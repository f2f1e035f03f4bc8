"""S4.3 Course variant: dropout (3.13): runs `gluonlab run S4.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.3", *sys.argv[1:]]))
