"""5.9 Networks with parallel concatenations (GoogLeNet): runs `gluonlab run 5.9` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.9", *sys.argv[1:]]))
