"""3.10 Concise MLP: runs `gluonlab run 3.10` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.10", *sys.argv[1:]]))
