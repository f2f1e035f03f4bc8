"""10.6 Finding synonyms and analogies: runs `gluonlab run 10.6` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "10.6", *sys.argv[1:]]))
