"""10.3 Implementation of word2vec: runs `gluonlab run 10.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "10.3", *sys.argv[1:]]))
