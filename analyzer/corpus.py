"""The annotated corpus: reading, checking and splitting it.

``python -m analyzer.corpus check [FILE]`` validates the corpus (schema, labels, splits, duplicates)
and prints its counts; it exits with status 1 when a check fails. The corpus format is JSON Lines,
one segment per line::

    {"text": "...", "labels": ["reactive", "operational"],
     "meta": {"doc_id": "d001", "position": 0, "genre": "faq", "industry": "bank",
              "company": "...", "character": "service", "split": "train"}}
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .labels import LABELS, validate_labels

CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILE = CORPUS_DIR / "segments.jsonl"
META_KEYS = ("doc_id", "position", "genre", "industry", "company", "character", "split")
SPLITS = ("train", "dev", "test")
CHARACTERS = ("service", "customer_orientation", "customer_centric", "proactive_service", "mixed", "low_focus")

# What the corpus must reach (issue #3); the check fails below these.
MIN_SEGMENTS = 4000
MIN_DOCUMENTS = 160
MIN_GENRES = 8
MIN_INDUSTRIES = 14
MIN_UNLABELLED_SHARE = 0.35
MIN_PER_LABEL = 600
MAX_NEAR_DUPLICATE_SHARE = 0.01
NEAR_DUPLICATE_JACCARD = 0.6

# Lines that genuinely repeat across pages of real sites; exact duplicates of these are allowed.
_BOILERPLATE = re.compile(
    r"cookie|datenschutz|impressum|©|\(c\)|alle rechte|newsletter|agb|kontakt|startseite|barrierefrei|"
    r"nach oben|teilen|drucken|jetzt bewerben|mehr erfahren|zurück|menü|suche|login|anmelden|akzeptieren|ablehnen|"
    r"einstellungen|alle rechte vorbehalten",
    re.IGNORECASE,
)


@dataclass
class Segment:
    """One annotated segment."""

    text: str
    labels: tuple[str, ...]
    meta: dict[str, Any]


def read_corpus(path: str | Path = CORPUS_FILE) -> list[Segment]:
    """Read a corpus JSONL file; raise ``ValueError`` naming file and line for malformed records."""
    path = Path(path)
    segments = []
    with path.open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text, labels, meta = record["text"], record.get("labels", []), record.get("meta", {})
                if not isinstance(text, str):
                    raise ValueError("'text' is not a string")
                if not isinstance(labels, list):
                    raise ValueError("'labels' is not a list")
                segments.append(Segment(text, validate_labels(labels), dict(meta)))
            except (json.JSONDecodeError, KeyError, ValueError) as err:
                raise ValueError(f"{path}:{lineno}: {err}") from err
    return segments


def label_matrix(segments: Iterable[Segment]) -> np.ndarray:
    """Binary matrix (n_segments, 4) in ``LABELS`` order."""
    return np.array([[int(label in s.labels) for label in LABELS] for s in segments], dtype=int).reshape(-1, 4)


def split(segments: list[Segment], name: str) -> list[Segment]:
    """The segments of one split (``train``, ``dev`` or ``test``)."""
    return [s for s in segments if s.meta.get("split") == name]


@dataclass
class CheckResult:
    """Outcome of ``check``: problems found and the counts."""

    errors: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _five_grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def near_duplicate_pairs(
    segments: list[Segment], threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[int, int, float]]:
    """Pairs of segments (indices) from different documents whose word 5-gram Jaccard exceeds ``threshold``."""
    grams = [_five_grams(s.text) for s in segments]
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for gram in g:
            index[gram].append(i)
    candidates: set[tuple[int, int]] = set()
    for members in index.values():
        if 1 < len(members) <= 200:
            for a_pos, a in enumerate(members):
                for b in members[a_pos + 1 :]:
                    candidates.add((a, b))
    pairs = []
    for a, b in sorted(candidates):
        if segments[a].meta.get("doc_id") == segments[b].meta.get("doc_id"):
            continue
        if segments[a].text == segments[b].text:
            continue  # exact duplicates are checked separately
        jaccard = len(grams[a] & grams[b]) / len(grams[a] | grams[b])
        if jaccard > threshold:
            pairs.append((a, b, round(jaccard, 3)))
    return pairs


def check(segments: list[Segment], *, require_size: bool = True) -> CheckResult:
    """Validate schema, labels, splits and duplicates, and count what is there.

    ``require_size=False`` skips the minimum-size requirements (for small annotated files).
    """
    result = CheckResult()
    errors = result.errors
    doc_split: dict[str, set[str]] = defaultdict(set)
    positions: dict[str, list[int]] = defaultdict(list)
    for i, seg in enumerate(segments):
        missing = [k for k in META_KEYS if k not in seg.meta]
        if missing:
            errors.append(f"segment {i}: meta lacks {missing}")
            continue
        if not seg.text.strip():
            errors.append(f"segment {i} ({seg.meta['doc_id']}): empty text")
        if seg.meta["split"] not in SPLITS:
            errors.append(f"segment {i}: split {seg.meta['split']!r} not in {SPLITS}")
        if seg.meta["character"] not in CHARACTERS:
            errors.append(f"segment {i}: character {seg.meta['character']!r} not in {CHARACTERS}")
        doc_split[seg.meta["doc_id"]].add(seg.meta["split"])
        positions[seg.meta["doc_id"]].append(seg.meta["position"])
    for doc_id, splits in doc_split.items():
        if len(splits) > 1:
            errors.append(f"document {doc_id} is in several splits: {sorted(splits)}")
    for doc_id, pos in positions.items():
        if sorted(pos) != list(range(len(pos))):
            errors.append(f"document {doc_id}: positions are not 0..{len(pos) - 1}")

    by_text: dict[str, set[str]] = defaultdict(set)
    for seg in segments:
        by_text[seg.text.strip()].add(seg.meta.get("doc_id"))
    exact = {t: d for t, d in by_text.items() if len(d) > 1}
    boilerplate_dups = {t for t in exact if _is_boilerplate(t, segments)}
    for text in sorted(set(exact) - boilerplate_dups):
        errors.append(f"exact duplicate across documents {sorted(exact[text])}: {text[:80]!r}")
    near = near_duplicate_pairs(segments)
    near_share = len(near) / max(len(segments), 1)
    if near_share >= MAX_NEAR_DUPLICATE_SHARE:
        errors.append(
            f"near-duplicate pairs: {len(near)} = {near_share:.2%} of segments (limit {MAX_NEAR_DUPLICATE_SHARE:.0%})"
        )

    y = label_matrix(segments)
    n = len(segments)
    docs = {s.meta.get("doc_id") for s in segments}
    unlabelled = float((y.sum(axis=1) == 0).mean()) if n else 0.0
    per_label = {label: int(y[:, j].sum()) for j, label in enumerate(LABELS)}
    counts: dict[str, Any] = {
        "segments": n,
        "documents": len(docs),
        "unlabelled_share": round(unlabelled, 4),
        "per_label": per_label,
        "exact_boilerplate_duplicates": len(boilerplate_dups),
        "near_duplicate_pairs": len(near),
    }
    for key in ("split", "genre", "industry", "character"):
        counts[f"segments_per_{key}"] = dict(sorted(Counter(s.meta.get(key) for s in segments).items()))
        doc_values = {s.meta.get("doc_id"): s.meta.get(key) for s in segments}
        counts[f"documents_per_{key}"] = dict(sorted(Counter(doc_values.values()).items()))
    counts["per_label_per_split"] = {
        name: {
            label: int(y[[s.meta.get("split") == name for s in segments], j].sum()) for j, label in enumerate(LABELS)
        }
        for name in SPLITS
    }
    result.counts = counts
    if require_size:
        requirements = [
            (n >= MIN_SEGMENTS, f"{n} segments (need ≥ {MIN_SEGMENTS})"),
            (len(docs) >= MIN_DOCUMENTS, f"{len(docs)} documents (need ≥ {MIN_DOCUMENTS})"),
            (
                len(counts["documents_per_genre"]) >= MIN_GENRES,
                f"{len(counts['documents_per_genre'])} genres (need ≥ {MIN_GENRES})",
            ),
            (
                len(counts["documents_per_industry"]) >= MIN_INDUSTRIES,
                f"{len(counts['documents_per_industry'])} industries (need ≥ {MIN_INDUSTRIES})",
            ),
            (
                unlabelled >= MIN_UNLABELLED_SHARE,
                f"unlabelled share {unlabelled:.1%} (need ≥ {MIN_UNLABELLED_SHARE:.0%})",
            ),
        ]
        requirements += [
            (c >= MIN_PER_LABEL, f"{label}: {c} segments (need ≥ {MIN_PER_LABEL})") for label, c in per_label.items()
        ]
        errors.extend(message for ok, message in requirements if not ok)
    return result


def _is_boilerplate(text: str, segments: list[Segment]) -> bool:
    """Unlabelled, and a short menu/footer/heading line (at most five words) or one naming a typical
    boilerplate topic (cookies, legal notice, copyright …)."""
    labelled = any(s.labels for s in segments if s.text.strip() == text)
    return not labelled and (len(re.findall(r"\w+", text)) <= 5 or bool(_BOILERPLATE.search(text)))


def assign_splits(doc_keys: dict[str, tuple[str, str]], seed: int = 13) -> dict[str, str]:
    """Assign documents to train/dev/test (about 70/15/15), stratified by a key such as (genre, character).

    ``doc_keys`` maps doc_id to its stratum; within each stratum documents are shuffled with ``seed``
    and dealt out so that every stratum contributes to dev and test in proportion.
    """
    rng = np.random.default_rng(seed)
    by_genre: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for doc_id, (genre, character) in sorted(doc_keys.items()):
        by_genre[genre].append((character, doc_id))
    out = {}
    # Within each genre, order documents by character (shuffled inside each character) and deal
    # the splits in a fixed 20-slot pattern, so genres and characters both spread over the splits.
    # 14 train, 3 dev, 3 test slots: the 70/15/15 split.
    pattern = (
        "train train dev train train test train train train dev "
        "train test train train train dev train test train train"
    ).split()
    for _genre, items in sorted(by_genre.items()):
        items = sorted(items)
        order = rng.permutation(len(items))
        grouped = sorted((items[k][0], int(rng.integers(1 << 30)), items[k][1]) for k in order)
        offset = int(rng.integers(len(pattern)))
        for k, (_, _, doc_id) in enumerate(grouped):
            out[doc_id] = pattern[(k + offset) % len(pattern)]
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m analyzer.corpus check [FILE]``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("check",):
        print("usage: python -m analyzer.corpus check [FILE]", file=sys.stderr)
        return 2
    path = Path(argv[1]) if len(argv) > 1 else CORPUS_FILE
    try:
        segments = read_corpus(path)
    except (OSError, ValueError) as err:
        print(f"corpus check failed: {err}", file=sys.stderr)
        return 1
    result = check(segments, require_size=(path.resolve() == CORPUS_FILE.resolve()))
    print(json.dumps(result.counts, ensure_ascii=False, indent=2))
    if result.errors:
        print(f"\n{len(result.errors)} problem(s) in {path}:", file=sys.stderr)
        for error in result.errors[:50]:
            print(f"  - {error}", file=sys.stderr)
        return 1
    print(f"\ncorpus check passed: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
