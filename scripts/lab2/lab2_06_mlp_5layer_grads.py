"""S2.6 Feed-forward lab: five-layer net for gradient experiments: runs `gluonlab run S2.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.6", *sys.argv[1:]]))
