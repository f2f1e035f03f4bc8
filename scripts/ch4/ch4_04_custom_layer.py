"""4.4 Custom layers: runs `gluonlab run 4.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.4", *sys.argv[1:]]))
