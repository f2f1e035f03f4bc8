"""7.3 Minibatch stochastic gradient descent: runs `gluonlab run 7.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.3", *sys.argv[1:]]))
