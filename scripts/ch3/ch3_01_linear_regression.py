"""3.1 Linear regression: vectorization and broadcasting: runs `gluonlab run 3.1` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "3.1", *sys.argv[1:]]))
