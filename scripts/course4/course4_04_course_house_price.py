"""S4.4 Course variant: house prices (3.16): runs `gluonlab run S4.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.4", *sys.argv[1:]]))
