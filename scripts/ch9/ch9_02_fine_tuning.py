"""9.2 Fine-tuning: runs `gluonlab run 9.2` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "9.2", *sys.argv[1:]]))
