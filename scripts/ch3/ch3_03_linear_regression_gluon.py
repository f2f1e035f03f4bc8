"""3.3 Concise linear regression: runs `gluonlab run 3.3` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.3", *sys.argv[1:]]))
