"""9.12 Kaggle: image classification (CIFAR-10): runs `gluonlab run 9.12` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.12", *sys.argv[1:]]))
