"""7.2 Gradient descent and stochastic gradient descent: runs `gluonlab run 7.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.2", *sys.argv[1:]]))
