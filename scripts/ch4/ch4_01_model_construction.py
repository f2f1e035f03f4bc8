"""4.1 Model construction: runs `gluonlab run 4.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "4.1", *sys.argv[1:]]))
