"""3.12 Weight decay, from scratch and with `wd`: runs `gluonlab run 3.12` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.12", *sys.argv[1:]]))
