"""5.4 Pooling: runs `gluonlab run 5.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.4", *sys.argv[1:]]))
