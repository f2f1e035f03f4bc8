"""5.12 Densely connected networks (DenseNet): runs `gluonlab run 5.12` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.12", *sys.argv[1:]]))
