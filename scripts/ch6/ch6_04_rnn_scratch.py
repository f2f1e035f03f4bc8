"""6.4 RNN from scratch: runs `gluonlab run 6.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.4", *sys.argv[1:]]))
