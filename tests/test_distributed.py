"""Dask scale-out: a LocalCluster of two workers gives exactly the single-process result."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import analyzer
from analyzer.aggregate import segment_table
from analyzer.distributed import analyze_distributed, make_shards

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_shards_follow_sites_and_files():
    shards = make_shards([EXAMPLES / "sites", EXAMPLES / "pdf" / "brakenhoff-leitbild.pdf"])
    assert [Path(s[0]).name for s in shards] == [
        "brakenhoff-heizung.example", "thermaplan-nordheide.example", "waermedirekt.example", "brakenhoff-leitbild.pdf",
    ]  # fmt: skip


def test_local_cluster_of_two_workers_equals_single_process(nlp, monkeypatch):
    monkeypatch.undo()  # the cluster talks over local sockets
    sources = [EXAMPLES / "sites", EXAMPLES / "jobs"]
    result = analyze_distributed(sources, n_workers=2)
    expected = []
    for shard in make_shards(sources):
        ingestion = analyzer.ingest(*shard)
        expected.append(segment_table([(d.text, d.meta) for d in ingestion], nlp))
    pd.testing.assert_frame_equal(result.segments, pd.concat(expected, ignore_index=True))
    assert len(result.reports) == len(result.shards) == 4
    assert all(r["complete"] for r in result.reports)
    # profile and compare accept the result directly
    profiles = {site: analyzer.profile(table) for site, table in result.segments.groupby("site")}
    assert set(analyzer.compare(profiles)["name"]) >= {"waermedirekt.example", "thermaplan-nordheide.example"}
    single = analyzer.profile(pd.concat(expected, ignore_index=True))
    assert analyzer.profile(result.segments).to_dict() == single.to_dict()
