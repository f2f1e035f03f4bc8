"""5.10 Batch normalization: runs `gluonlab run 5.10` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.10", *sys.argv[1:]]))
