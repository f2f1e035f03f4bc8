"""9.9 Semantic segmentation and the data set: runs `gluonlab run 9.9` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.9", *sys.argv[1:]]))
