"""6.10 Bidirectional RNNs: runs `gluonlab run 6.10` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.10", *sys.argv[1:]]))
