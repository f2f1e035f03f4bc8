"""8.3 Automatic parallelism: runs `gluonlab run 8.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "8.3", *sys.argv[1:]]))
