"""No silent writes: sections that save, export and checkpoint write only under --out (temp folders are removed)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ["3.10", "3.16", "4.5", "8.1", "S2.2"]   # checkpoints, submission.csv, save/load, export, save_model


def snapshot(folder, skip=(".venv", ".git", "__pycache__", ".pytest_cache")):
    """{relative path: (size, mtime_ns)} of every file under folder."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in skip]
        for name in filenames:
            path = Path(dirpath) / name
            st = path.stat()
            out[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return out


def test_runs_write_only_under_out(tmp_path):
    dirs = {k: tmp_path / k for k in ("cwd", "home", "tmp", "out", "mpl")}
    for d in dirs.values():
        d.mkdir()
    from gluonlab.data import cache
    cache.load_tensors(True), cache.load_tensors(False)     # the documented dataset cache exists before we look
    repo_before = snapshot(ROOT)
    env = {**os.environ, "HOME": str(dirs["home"]), "TMPDIR": str(dirs["tmp"]), "PYTHONPATH": str(ROOT),
           "MPLCONFIGDIR": str(dirs["mpl"]),          # matplotlib's own font cache, not ours
           "PYTHONDONTWRITEBYTECODE": "1", "GLUONLAB_PROGRESS": "0"}
    res = subprocess.run([sys.executable, "-m", "gluonlab", "run", *SECTIONS, "--quick", "--threads", "1",
                          "--out", str(dirs["out"])], cwd=dirs["cwd"], env=env, capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stderr
    for name in ("cwd", "home", "tmp"):
        assert not any(dirs[name].iterdir()), f"{name} got {sorted(os.listdir(dirs[name]))}"
    assert sorted(os.listdir(dirs["out"])) == sorted(SECTIONS)
    assert (dirs["out"] / "3.16" / "submission.csv").is_file()
    assert (dirs["out"] / "3.10" / "checkpoints" / "fit0.json").is_file()
    assert snapshot(ROOT) == repo_before, "nothing in the repository (data/ included) changed"
