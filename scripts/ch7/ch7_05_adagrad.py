"""7.5 AdaGrad: runs `gluonlab run 7.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.5", *sys.argv[1:]]))
