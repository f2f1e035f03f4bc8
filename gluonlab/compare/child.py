"""A compare worker process: `python -m gluonlab.compare.child` runs the jobs its parent sends, one at a time.

Each stdin line is {"job": a jobs.Job's fields, "result": path}; the worker runs the job, writes {"record": ...,
"lines": [printed lines]} to the path atomically, then answers "done" on its stdout; when the machine refuses the
run's files (an OutputError: a full disk, a folder another run holds) it answers "fatal [message, fix]" instead.
Anything else that writes to stdout (a library's print) goes to stderr instead, so the answers stay clean. End of
input ends the worker, and so does its parent's end (children.child_setup). A worker that dies leaves no answer:
the parent reports its exit status and stderr for that job.
"""
import json
import os
import sys

from .. import children, records
from ..errors import OutputError
from .jobs import Job, run_here


def main():
    children.child_setup()
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())        # stray output (Python or C) goes to stderr
    for line in sys.stdin:
        ask = json.loads(line)
        lines = []
        try:
            record = run_here(Job(**ask["job"]), echo=lines.append)
            records.write_json(ask["result"], {"record": record, "lines": lines})
            answers.write("done\n")
        except OutputError as e:
            answers.write("fatal " + json.dumps([e.message, e.fix]) + "\n")
        answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
