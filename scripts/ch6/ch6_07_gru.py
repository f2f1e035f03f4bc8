"""6.7 Gated recurrent unit (GRU): runs `gluonlab run 6.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.7", *sys.argv[1:]]))
