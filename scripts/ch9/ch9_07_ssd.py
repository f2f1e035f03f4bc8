"""9.7 Single shot multibox detection (SSD): runs `gluonlab run 9.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.7", *sys.argv[1:]]))
