"""What one `gluonlab launch` worker does: `python -m gluonlab.distributed.worker run ID ... [options]`.

The launcher sets DMLC_ROLE=worker, DMLC_PS_ROOT_URI/PORT, DMLC_NUM_SERVER/WORKER and GLUONLAB_KVSTORE. The
worker joins the kvstore (which gives its rank), runs the sections like `gluonlab run` with its own record under
OUT/workers/rank<R>/<id>/, waits for every worker at a kvstore barrier, and worker 0 writes the merged record
OUT/<id>/metrics.json (OUT must be one shared folder when the workers run on several hosts).
"""
import json
import os
import statistics
import sys
from pathlib import Path

from .. import cli, records
from ..errors import GluonlabError
from ..train import parallel

_AVERAGED = ("loss", "train_acc", "test_acc", "train_rmse", "valid_rmse", "perplexity")


def merge_records(recs, kvstore, num_servers):
    """One record from the workers' records (rank order): metrics averaged, wall time the slowest worker's."""
    merged = json.loads(json.dumps(recs[0]))
    for i, entry in enumerate(merged["epochs"]):
        for key in _AVERAGED:
            values = [r["epochs"][i].get(key) for r in recs]
            if all(isinstance(v, (int, float)) for v in values):
                entry[key] = statistics.fmean(values)
        entry["wall_s"] = max(r["epochs"][i].get("wall_s", 0.0) for r in recs)
    for key in _AVERAGED:
        values = [r["final"].get(key) for r in recs]
        if all(isinstance(v, (int, float)) for v in values):
            merged["final"][key] = statistics.fmean(values)
    merged["final"].update(kvstore=kvstore, num_workers=len(recs), num_servers=num_servers,
                           per_worker=[r["final"] for r in recs])
    merged["ctx"] = [f"worker{rank}/{c}" for rank, r in enumerate(recs) for c in r["ctx"]]
    merged["wall_s"] = max(r["wall_s"] for r in recs)
    return merged


def _write_merged(out, ids, num_workers, kvstore):
    for sid in ids:
        recs = [json.loads((out / "workers" / f"rank{r}" / sid / "metrics.json").read_text())
                for r in range(num_workers)]
        merged = merge_records(recs, kvstore, int(os.environ.get("DMLC_NUM_SERVER", "1")))
        log = (out / "workers" / "rank0" / sid / "log.txt").read_text()
        records.write_run(out / sid, merged, log.splitlines(), {})
        print(f"[{sid}] merged record of {num_workers} workers: {out / sid / 'metrics.json'}", flush=True)


def _without_out(argv):
    """`argv` without its --out option (the worker gives its own; an option given twice is refused)."""
    kept, skip = [], False
    for token in argv:
        if skip:
            skip = False
        elif token == "--out":
            skip = True
        elif not token.startswith("--out="):
            kept.append(token)
    return kept


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    args, _ = cli.build_parser().parse_known_args(argv)
    if args.verb != "run":
        print("gluonlab worker: expected `run ID ... [options]`", file=sys.stderr)
        return 2
    if not parallel.is_distributed():
        print(f"gluonlab worker: {parallel.ENV} must name a dist kvstore (set by `gluonlab launch`)",
              file=sys.stderr)
        return 2
    kv = parallel.kvstore()
    rank, size = kv.rank, kv.num_workers
    out = Path(args.out)
    code = cli.main([*_without_out(argv), "--out", str(out / "workers" / f"rank{rank}")])
    if code:
        return code      # no barrier: the launcher sees this exit and stops everyone
    kv._barrier()        # every worker's record is written
    if rank == 0:
        try:
            ids = [cli.registry.get(key).id for key in args.ids]
            _write_merged(out, ids, size, parallel.kvstore_type())
        except (OSError, GluonlabError) as e:
            print(f"gluonlab worker: cannot merge the records: {e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
