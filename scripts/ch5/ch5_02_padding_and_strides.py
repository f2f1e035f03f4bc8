"""5.2 Padding and stride: runs `gluonlab run 5.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.2", *sys.argv[1:]]))
