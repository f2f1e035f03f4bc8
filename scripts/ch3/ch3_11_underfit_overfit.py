"""3.11 Underfitting and overfitting: polynomial fitting: runs `gluonlab run 3.11` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.11", *sys.argv[1:]]))
