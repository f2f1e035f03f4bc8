"""The command line's validation layer: every option checked against its real domain before any work.

- `Parser`: argparse with one-line errors (`gluonlab: error: ...; fix: ...`, exit status 2) instead of usage
  dumps, no abbreviations (`--epoch` is not silently --epochs), and an option given twice refused.
- `apply_domains(parser)`: gives every option of every verb a checking type, derived from the option's
  definition: its dest names a domain in DOMAINS (seeds, thread counts), else its type decides (an int counts
  something: 1 to 2^31 - 1; a float is finite and above 0; a text is not empty and has no NUL). So a new option
  is checked without a new line here.
- `check_paths(args)`: output folders can be created and written (a probe file is written and removed), a
  report's folder too, a hosts file exists and parses. Nothing is created.
Section options (a section's Config fields) are checked by gluonlab.config from the Config's own definition.
This module imports no mxnet: the thread count must be set before mxnet loads.
"""
import argparse
import difflib
import math
import os
import re

from . import outdir, threads
from .distributed.hosts import read_hosts
from .errors import ConfigError

SEED_MAX = 2 ** 32 - 1          # numpy and MXNet take seeds in [0, 2^32 - 1]
INT_MAX = 2 ** 31 - 1           # sizes and counts: MXNet's shapes and loops use 32-bit integers
SEEDS_MAX = 1000                # compare's runs per section: each is a whole training, and each gets its folders
FLOAT32_MAX = 3.4028234663852886e38     # MXNet computes in float32: larger magnitudes become inf
FLOAT32_TINY = 1.1754943508222875e-38   # float32's smallest normal magnitude: smaller ones flush toward 0


class _Flag:
    """A section option given without a value (`--lr` at the end of the line)."""

    def __repr__(self):
        return "FLAG"


FLAG = _Flag()

_SEP = "\x1f"        # between what went wrong and the fix inside an argparse message


class UsageError(ConfigError):
    """A command line argparse refused (unknown verb or option, a value missing or of the wrong kind)."""


def _int_domain(low, high, what=None):
    def convert(text, option):
        try:
            value = int(text.strip())
        except ValueError:
            raise _bad(option, f"expects an integer, got {text!r}", f"give {option} {what or _span(low, high)}")
        if not low <= value <= high:
            raise _bad(option, f"must be {_span(low, high)}, got {value}", f"give {option} {what or _span(low, high)}")
        return value
    return convert


def _span(low, high):
    return f"an integer from {low} to {high}"


def float32_problem(value):
    """'' when a finite float keeps its meaning in float32 (MXNet's type), else what is wrong with it."""
    if abs(value) > FLOAT32_MAX:
        return f"is beyond float32's range (MXNet computes in float32, whose largest magnitude is {FLOAT32_MAX:.7g})"
    if value and abs(value) < FLOAT32_TINY:
        return f"is too small for float32 (MXNet computes in float32: its smallest normal magnitude is " \
               f"{FLOAT32_TINY:.7g}; below that values lose precision or become 0)"
    return ""


def text_problem(text):
    """'' when a text value can be used (printed, written to JSON), else what is wrong with it."""
    if "\x00" in text:
        return f"got a NUL character in {text!r}"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return f"holds bytes that are not UTF-8 ({text.encode('utf-8', 'surrogateescape')!r:.60})"
    return ""


def _threads(text, option):
    try:
        value = int(text.strip())
    except ValueError:
        raise _bad(option, f"expects an integer, got {text!r}",
                   f"give {option} a number from 1 to {threads.max_threads()} (4 per CPU core here)")
    try:
        return threads.check(value, option)
    except ConfigError as e:
        raise argparse.ArgumentTypeError(e.message + _SEP + e.fix) from None


def _positive_float(text, option):
    try:
        value = float(text.strip())
    except ValueError:
        raise _bad(option, f"expects a number, got {text!r}", f"give {option} a number greater than 0")
    if not math.isfinite(value) or value <= 0:
        raise _bad(option, f"must be a finite number greater than 0, got {text.strip()}",
                   f"give {option} a number greater than 0")
    if float32_problem(value):
        raise _bad(option, f"{text.strip()} {float32_problem(value)}",
                   f"give {option} a number from {FLOAT32_TINY:.3g} to {FLOAT32_MAX:.3g}")
    return value


def _text(text, option):
    if not text.strip():
        raise _bad(option, "got an empty value", f"give {option} a value (see --help)")
    if text_problem(text):
        raise _bad(option, text_problem(text), f"give {option} a value in UTF-8 without NUL characters")
    return text


def _bad(option, what, fix):
    return argparse.ArgumentTypeError(f"{option} {what}{_SEP}{fix}")


# Domains by an option's dest; options not named here are checked by their type (_BY_TYPE).
DOMAINS = {
    "seed": _int_domain(0, SEED_MAX),
    "seeds": _int_domain(1, SEEDS_MAX),
    "threads": _threads,
    "book_threads": _threads,
}
_BY_TYPE = {int: _int_domain(1, INT_MAX), float: _positive_float}


class _Typed:
    """argparse type callable: the domain's converter with the option's spelling for its messages."""

    def __init__(self, convert, option):
        self.convert, self.option = convert, option
        self.__name__ = "value"

    def __call__(self, text):
        return self.convert(text, self.option)


def apply_domains(parser):
    """Give every option of `parser` and its sub-commands its checking type (see the module doc)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                apply_domains(sub)
            continue
        if not action.option_strings or action.nargs == 0 or isinstance(action.type, _Typed):
            continue
        option = max(action.option_strings, key=len)
        convert = DOMAINS.get(action.dest) or _BY_TYPE.get(action.type)
        if convert is None and action.type in (None, str) and action.choices is None:
            convert = _text
        if convert is not None:
            action.type = _Typed(convert, option)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, without breaking a line inside a word (Fashion-MNIST, a default's comma list)."""

    def _split_lines(self, text, width):
        import textwrap
        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False,
                             break_long_words=False)


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser whose errors are one line with a fix (UsageError), without abbreviations, and
    which refuses an option given twice."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("allow_abbrev", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        self._refuse_repeats(list(args) if args is not None else [])
        parsed, extra = super().parse_known_args(args, namespace)
        self._refuse_duplicates(parsed)
        return parsed, extra

    def _refuse_duplicates(self, parsed):
        """A list option (nargs + or *) that names a value twice is refused: it would run that one twice. (Section
        ids are checked by the verbs, which know that a slug and an id can name one section.)"""
        for action in self._actions:
            values = getattr(parsed, action.dest, None)
            if action.option_strings and action.nargs in ("+", "*") and isinstance(values, list):
                twice = sorted({str(v) for v in values if values.count(v) > 1})
                if twice:
                    name = max(action.option_strings, key=len)
                    raise UsageError(f"{name} names {', '.join(twice)} more than once", "name each once")

    def _refuse_repeats(self, args):
        seen = {}
        remainder = any(a.nargs == argparse.REMAINDER for a in self._actions if not a.option_strings)
        for token in args:
            if token == "--" or (remainder and not token.startswith("-")):
                break                              # what follows belongs to the command launch runs
            action = self._option_string_actions.get(token.partition("=")[0])
            if action is None or isinstance(action, (argparse._HelpAction, argparse._AppendAction)):
                continue
            if action.dest in seen:
                first = seen[action.dest]
                twice = f"{first} is given twice" if first == token.partition("=")[0] else \
                    f"{first} and {token.partition('=')[0]} are both given"
                raise UsageError(twice, "give each option once")
            seen[action.dest] = token.partition("=")[0]

    def error(self, message):
        raise UsageError(*self._one_line(message))

    def _one_line(self, message):
        """(what, fix) for an argparse message."""
        verb = self.prog.split()[1] if len(self.prog.split()) > 1 else None
        see = f"see `{self.prog} --help`"
        m = re.match(r"^argument (?P<opt>[^:]+): (?P<msg>.*)$", message, re.S)
        if m:
            opt, msg = m["opt"], m["msg"]
            if _SEP in msg:
                what, fix = msg.split(_SEP, 1)
                return what, fix
            choice = re.match(r"invalid choice: (?P<got>.*) \(choose from (?P<valid>.*)\)$", msg, re.S)
            if choice:
                valid = [v.strip().strip("'") for v in choice["valid"].split(",")]
                got = choice["got"].strip("'")
                close = difflib.get_close_matches(got, valid, n=1)
                hint = f"did you mean {close[0]}? " if close else ""
                if opt in ("verb",):
                    return f"unknown command {choice['got']}", f"{hint}commands: {', '.join(valid)}"
                return f"{opt} has no choice {choice['got']}", f"{hint}choose from {', '.join(valid)}"
            if msg.startswith("expected"):
                return f"{opt} needs a value", f"give one after it ({see})"
            if msg.startswith("invalid"):
                kind = re.match(r"invalid (\w+) value: (.*)$", msg)
                if kind:
                    return f"{opt} expects a value of type {kind[1]}, got {kind[2]}", see
            if "not allowed with argument" in msg:
                return f"{opt} {msg}", "give only one of them"
            return f"{opt}: {msg}", see
        if message.startswith("the following arguments are required: "):
            missing = message.split(": ", 1)[1]
            if verb == "run" or "ID" in missing:
                return f"no section given ({missing} is required)", \
                    "name one, e.g. `gluonlab run 3.7`; `gluonlab list` shows every id"
            return f"{missing} is required", see
        if message.startswith("unrecognized arguments: "):
            return f"unknown argument(s) {message.split(': ', 1)[1]}", see
        return message, see


def probe_out(path, option="--out"):
    """The output folder `path` can be created and written (OutputError if not); nothing is made."""
    if not str(path).strip():
        raise ConfigError(f"{option} is empty", f"give {option} a folder, e.g. {option} runs")
    return outdir.probe(path, option)


def check_paths(args):
    """The paths among a verb's options: output folders (--out), a report file's folder (--json), the hosts
    file (--hosts). Called before the verb does any work."""
    if getattr(args, "out", None) is not None:
        probe_out(args.out)
    if getattr(args, "json", None) and isinstance(args.json, str):
        probe_out(os.path.dirname(os.path.abspath(args.json)), "--json")
        if os.path.isdir(args.json):
            raise ConfigError(f"--json {args.json} is a folder", "give --json a file name, e.g. runs/bench.json")
    if getattr(args, "hosts", None):
        args.host_list = read_hosts(args.hosts)
