"""S4.6 Course variant: LSTM with Adam (6.8): runs `gluonlab run S4.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.6", *sys.argv[1:]]))
