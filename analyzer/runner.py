"""The main job: from sources to a results directory, resumable after an interruption.

``run_analysis`` ingests, segments, classifies and profiles a company's sources and writes
``segments.parquet``, ``segments.csv``, ``profile.json``, ``ingest.json`` and ``report.html``.

Classified segments are written incrementally to ``OUT/.partial/`` in checkpoints of
``checkpoint_every`` documents; ``state.json`` records how many documents are done. If the run is
interrupted (Ctrl-C, killed), ``run_analysis(..., resume=True)`` re-reads the sources (ingestion is
deterministic), skips the documents already classified and continues. Every run — interrupted or
not — builds its result from the same checkpoint files, so a resumed run ends with exactly the result
of an uninterrupted one. Every output file is written to a temporary name and renamed, so a killed run
never leaves a half-written file that looks complete.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic, write_json
from .aggregate import profile_from_frame, segment_table, segments_from_docs
from .ingest import ingest
from .report import CompanyResult, write_report

PARTIAL_DIR = ".partial"
STATE_FILE = "state.json"
DEFAULT_CHECKPOINT_EVERY = 500


def model_info(nlp: Any) -> dict[str, Any]:
    """Version, architecture and measured test figures of the pipeline's classifier."""
    from . import __version__

    meta = dict(nlp.get_pipe("orientation_classifier").meta)
    return {
        "version": __version__,
        **{k: meta[k] for k in ("architecture", "provisional", "test", "sha256") if k in meta},
    }


def _fingerprint(paths: Sequence[Path], nlp: Any, options: dict[str, Any]) -> str:
    """Identifies a job: same sources, model and options → checkpoints may be reused."""
    key = {
        "paths": [str(Path(p).resolve()) if str(p) != "-" else "-" for p in paths],
        "model": model_info(nlp).get("sha256"),
        "options": options,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def _read_chunk(path: Path) -> pd.DataFrame:
    frame = pd.read_parquet(path)
    frame["labels"] = frame["labels"].map(lambda v: tuple(v) if v is not None else ())
    return frame


def run_analysis(
    name: str,
    paths: Sequence[str | Path],
    out: str | Path,
    nlp: Any,
    *,
    lang: str = "de",
    resume: bool = False,
    checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
    on_document_read: Callable[[], None] | None = None,
    on_segments_classified: Callable[[int], None] | None = None,
    ingest_options: dict[str, Any] | None = None,
) -> tuple[CompanyResult | None, dict[str, Any]]:
    """Analyse ``paths`` into the directory ``out``; return the company result (None when nothing
    analysable was found) and the ingest report."""
    out = Path(out)
    paths = [Path(p) if str(p) != "-" else "-" for p in paths]
    if resume and "-" in paths:
        raise ValueError("--resume cannot re-read standard input; save it to a file first")
    options = dict(ingest_options or {})
    partial = out / PARTIAL_DIR
    fingerprint = _fingerprint(paths, nlp, {**options, "checkpoint_every": checkpoint_every})
    state = {"fingerprint": fingerprint, "documents_done": 0, "chunks": []}
    state_path = partial / STATE_FILE
    if resume and state_path.exists():
        saved = json.loads(state_path.read_text(encoding="utf-8"))
        if saved.get("fingerprint") == fingerprint:
            state = saved
    else:
        shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True, exist_ok=True)

    ingestion = ingest(*paths, **options)
    pending: list = []

    def flush() -> None:
        if not pending:
            return
        table = segment_table([(d.text, d.meta) for d in pending], nlp, progress=on_segments_classified)
        chunk = partial / f"chunk-{len(state['chunks']):06d}.parquet"
        flat = table.assign(labels=table["labels"].map(list))
        write_atomic(chunk, lambda tmp: flat.to_parquet(tmp, index=False))
        state["chunks"].append(chunk.name)
        state["documents_done"] += len(pending)
        write_json(state_path, state)  # after the chunk: a crash in between redoes the chunk
        pending.clear()

    for index, document in enumerate(ingestion):
        if on_document_read is not None:
            on_document_read()
        if index < state["documents_done"]:
            continue
        pending.append(document)
        if len(pending) >= checkpoint_every:
            flush()
    flush()
    report = ingestion.report
    if state["documents_done"] == 0:
        return None, report
    frames = [_read_chunk(partial / chunk) for chunk in state["chunks"]]
    frames = [f for f in frames if not f.empty]
    table = pd.concat(frames, ignore_index=True) if frames else segments_from_docs([])
    prof = profile_from_frame(table)
    out.mkdir(parents=True, exist_ok=True)
    flat = prof.to_frame().assign(labels=lambda f: f["labels"].map(" ".join))
    write_atomic(out / "segments.parquet", lambda tmp: flat.to_parquet(tmp, index=False))
    write_atomic(out / "segments.csv", lambda tmp: flat.to_csv(tmp, index=False, quoting=csv.QUOTE_MINIMAL))
    result = {"name": name, **prof.to_dict(), "summary_de": prof.summary("de"), "summary_en": prof.summary("en")}
    write_json(out / "profile.json", result)
    write_json(out / "ingest.json", report)
    company = CompanyResult(name, prof, report)
    write_report(out / "report.html", [company], lang=lang, model_info=model_info(nlp))
    shutil.rmtree(partial, ignore_errors=True)
    return company, report
