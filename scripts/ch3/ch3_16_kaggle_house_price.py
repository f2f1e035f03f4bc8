"""3.16 Kaggle house prices: runs `gluonlab run 3.16` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.16", *sys.argv[1:]]))
