"""4.5 File I/O (save and load): runs `gluonlab run 4.5` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.5", *sys.argv[1:]]))
