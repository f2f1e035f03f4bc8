"""gluonlab: the MXNet edition of Dive into Deep Learning (d2l-zh v1), reproduced with Gluon and tested."""
__version__ = "0.1.0"
