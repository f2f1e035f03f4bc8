"""3.13 Dropout, from scratch and with Gluon: runs `gluonlab run 3.13` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.13", *sys.argv[1:]]))
