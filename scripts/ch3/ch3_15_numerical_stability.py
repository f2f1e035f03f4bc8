"""3.15 Numerical stability and initialization, as running checks: runs `gluonlab run 3.15` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.15", *sys.argv[1:]]))
