"""S4.7 Course variant: deep LSTM (6.9): runs `gluonlab run S4.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.7", *sys.argv[1:]]))
