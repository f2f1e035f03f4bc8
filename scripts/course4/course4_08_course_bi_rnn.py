"""S4.8 Course variant: bidirectional GRU (6.10): runs `gluonlab run S4.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S4.8", *sys.argv[1:]]))
