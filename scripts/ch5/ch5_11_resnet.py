"""5.11 Residual networks (ResNet): runs `gluonlab run 5.11` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "5.11", *sys.argv[1:]]))
