"""3.7 Concise softmax regression: runs `gluonlab run 3.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.7", *sys.argv[1:]]))
