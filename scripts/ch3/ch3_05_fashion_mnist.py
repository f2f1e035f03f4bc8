"""3.5 The Fashion-MNIST data set: runs `gluonlab run 3.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.5", *sys.argv[1:]]))
