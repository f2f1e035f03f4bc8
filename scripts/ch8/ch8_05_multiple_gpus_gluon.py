"""8.5 Concise multi-GPU computation: runs `gluonlab run 8.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "8.5", *sys.argv[1:]]))
