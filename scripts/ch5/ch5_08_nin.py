"""5.8 Network in network (NiN): runs `gluonlab run 5.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.8", *sys.argv[1:]]))
