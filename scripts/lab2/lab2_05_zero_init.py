"""S2.5 Feed-forward lab: zero initialization and symmetry: runs `gluonlab run S2.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.5", *sys.argv[1:]]))
