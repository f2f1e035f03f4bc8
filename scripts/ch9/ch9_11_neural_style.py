"""9.11 Neural style transfer: runs `gluonlab run 9.11` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.11", *sys.argv[1:]]))
