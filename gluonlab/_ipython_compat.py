"""IPython 8+: give IPython.display back the `set_matplotlib_formats` that IPython 8 removed.

The book's own cells call it (3.2 defines `use_svg_display` as `display.set_matplotlib_formats('svg')`, as
d2lzh.use_svg_display does), so on today's IPython they stop with an AttributeError. matplotlib_inline, which
IPython's inline backend comes from, holds the function now. Importing gluonlab.d2l runs restore(), in the way
gluonlab/_numpy_compat.py restores numpy.bool for MXNet: the name is added only where IPython lacks it, and it
forwards to matplotlib_inline. Without IPython installed there is nothing to restore.
"""


def set_matplotlib_formats(*formats, **kwargs):
    """IPython 7's IPython.display.set_matplotlib_formats, served by matplotlib_inline."""
    from matplotlib_inline.backend_inline import set_matplotlib_formats as forward
    return forward(*formats, **kwargs)


def restore(display=None):
    """Add set_matplotlib_formats to IPython.display (or `display`) where it is missing; return whether it was."""
    if display is None:
        try:
            import IPython.display as display
        except ImportError:
            return False
    if hasattr(display, "set_matplotlib_formats"):
        return False
    display.set_matplotlib_formats = set_matplotlib_formats
    return True
