"""Several machines on MXNet's own kvstore: `gluonlab launch` (launch.py) starts the ps-lite scheduler, servers
and workers; each worker (worker.py) runs sections with kvstore dist_sync/dist_async on its shard of the data."""
