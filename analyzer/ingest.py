"""Ingestion: turn files and directories into documents with text and metadata.

``ingest(*sources)`` yields ``Document`` objects; its ``report`` counts what was read and what was
skipped (by reason) and is complete once iteration has finished. Bad input never stops the run:
each unreadable file is skipped with a warning naming the file and the reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}


@dataclass
class Document:
    """One ingested document: its text and metadata (``source``, ``title``, ``content_type`` …)."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


class Ingestion:
    """Iterable of ``Document`` with a ``report`` dict of counts (final after iteration)."""

    def __init__(self, sources: tuple[str | Path, ...]) -> None:
        self.sources = sources
        self.report: dict[str, Any] = {"read": 0, "skipped": {}, "skipped_files": []}
        self._skipped: Counter[str] = Counter()

    def __iter__(self) -> Iterator[Document]:
        for source in self.sources:
            path = Path(source)
            if not path.exists():
                self._skip(path, "not found")
                continue
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                document = self._read(file)
                if document is not None:
                    self.report["read"] += 1
                    yield document

    def _read(self, path: Path) -> Document | None:
        if path.suffix.lower() not in TEXT_SUFFIXES:
            self._skip(path, f"unsupported file type {path.suffix or '(none)'}")
            return None
        try:
            data = path.read_bytes()
        except OSError as err:
            self._skip(path, f"unreadable: {err.strerror or err}")
            return None
        text = _decode(data)
        if not text.strip():
            self._skip(path, "empty")
            return None
        return Document(
            text, {"doc_id": str(path), "source": str(path), "title": path.stem, "content_type": "text/plain"}
        )

    def _skip(self, path: Path, reason: str) -> None:
        logger.warning("skipped %s: %s", path, reason)
        self._skipped[reason.split(":")[0]] += 1
        self.report["skipped"] = dict(self._skipped)
        self.report["skipped_files"].append({"path": str(path), "reason": reason})


def _decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), falling back to cp1252 as German Windows files use it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def ingest(*sources: str | Path) -> Ingestion:
    """Documents from files and directory trees (``.txt``, ``.md``)."""
    return Ingestion(sources)
