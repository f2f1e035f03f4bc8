"""2.2 Data manipulation (NDArray): runs `gluonlab run 2.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "2.2", *sys.argv[1:]]))
