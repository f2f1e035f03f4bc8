"""10.7 Text sentiment classification: using RNNs: runs `gluonlab run 10.7` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "10.7", *sys.argv[1:]]))
