"""5.6 Deep convolutional neural networks (AlexNet): runs `gluonlab run 5.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.6", *sys.argv[1:]]))
