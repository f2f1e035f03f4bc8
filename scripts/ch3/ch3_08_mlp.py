"""3.8 Multilayer perceptron: activation functions and their gradients: runs `gluonlab run 3.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.8", *sys.argv[1:]]))
