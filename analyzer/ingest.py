"""Ingestion: turn what a user has — mirrored websites, crawl archives, office files, tables — into
German text documents with their source.

``ingest(*sources, **options)`` returns an ``Ingestion``: iterate it for ``Document`` objects
(``.text``, ``.meta``); its ``report`` counts what was read, skipped (by reason), deduplicated and
not German, and is complete once iteration has finished. Bad input never stops the run: each
unusable file is logged with its name and the reason, counted, and the run goes on.

Sources: files and directory trees (``.html``/``.htm`` and extensionless HTML, ``.txt``, ``.md``,
``.pdf``, ``.docx``), WARC and WARC.gz archives, JSON Lines and CSV files with a text or html column,
and ``"-"`` for standard input.

Two passes keep memory bounded by the largest document while removing site-level boilerplate:
the first extracts every document to a temporary spool file and counts, per site, on how many pages
each line occurs; the second streams the spool back, dropping lines that occur on at least
``boilerplate_min_pages`` pages and ``boilerplate_min_share`` of a site's pages everywhere but on
their first page (so a footer slogan is counted once, not 300 times).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import logging
import os
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .language import detect, is_foreign_segment
from .readers import UnreadableError, decode, iter_warc, looks_like_html, read_docx, read_html, read_pdf

logger = logging.getLogger(__name__)

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson"}
TEXT_COLUMNS = ("text", "content", "body", "html", "raw_html")
MAX_LISTED_SKIPS = 1000


@dataclass
class Document:
    """One ingested document: its text and metadata (``source``, ``url``, ``title``,
    ``content_type``, ``language``, ``date``, ``site``, ``url_path``, ``section`` where known)."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class IngestOptions:
    """Knobs of ``ingest``; every one can be passed as a keyword argument.

    boilerplate : remove lines that repeat across a site's pages (all but their first occurrence).
    boilerplate_min_pages, boilerplate_min_share : a line is boilerplate when it occurs on at least
        this many pages *and* this share of its site's pages. Three pages keep a sentence quoted on
        two pages; the share keeps a line common to 5 of 300 pages (a product family) in.
    max_bytes : text and HTML files above this size are read up to it (with a warning); office
        files above it are skipped.
    language : documents confidently in another language are skipped; segments of at least six words
        confidently in another language are dropped (both counted).
    text_column : the column of CSV/JSONL input that holds text or HTML (default: the first of
        text, content, body, html, raw_html).
    """

    boilerplate: bool = True
    boilerplate_min_pages: int = 3
    boilerplate_min_share: float = 0.2
    max_bytes: int = 50_000_000
    language: str = "de"
    text_column: str | None = None


class Ingestion:
    """Iterable of ``Document``; ``report`` is complete after iteration (see module docstring)."""

    def __init__(self, sources: tuple[str | Path, ...], options: IngestOptions) -> None:
        self.sources = sources
        self.options = options
        self._skipped: Counter[str] = Counter()
        self.report: dict[str, Any] = {
            "sources": [str(s) for s in sources],
            "read": 0,
            "skipped": {},
            "skipped_files": [],
            "deduplicated": {"documents": 0, "boilerplate_segments": 0},
            "non_german": {"documents": 0, "segments": 0},
            "truncated_files": [],
            "extraction": {},
            "boilerplate_lines": [],
            "complete": False,
        }

    # ----------------------------------------------------------------- public
    def __iter__(self) -> Iterator[Document]:
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8", suffix=".jsonl") as spool:
            pages_per_site: Counter[str] = Counter()
            line_pages: dict[tuple[str, int], list[int]] = {}  # (site, line hash) -> [pages, first doc]
            n_docs = 0
            for text, meta in self._extract_all():
                site = meta.get("site", "")
                pages_per_site[site] += 1
                for line_hash in {_hash(line) for line in _lines(text)}:
                    entry = line_pages.get((site, line_hash))
                    if entry is None:
                        line_pages[(site, line_hash)] = [1, n_docs]
                    else:
                        entry[0] += 1
                spool.write(json.dumps({"text": text, "meta": meta}, ensure_ascii=False) + "\n")
                n_docs += 1
            boilerplate = {
                key: first
                for key, (pages, first) in line_pages.items()
                if self.options.boilerplate
                and pages >= self.options.boilerplate_min_pages
                and pages >= self.options.boilerplate_min_share * pages_per_site[key[0]]
            }
            line_pages.clear()
            spool.seek(0)
            yield from self._second_pass(spool, boilerplate)
        self.report["complete"] = True

    # ------------------------------------------------------------ first pass
    def _extract_all(self) -> Iterator[tuple[str, dict[str, Any]]]:
        for source in self.sources:
            if str(source) == "-":
                yield from self._from_bytes(sys.stdin.buffer.read(), {"source": "<stdin>"}, "<stdin>")
                continue
            path = Path(source)
            if not path.exists():
                self._skip(str(path), "not found")
                continue
            if path.is_dir():
                for file, relative in _walk(path, self._skip):
                    yield from self._from_file(file, _site_meta(path, relative))
            else:
                yield from self._from_file(path, {"site": path.parent.name or str(path.parent)})

    def _from_file(self, path: Path, site_meta: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        name = str(path)
        suffix = "".join(path.suffixes[-2:]).lower() if path.name.lower().endswith(".gz") else path.suffix.lower()
        meta = {"source": name, "doc_id": name, **site_meta}
        try:
            size = path.stat().st_size
            if size == 0:
                self._skip(name, "empty file")
                return
            if suffix in (".warc", ".warc.gz", ".arc", ".arc.gz"):
                with path.open("rb") as stream:
                    yield from self._from_warc(stream, name)
                return
            if suffix in TABLE_SUFFIXES:
                yield from self._from_table(path, suffix)
                return
            if suffix == ".pdf":
                yield from self._accept(name, *_merge(read_pdf(str(path)), meta))
                return
            if suffix == ".docx":
                if size > self.options.max_bytes:
                    self._skip(name, f"too large ({size / 1e6:.0f} MB > {self.options.max_bytes / 1e6:.0f} MB)")
                    return
                yield from self._accept(name, *_merge(read_docx(path.read_bytes()), meta))
                return
            if suffix in HTML_SUFFIXES or suffix in TEXT_SUFFIXES or suffix == "" or not _known_binary(suffix):
                with path.open("rb") as handle:
                    data = handle.read(self.options.max_bytes + 1)
                if len(data) > self.options.max_bytes:
                    data = data[: self.options.max_bytes]
                    self.report["truncated_files"].append(name)
                    logger.warning("%s: larger than %d bytes, read only the first part", name, self.options.max_bytes)
                if suffix in TEXT_SUFFIXES:
                    yield from self._accept(name, decode(data), {**meta, "content_type": "text/plain"})
                elif suffix in HTML_SUFFIXES or looks_like_html(data):
                    yield from self._accept(name, *_merge(read_html(data), meta))
                else:
                    self._skip(name, f"not a text document ({suffix or 'no extension'}, not HTML)")
                return
            self._skip(name, f"unsupported file type {suffix}")
        except UnreadableError as err:
            self._skip(name, str(err))
        except OSError as err:
            self._skip(name, f"unreadable: {err.strerror or err}")

    def _from_bytes(self, data: bytes, meta: dict[str, Any], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        try:
            if not data.strip():
                self._skip(name, "empty input")
            elif looks_like_html(data):
                yield from self._accept(name, *_merge(read_html(data, url=meta.get("url")), meta))
            else:
                yield from self._accept(name, decode(data), {**meta, "content_type": "text/plain"})
        except UnreadableError as err:
            self._skip(name, str(err))

    def _from_warc(self, stream: io.BufferedIOBase, name: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for kind, value in iter_warc(stream):
            if kind == "skip":
                self._skip(name, value, listed=False)
            elif kind == "error":
                self._skip(name, value)
            else:
                url, date, data = value
                meta = {"source": name, "doc_id": url or name, "url": url, **_url_meta(url)}
                try:
                    text, extracted = read_html(data, url=url)
                except UnreadableError as err:
                    self._skip(f"{name} {url}", str(err))
                    continue
                if date and "date" not in extracted:
                    extracted["date"] = date[:10]
                yield from self._accept(f"{name} {url}", text, {**extracted, **meta})

    def _from_table(self, path: Path, suffix: str) -> Iterator[tuple[str, dict[str, Any]]]:
        name = str(path)
        rows = _jsonl_rows(path, self._skip) if suffix in (".jsonl", ".ndjson") else _csv_rows(path, suffix)
        column = self.options.text_column
        for i, row in enumerate(rows):
            col = column or next((c for c in TEXT_COLUMNS if c in row), None)
            if col is None or col not in row:
                self._skip(f"{name} row {i + 1}", f"no text column (looked for {column or ', '.join(TEXT_COLUMNS)})")
                continue
            value = row[col]
            if not isinstance(value, str) or not value.strip():
                self._skip(f"{name} row {i + 1}", "empty text")
                continue
            extra = {k: v for k, v in row.items() if k != col and isinstance(v, (str, int, float, bool))}
            url = extra.get("url") if isinstance(extra.get("url"), str) else None
            meta = {
                "source": name,
                "doc_id": url or f"{name}#{i + 1}",
                **(_url_meta(url) if url else {"site": path.stem}),
            }
            meta.update(extra)
            yield from self._from_bytes(value.encode("utf-8"), meta, f"{name} row {i + 1}")

    def _accept(self, name: str, text: str, meta: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not text:
            self._skip(name, "no text")
            return
        words = len(text.split())
        lang, prob = detect(text)
        meta["language"] = lang
        if words >= 20 and lang != self.options.language and prob >= 0.9:
            self.report["non_german"]["documents"] += 1
            logger.info("%s: skipped, language %s (p=%.2f)", name, lang, prob)
            return
        how = meta.get("extraction", "text")
        self.report["extraction"][how] = self.report["extraction"].get(how, 0) + 1
        yield text, meta

    # ----------------------------------------------------------- second pass
    def _second_pass(self, spool: Iterable[str], boilerplate: dict[tuple[str, int], int]) -> Iterator[Document]:
        seen_docs: set[str] = set()
        removed: Counter[tuple[str, str]] = Counter()
        for index, line in enumerate(spool):
            record = json.loads(line)
            text, meta = record["text"], record["meta"]
            digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
            if digest in seen_docs:
                self.report["deduplicated"]["documents"] += 1
                continue
            seen_docs.add(digest)
            site = meta.get("site", "")
            kept = []
            for text_line in text.split("\n"):
                stripped = text_line.strip()
                if not stripped:
                    kept.append(text_line)
                    continue
                first = boilerplate.get((site, _hash(stripped)))
                if first is not None and first != index:
                    removed[(site, stripped)] += 1
                    continue
                if is_foreign_segment(stripped):
                    self.report["non_german"]["segments"] += 1
                    continue
                kept.append(text_line)
            clean = "\n".join(kept).strip()
            if not clean:
                self.report["deduplicated"]["documents"] += 1
                continue
            self.report["read"] += 1
            yield Document(clean, meta)
        self.report["deduplicated"]["boilerplate_segments"] = sum(removed.values())
        self.report["boilerplate_lines"] = [
            {"site": site, "text": text, "removed": count} for (site, text), count in removed.most_common(20)
        ]

    def _skip(self, name: str, reason: str, *, listed: bool = True) -> None:
        key = reason.split(" (")[0]
        self._skipped[key] += 1
        self.report["skipped"] = dict(sorted(self._skipped.items()))
        if listed:
            logger.warning("skipped %s: %s", name, reason)
            if len(self.report["skipped_files"]) < MAX_LISTED_SKIPS:
                self.report["skipped_files"].append({"path": name, "reason": reason})


def ingest(*sources: str | Path, **options: Any) -> Ingestion:
    """Documents from files, directory trees, WARC archives, CSV/JSONL tables or ``"-"`` (stdin).

    Keyword options are those of ``IngestOptions``. Iterate the result for ``Document`` objects;
    ``result.report`` holds the counts once iteration has finished.
    """
    unknown = set(options) - set(IngestOptions.__dataclass_fields__)
    if unknown:
        raise TypeError(
            f"ingest(): unknown option(s) {sorted(unknown)}; known: {sorted(IngestOptions.__dataclass_fields__)}"
        )
    if not sources:
        raise ValueError("ingest() needs at least one source (a path, or '-' for standard input)")
    return Ingestion(tuple(sources), IngestOptions(**options))


# --------------------------------------------------------------------- helpers
def _merge(read: tuple[str, dict[str, Any]], meta: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A reader's (text, metadata) with the caller's metadata (source, site, url …) taking precedence."""
    text, found = read
    return text, {**found, **meta}


def _hash(line: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(" ".join(line.split()).lower().encode("utf-8"), digest_size=8).digest(), "big"
    )


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        line = line.strip()
        if line and len(line) <= 400:
            yield line


_BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".css",
    ".js",
    ".json",
    ".xml",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
    ".mp4",
    ".mp3",
    ".zip",
    ".gz",
    ".tar",
    ".exe",
    ".doc",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".avif",
}


def _known_binary(suffix: str) -> bool:
    return suffix in _BINARY_SUFFIXES


def _walk(root: Path, skip) -> Iterator[tuple[Path, Path]]:
    """Files under ``root`` in sorted order, following directory symlinks but never into a loop."""
    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(
        root, followlinks=True, onerror=lambda e: skip(e.filename, f"unreadable: {e.strerror}")
    ):
        real = os.path.realpath(dirpath)
        if real in visited:
            skip(dirpath, "symlink loop")
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames.sort()
        for filename in sorted(filenames):
            file = Path(dirpath) / filename
            if file.is_symlink() and not file.exists():
                skip(str(file), "broken symlink")
                continue
            yield file, file.relative_to(root)


def _site_meta(root: Path, relative: Path) -> dict[str, Any]:
    """Site and URL path of a file in a mirrored tree: ``root/<domain>/path`` (wget/HTTrack layout)
    or ``root/path`` when ``root`` itself is the site."""
    parts = relative.parts
    if len(parts) > 1 and "." in parts[0] and not parts[0].startswith("."):
        site, rest = parts[0], parts[1:]
    else:
        site, rest = root.resolve().name, parts
    url_path = "/" + "/".join(rest)
    if url_path.endswith(("/index.html", "/index.htm")):
        url_path = url_path.rsplit("/", 1)[0] + "/"
    return {"site": site, "url_path": url_path, "section": _section(url_path)}


def _url_meta(url: str | None) -> dict[str, Any]:
    if not url:
        return {}
    parsed = urlparse(url)
    path = parsed.path or "/"
    return {"site": parsed.netloc, "url_path": path, "section": _section(path)}


def _section(url_path: str) -> str:
    parts = [p for p in url_path.split("/") if p]
    if not parts or (len(parts) == 1 and "." in parts[0]):
        return "/"
    return "/" + parts[0] + "/"


def _jsonl_rows(path: Path, skip) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                skip(f"{path}:{lineno}", f"invalid JSON ({err.msg})")
                continue
            if isinstance(row, dict):
                yield row
            else:
                skip(f"{path}:{lineno}", "JSON line is not an object")


def _csv_rows(path: Path, suffix: str) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(sys.maxsize)
    with path.open("rb") as raw:
        sample = raw.read(65536)
    encoding = "utf-8-sig"
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError:
        encoding = "cp1252"
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        delimiter = (
            "\t"
            if suffix == ".tsv"
            else csv.Sniffer().sniff(sample.decode(encoding, "replace")[:8192], ",;\t").delimiter
            if sample
            else ","
        )
        yield from csv.DictReader(handle, delimiter=delimiter)


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, ",;\t").delimiter
    except csv.Error:
        return ","
