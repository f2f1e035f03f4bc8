"""Child process of reference.notebooks: run one notebook's cells, write result.json beside the job file.

The record: {section, side, mode, cells: [{index, output, error, seconds}], failed_cell (index or None),
error ('Type: message' or None), cells_s (seconds spent in the book's cells, the environment set-up excluded)}.
"""
import ast
import contextlib
import io
import json
import os
import sys
import time
import traceback
import types
from pathlib import Path

from ..records import write_json


class _Tee(io.TextIOBase):
    """Writes to a buffer and to the real stream, so a long cell shows its progress."""

    def __init__(self, stream):
        self.stream, self.buffer_ = stream, io.StringIO()

    def write(self, s):
        self.buffer_.write(s)
        self.stream.write(s)
        return len(s)

    def flush(self):
        self.stream.flush()


def _python(cell):
    """A cell as plain Python: IPython magics (a line starting with % or ! in column 0) are not Python and are
    skipped; an indented line starting with % continues an expression (`print('...' % (...))`) and stays."""
    return "\n".join("" if line.startswith(("%", "!")) else line for line in cell.split("\n"))


def _exec_cell(source, namespace):
    """exec the cell; print its last expression's value when it is not None, as a notebook shows it."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)
        if value is not None:
            print(repr(value))


def _prelude(job, workdir):
    return (f"import os, random\nos.chdir({str(workdir)!r})\n"
            f"from gluonlab.reference import book_env\n"
            f"book_env.prepare({job['side']!r}, {job['ipython_shim']!r}, {job.get('limit')!r})\n"
            + (f"import mxnet as _mx, numpy as _np\n_mx.random.seed({job['seed']}); _np.random.seed({job['seed']}); "
               f"random.seed({job['seed']})\n" if job.get("seed") is not None else ""))


def _workdir(job):
    from . import book_env
    return book_env.workdir(job["root"], job["section"].split(".")[0])


def _main_module():
    """A fresh module put in place as __main__, as a notebook's kernel has its cells' namespace: pickle finds
    what the cells define (10.3's DataLoader sends its batchify function to its worker processes by name)."""
    module = types.ModuleType("__main__")
    sys.modules["__main__"] = module
    return module.__dict__


def run_headless(job):
    namespace = _main_module()
    exec(_prelude(job, _workdir(job)), namespace)
    cells = []
    for i, cell in enumerate(job["cells"]):
        tee = _Tee(sys.stdout)
        start, error = time.perf_counter(), None
        with contextlib.redirect_stdout(tee):
            try:
                _exec_cell(_python(cell), namespace)
            except BaseException as err:                # noqa: B902  (a cell may raise anything, SystemExit too)
                error = f"{type(err).__name__}: {err}".strip()[:500]
                traceback.print_exc(file=sys.stderr)
        cells.append({"index": i, "output": tee.buffer_.getvalue(), "error": error,
                      "seconds": time.perf_counter() - start})
        if error:
            break
    return cells


def run_jupyter(job):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    nb = nbformat.v4.new_notebook()
    workdir = _workdir(job)
    nb.cells = [nbformat.v4.new_code_cell(_prelude(job, workdir))] + [nbformat.v4.new_code_cell(c) for c in job["cells"]]
    client = NotebookClient(nb, timeout=None, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(workdir)}})
    cells = []
    with client.setup_kernel():
        client.execute_cell(nb.cells[0], 0)
        for i, cell in enumerate(nb.cells[1:]):
            start, error = time.perf_counter(), None
            try:
                client.execute_cell(cell, i + 1)
            except CellExecutionError as err:
                error = f"{err.ename}: {err.evalue}"[:500]
            output = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            output += "".join(o["data"].get("text/plain", "") + "\n" for o in cell.outputs
                              if o.output_type == "execute_result")
            cells.append({"index": i, "output": output, "error": error, "seconds": time.perf_counter() - start,
                          "images": sorted({k for o in cell.outputs if o.output_type == "display_data"
                                            for k in o["data"] if k.startswith("image/")})})
            if error:
                break
    return cells


def main(job_file):
    job = json.loads(Path(job_file).read_text())
    cells = (run_headless if job["mode"] == "headless" else run_jupyter)(job)
    failed = next((c for c in cells if c["error"]), None)
    write_json(Path(job_file).with_name("result.json"), {
        "section": job["section"], "side": job["side"], "mode": job["mode"], "cells": cells,
        "failed_cell": failed and failed["index"], "error": failed and failed["error"],
        "cells_s": sum(c["seconds"] for c in cells)})
    return 0


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    sys.exit(main(sys.argv[1]))
