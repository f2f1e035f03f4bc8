"""6.9 Deep RNNs: runs `gluonlab run 6.9` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.9", *sys.argv[1:]]))
