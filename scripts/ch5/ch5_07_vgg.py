"""5.7 Networks using blocks (VGG): runs `gluonlab run 5.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.7", *sys.argv[1:]]))
