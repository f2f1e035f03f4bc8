"""8.4 Multi-GPU computation: runs `gluonlab run 8.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "8.4", *sys.argv[1:]]))
