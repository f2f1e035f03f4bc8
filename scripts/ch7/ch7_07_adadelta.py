"""7.7 AdaDelta: runs `gluonlab run 7.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "7.7", *sys.argv[1:]]))
