"""Scale-out on a Dask cluster: ingestion and classification of many sites or a large file list.

Work is split into shards — one per site of a mirrored dump, one per other file (a WARC, a CSV, a
PDF) — because site-level boilerplate removal needs all pages of a site together. Each shard is one
task; each worker process loads the pipeline once and keeps it for all its tasks. The result is the
same segment table a single process produces shard by shard, so ``analyzer.profile`` and
``analyzer.compare`` take it directly::

    from dask.distributed import Client
    import analyzer
    from analyzer.distributed import analyze_distributed

    client = Client("tcp://scheduler.example:8786")   # a running cluster; or None for a local one
    result = analyze_distributed(["/data/mirror"], client=client)
    profiles = {site: analyzer.profile(table) for site, table in result.segments.groupby("site")}
    analyzer.compare(profiles)

Workers need orientation-analyzer installed (the same version); sources must be paths every worker
can read (a shared file system or object-store mount).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .aggregate import segment_table, segments_from_docs
from .ingest import ingest


@dataclass
class DistributedResult:
    """The segment table of all shards (shard order) and one ingest report per shard."""

    segments: pd.DataFrame
    reports: list[dict[str, Any]] = field(default_factory=list)
    shards: list[list[str]] = field(default_factory=list)


def make_shards(sources: Sequence[str | Path]) -> list[list[str]]:
    """Split sources into tasks: each site folder of a mirror, or each file, is one shard.

    A directory whose sub-directories look like host names (``www.a.example/``, as wget and
    HTTrack lay out several sites) gives one shard per host; any other directory is one shard.
    """
    shards: list[list[str]] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            hosts = sorted(p for p in path.iterdir() if p.is_dir() and "." in p.name and not p.name.startswith("."))
            if hosts:
                shards.extend([str(h)] for h in hosts)
                loose = sorted(p for p in path.iterdir() if p.is_file())
                shards.extend([str(f)] for f in loose)
            else:
                shards.append([str(path)])
        else:
            shards.append([str(path)])
    return shards


@functools.lru_cache(maxsize=2)
def _worker_pipeline(model: str | None):
    """One pipeline per worker process, loaded on its first task and reused."""
    from .pipeline import load

    return load(model=model) if model else load()


def process_shard(paths: Sequence[str], model: str | None = None, ingest_options: dict[str, Any] | None = None):
    """Ingest and classify one shard; returns (segment table, ingest report). Runs on a worker."""
    nlp = _worker_pipeline(model)
    ingestion = ingest(*paths, **(ingest_options or {}))
    table = segment_table([(d.text, d.meta) for d in ingestion], nlp)  # empty shard: an empty table
    return table, ingestion.report


def analyze_distributed(
    sources: Sequence[str | Path],
    *,
    client: Any = None,
    n_workers: int = 2,
    model: str | Path | None = None,
    ingest_options: dict[str, Any] | None = None,
) -> DistributedResult:
    """Run ingestion + classification of ``sources`` on a Dask cluster.

    Parameters
    ----------
    sources : paths
        Folders (mirrored sites), WARC/CSV/JSONL files, documents.
    client : dask.distributed.Client, optional
        A client of an existing cluster. Without one, a ``LocalCluster`` of ``n_workers`` processes
        (one thread each) is started for this call and shut down afterwards.
    model : path, optional
        Trained pipeline directory (default: the shipped one); must exist on every worker.
    """
    from dask.distributed import Client, LocalCluster

    shards = make_shards(sources)
    own = None
    if client is None:
        own = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(own)
    try:
        futures = [
            client.submit(process_shard, shard, str(model) if model else None, ingest_options, pure=False)
            for shard in shards
        ]
        results = client.gather(futures)
    finally:
        if own is not None:
            client.close()
            own.close()
    tables = [table for table, _ in results if not table.empty]
    segments = pd.concat(tables, ignore_index=True) if tables else segments_from_docs([])
    return DistributedResult(segments=segments, reports=[report for _, report in results], shards=shards)
