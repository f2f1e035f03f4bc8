"""8.1 Hybrid programming: runs `gluonlab run 8.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "8.1", *sys.argv[1:]]))
