"""4.2 Parameter access, initialization and sharing: runs `gluonlab run 4.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.2", *sys.argv[1:]]))
