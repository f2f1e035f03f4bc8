"""S2.4 Feed-forward lab: three-layer MLP: runs `gluonlab run S2.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "S2.4", *sys.argv[1:]]))
