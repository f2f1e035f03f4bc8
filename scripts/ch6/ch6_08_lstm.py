"""6.8 Long short-term memory (LSTM): runs `gluonlab run 6.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.8", *sys.argv[1:]]))
