"""9.4 Anchor boxes: runs `gluonlab run 9.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.4", *sys.argv[1:]]))
