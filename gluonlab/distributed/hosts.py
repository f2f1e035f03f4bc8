"""The --hosts file of `gluonlab launch`: one ssh-reachable host a line, read and checked before any work.

Its own module so that the command line's checks (gluonlab.validate) can read it without importing the launcher,
which imports the command line.
"""
import re

from ..errors import GluonlabError

_HOST = re.compile(r"^(?:[A-Za-z0-9_.-]+@)?[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$|^\[?[0-9A-Fa-f:.]+\]?$")


def read_hosts(path):
    """Host names from a file, one a line; blank lines and # comments ignored. A file that cannot be read or
    holds something that is not a host name ([user@]name or an address) is a GluonlabError naming the line."""
    fix = "pass --hosts a text file with one ssh-reachable host name per line"
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise GluonlabError(f"--hosts {path}: cannot read it ({e.strerror})", fix) from None
    except UnicodeDecodeError:
        raise GluonlabError(f"--hosts {path} is not a text file", fix) from None
    hosts = []
    for number, line in enumerate(lines, 1):
        host = line.split("#")[0].strip()
        if host and not _HOST.match(host):
            raise GluonlabError(f"--hosts {path}, line {number}: {host[:60]!r} is not a host name", fix)
        if host:
            hosts.append(host)
    if not hosts:
        raise GluonlabError(f"no hosts in {path}", "list one ssh-reachable host name per line")
    return hosts
