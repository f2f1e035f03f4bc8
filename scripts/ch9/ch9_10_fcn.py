"""9.10 Fully convolutional networks (FCN): runs `gluonlab run 9.10` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.10", *sys.argv[1:]]))
