"""10.12 Machine translation: runs `gluonlab run 10.12` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "10.12", *sys.argv[1:]]))
