"""6.5 Concise RNN (Gluon): runs `gluonlab run 6.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.5", *sys.argv[1:]]))
