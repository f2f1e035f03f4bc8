"""8.2 Asynchronous computation: runs `gluonlab run 8.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "8.2", *sys.argv[1:]]))
