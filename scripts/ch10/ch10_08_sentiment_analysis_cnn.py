"""10.8 Text sentiment classification: using CNNs (textCNN): runs `gluonlab run 10.8` with any extra options."""
import sys

from gluonlab import cli

sys.exit(cli.main(["run", "10.8", *sys.argv[1:]]))
