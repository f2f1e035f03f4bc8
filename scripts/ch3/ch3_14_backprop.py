"""3.14 Forward/back propagation, checked against autograd: runs `gluonlab run 3.14` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.14", *sys.argv[1:]]))
