"""5.3 Multiple input and output channels: runs `gluonlab run 5.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.3", *sys.argv[1:]]))
