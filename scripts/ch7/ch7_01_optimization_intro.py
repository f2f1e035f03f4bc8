"""7.1 Optimization and deep learning: runs `gluonlab run 7.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.1", *sys.argv[1:]]))
