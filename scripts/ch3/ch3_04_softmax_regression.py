"""3.4 Softmax regression (theory) as executable checks: runs `gluonlab run 3.4` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.4", *sys.argv[1:]]))
