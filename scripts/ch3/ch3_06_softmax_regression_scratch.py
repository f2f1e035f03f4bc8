"""3.6 Softmax regression from scratch: runs `gluonlab run 3.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.6", *sys.argv[1:]]))
