"""3.2 Linear regression from scratch: runs `gluonlab run 3.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.2", *sys.argv[1:]]))
