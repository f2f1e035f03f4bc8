"""9.13 Kaggle: dog breed identification (ImageNet Dogs): runs `gluonlab run 9.13` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.13", *sys.argv[1:]]))
