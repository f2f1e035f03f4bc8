"""S2.1 Feed-forward lab: Moon1000 data: runs `gluonlab run S2.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.1", *sys.argv[1:]]))
