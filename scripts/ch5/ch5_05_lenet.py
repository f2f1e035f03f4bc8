"""5.5 Convolutional neural networks (LeNet): runs `gluonlab run 5.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.5", *sys.argv[1:]]))
