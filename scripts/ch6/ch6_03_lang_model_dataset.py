"""6.3 Language-model data set (Jay Chou lyrics): runs `gluonlab run 6.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "6.3", *sys.argv[1:]]))
