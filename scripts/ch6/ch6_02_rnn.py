"""6.2 Recurrent neural networks: runs `gluonlab run 6.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.2", *sys.argv[1:]]))
