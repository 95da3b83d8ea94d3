"""An interrupted `orientation analyze` resumes from its checkpoints and ends with the same result."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analyzer.corpus import read_corpus

ORIENTATION = [sys.executable, "-m", "analyzer.cli"]


@pytest.fixture(scope="module")
def dump(tmp_path_factory):
    """1,200 small text documents built from corpus segments (20 per document)."""
    root = tmp_path_factory.mktemp("dump")
    texts = [s.text for s in read_corpus()]
    for i in range(1200):
        start = (i * 20) % (len(texts) - 20)
        (root / f"page-{i:05d}.txt").write_text("\n".join(texts[start : start + 20]), encoding="utf-8")
    return root


def _analyze(dump: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [*ORIENTATION, "analyze", str(dump), "--out", str(out), "--quiet", "--checkpoint-every", "20", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_killed_run_resumes_to_the_identical_result(dump, tmp_path, monkeypatch):
    monkeypatch.undo()
    reference = tmp_path / "reference"
    assert _analyze(dump, reference).wait(timeout=600) == 0

    out = tmp_path / "interrupted"
    process = _analyze(dump, out)
    state = out / ".partial" / "state.json"
    deadline = time.time() + 300
    while time.time() < deadline:
        if state.exists() and json.loads(state.read_text())["documents_done"] >= 200:
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("no checkpoint was written")
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    done_at_kill = json.loads(state.read_text())["documents_done"]
    assert 200 <= done_at_kill < 1200
    assert not (out / "segments.parquet").exists()  # nothing that looks complete
    assert not (out / "profile.json").exists()

    resumed = _analyze(dump, out, "--resume")
    assert resumed.wait(timeout=600) == 0, resumed.stderr.read()
    assert not (out / ".partial").exists()
    left = pd.read_parquet(reference / "segments.parquet")
    right = pd.read_parquet(out / "segments.parquet")
    pd.testing.assert_frame_equal(left, right)
    assert json.loads((reference / "profile.json").read_text()) == json.loads((out / "profile.json").read_text())
    assert json.loads((reference / "ingest.json").read_text()) == json.loads((out / "ingest.json").read_text())


def test_resume_without_checkpoints_runs_from_scratch(dump, tmp_path, monkeypatch):
    monkeypatch.undo()
    small = tmp_path / "small"
    small.mkdir()
    for path in sorted(dump.iterdir())[:30]:
        (small / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert _analyze(small, tmp_path / "o", "--resume").wait(timeout=300) == 0
    assert len(pd.read_parquet(tmp_path / "o" / "segments.parquet")["doc_id"].unique()) == 30
