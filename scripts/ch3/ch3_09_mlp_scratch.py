"""3.9 MLP from scratch: runs `gluonlab run 3.9` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.9", *sys.argv[1:]]))
