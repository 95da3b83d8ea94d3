"""Aggregation: from classified segments to the orientation profile.

The profile of a text, a company or a website (see corpus/CODEBOOK.md, "Aggregation"):

- ``customer_focus_share``: share of segments with any predicted label;
- ``stance_index`` = (P − R) / (P + R) and ``scope_index`` = (S − O) / (S + O), in [−1, 1], from the
  summed probabilities of the segments that carry a label (so thousands of menu and footer lines,
  each with a small residual probability, do not decide the direction);
- a 95 % bootstrap interval for each, resampling documents when there are at least
  ``MIN_DOCS_FOR_DOC_BOOTSTRAP`` of them and segments otherwise, with a fixed seed;
- ``type`` by the quadrant of the two indices, or ``insufficient_evidence``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .classifier import clean_segment, join_lines
from .labels import LABELS

TYPES = ("service", "proactive_service", "customer_orientation", "customer_centricity", "insufficient_evidence")
# Fewer labelled segments than this is too little to call a type: with 9 segments a single
# misclassified one moves an index by more than 0.2.
MIN_LABELLED_SEGMENTS = 10
# With fewer documents, a document bootstrap has too few distinct resamples (4 documents: 35).
MIN_DOCS_FOR_DOC_BOOTSTRAP = 5
N_BOOTSTRAP = 1000
EVIDENCE_PER_LABEL = 5
_SEGMENT_COLUMNS = ["doc_id", "position", "text", *LABELS, "labels"]


@dataclass
class Interval:
    """A point estimate with its 95 % bootstrap interval (``low``/``high`` None when undefined)."""

    value: float | None
    low: float | None
    high: float | None

    def straddles_zero(self) -> bool:
        return self.value is None or self.low is None or self.high is None or (self.low <= 0.0 <= self.high)

    def to_dict(self) -> dict[str, float | None]:
        return {"value": self.value, "low": self.low, "high": self.high}


@dataclass
class Profile:
    """The orientation profile of a collection of classified segments.

    Build it with ``analyzer.profile``. ``segments`` is the tidy table behind every figure:
    one row per segment with ``doc_id``, ``position``, ``text``, the four probabilities,
    ``labels`` and any metadata columns of the input.
    """

    segments: pd.DataFrame
    n_segments: int
    n_documents: int
    n_labelled: int
    label_counts: dict[str, int]
    label_mass: dict[str, float]
    customer_focus_share: Interval
    stance_index: Interval
    scope_index: Interval
    type: str
    reasons: list[str]
    resampled: str
    seed: int
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # ------------------------------------------------------------------ output
    def to_dict(self) -> dict[str, Any]:
        """Everything except the segment table, JSON-safe."""
        return {
            "type": self.type,
            "type_reasons": list(self.reasons),
            "n_segments": self.n_segments,
            "n_documents": self.n_documents,
            "n_labelled": self.n_labelled,
            "customer_focus_share": self.customer_focus_share.value,
            "customer_focus_share_interval": [self.customer_focus_share.low, self.customer_focus_share.high],
            "stance_index": self.stance_index.value,
            "stance_index_interval": [self.stance_index.low, self.stance_index.high],
            "scope_index": self.scope_index.value,
            "scope_index_interval": [self.scope_index.low, self.scope_index.high],
            "label_counts": dict(self.label_counts),
            "label_mass": dict(self.label_mass),
            "bootstrap": {"resampled": self.resampled, "n": N_BOOTSTRAP, "seed": self.seed, "level": 0.95},
            "evidence": json.loads(json.dumps(self.evidence, default=_json_default)),
        }

    def to_frame(self) -> pd.DataFrame:
        """The segment table: one row per segment with probabilities, labels and metadata."""
        return self.segments.copy()

    def by(self, column: str) -> pd.DataFrame:
        """One row per value of ``column`` (e.g. ``doc_id``, ``genre``, ``url_path``) with its figures."""
        if column not in self.segments.columns:
            raise KeyError(f"no column {column!r}; available: {sorted(self.segments.columns)}")
        rows = []
        for value, group in self.segments.groupby(column, sort=True, dropna=False):
            sub = profile_from_frame(group, seed=self.seed, evidence_per_label=0)
            row = {column: value, **_figures(sub)}
            rows.append(row)
        return pd.DataFrame(rows)

    def summary(self, lang: str = "de") -> str:
        """A one-paragraph plain-language summary in German (``"de"``) or English (``"en"``)."""
        if lang not in ("de", "en"):
            raise ValueError(f"lang must be 'de' or 'en', got {lang!r}")
        return _summary(self, lang)

    def __repr__(self) -> str:
        def fmt(iv: Interval) -> str:
            return "n/a" if iv.value is None else f"{iv.value:+.2f}"

        return (
            f"Profile(type={self.type!r}, segments={self.n_segments}, documents={self.n_documents}, "
            f"customer_focus_share={self.customer_focus_share.value:.2f}, "
            f"stance_index={fmt(self.stance_index)}, scope_index={fmt(self.scope_index)})"
        )


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, (tuple, set)):
        return list(obj)
    return str(obj)


def _figures(p: Profile) -> dict[str, Any]:
    return {
        "type": p.type,
        "n_segments": p.n_segments,
        "n_documents": p.n_documents,
        "n_labelled": p.n_labelled,
        "customer_focus_share": p.customer_focus_share.value,
        "customer_focus_share_low": p.customer_focus_share.low,
        "customer_focus_share_high": p.customer_focus_share.high,
        "stance_index": p.stance_index.value,
        "stance_index_low": p.stance_index.low,
        "stance_index_high": p.stance_index.high,
        "scope_index": p.scope_index.value,
        "scope_index_low": p.scope_index.low,
        "scope_index_high": p.scope_index.high,
        **{f"n_{label}": p.label_counts[label] for label in LABELS},
    }


# ---------------------------------------------------------------------- computing
def _unit_sums(frame: pd.DataFrame, unit: str) -> np.ndarray:
    """Per resampling unit: [n_segments, n_labelled, R, P, O, S] (probability mass of labelled segments)."""
    labelled = frame["labels"].map(len).to_numpy() > 0
    mass = frame[list(LABELS)].to_numpy(dtype=float) * labelled[:, None]
    table = np.column_stack([np.ones(len(frame)), labelled.astype(float), mass])
    if unit == "segment":
        return table
    codes = pd.factorize(frame["doc_id"], sort=False)[0]
    sums = np.zeros((codes.max() + 1 if len(codes) else 0, table.shape[1]))
    np.add.at(sums, codes, table)
    return sums


def _indices(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """share, stance and scope from summed columns (last axis); NaN where undefined."""
    with np.errstate(invalid="ignore", divide="ignore"):
        share = sums[..., 1] / sums[..., 0]
        r, p, o, s = sums[..., 2], sums[..., 3], sums[..., 4], sums[..., 5]
        stance = (p - r) / (p + r)
        scope = (s - o) / (s + o)
    return share, np.where(np.isfinite(stance), stance, np.nan), np.where(np.isfinite(scope), scope, np.nan)


def _bootstrap(units: np.ndarray, seed: int, n_boot: int = N_BOOTSTRAP) -> np.ndarray:
    """Summed columns of ``n_boot`` resamples of ``units`` (rows), shape (n_boot, n_columns)."""
    rng = np.random.default_rng(seed)
    n = len(units)
    out = np.empty((n_boot, units.shape[1]))
    chunk = max(1, min(n_boot, 2_000_000 // max(n, 1)))  # bounds memory at ~2M indices per step
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        idx = rng.integers(0, n, size=(size, n))
        out[start : start + size] = units[idx].sum(axis=1)
    return out


def _interval(point: float, samples: np.ndarray) -> Interval:
    if point is None or not np.isfinite(point):
        return Interval(None, None, None)
    finite = samples[np.isfinite(samples)]
    if len(finite) == 0:
        return Interval(float(point), None, None)
    low, high = np.percentile(finite, [2.5, 97.5])
    return Interval(round(float(point), 4), round(float(low), 4), round(float(high), 4))


def profile_from_frame(
    segments: pd.DataFrame, *, seed: int = 0, evidence_per_label: int = EVIDENCE_PER_LABEL
) -> Profile:
    """Compute the profile of a segment table (columns ``doc_id``, ``position``, ``text``, the four
    label probabilities and ``labels``; any further columns are kept as metadata)."""
    missing = [c for c in _SEGMENT_COLUMNS if c not in segments.columns]
    if missing:
        raise ValueError(f"segment table lacks column(s) {missing}")
    segments = segments.reset_index(drop=True)
    n_docs = int(segments["doc_id"].nunique())
    unit = "document" if n_docs >= MIN_DOCS_FOR_DOC_BOOTSTRAP else "segment"
    units = _unit_sums(segments, unit)
    total = units.sum(axis=0) if len(units) else np.zeros(6)
    share, stance, scope = _indices(total)
    if len(units):
        boot = _bootstrap(units, seed)
        b_share, b_stance, b_scope = _indices(boot)
    else:
        b_share = b_stance = b_scope = np.array([])
    share_iv = _interval(float(share) if total[0] else math.nan, b_share)
    stance_iv = _interval(float(stance), b_stance)
    scope_iv = _interval(float(scope), b_scope)
    label_sets = segments["labels"].map(set)
    counts = {label: int(label_sets.map(lambda s, lab=label: lab in s).sum()) for label in LABELS}
    n_labelled = int(total[1])
    type_, reasons = decide_type(n_labelled, stance_iv, scope_iv)
    return Profile(
        segments=segments,
        n_segments=int(total[0]),
        n_documents=n_docs,
        n_labelled=n_labelled,
        label_counts=counts,
        label_mass={label: round(float(m), 4) for label, m in zip(LABELS, total[2:])},
        customer_focus_share=share_iv if share_iv.value is not None else Interval(0.0, None, None),
        stance_index=stance_iv,
        scope_index=scope_iv,
        type=type_,
        reasons=reasons,
        resampled=unit,
        seed=seed,
        evidence=_evidence(segments, evidence_per_label),
    )


def decide_type(n_labelled: int, stance: Interval, scope: Interval) -> tuple[str, list[str]]:
    """The orientation type from the two indices; reasons say why, and what is uncertain."""
    reasons: list[str] = []
    if n_labelled < MIN_LABELLED_SEGMENTS:
        return "insufficient_evidence", [f"only {n_labelled} labelled segments (< {MIN_LABELLED_SEGMENTS})"]
    if stance.value is None or scope.value is None:
        return "insufficient_evidence", ["no stance or no scope evidence"]
    if stance.straddles_zero() and scope.straddles_zero():
        return "insufficient_evidence", ["both intervals include zero"]
    if scope.straddles_zero():
        reasons.append("scope interval includes zero; type follows its point estimate")
    if scope.value < 0:
        if stance.low is not None and stance.low > 0:
            return "proactive_service", [*reasons, "operational scope, proactive stance"]
        return "service", [*reasons, "operational scope"]
    if stance.straddles_zero():
        reasons.append("stance interval includes zero; type follows its point estimate")
    if stance.value > 0:
        return "customer_centricity", [*reasons, "strategic scope, proactive stance"]
    return "customer_orientation", [*reasons, "strategic scope, reactive stance"]


def _evidence(segments: pd.DataFrame, k: int) -> dict[str, list[dict[str, Any]]]:
    """The ``k`` segments that carry each label most strongly, with their source."""
    if k <= 0 or segments.empty:
        return {label: [] for label in LABELS}
    meta_cols = [c for c in ("source", "url", "url_path", "path", "title", "genre", "section") if c in segments.columns]
    out = {}
    for label in LABELS:
        has = segments[segments["labels"].map(lambda s, lab=label: lab in s)]
        top = has.nlargest(k, label)
        out[label] = [
            {
                "text": clean_segment(row["text"]),
                "probability": round(float(row[label]), 4),
                "doc_id": row["doc_id"],
                "position": int(row["position"]),
                **{c: row[c] for c in meta_cols if pd.notna(row[c])},
            }
            for _, row in top.iterrows()
        ]
    return out


def profile_from_docs(docs: list, metas: list[Mapping[str, Any]] | None = None, *, seed: int = 0) -> Profile:
    """Profile of processed spaCy docs (each with ``Doc._.orientation_segments``)."""
    return profile_from_frame(segments_from_docs(docs, metas), seed=seed)


def segments_from_docs(docs: list, metas: list[Mapping[str, Any]] | None = None) -> pd.DataFrame:
    """The tidy segment table of processed docs; ``metas`` adds one metadata dict per doc."""
    rows = []
    for i, doc in enumerate(docs):
        meta = dict(metas[i]) if metas is not None else {}
        doc_id = meta.pop("doc_id", None) or f"doc{i}"
        for position, (start, end, proba, labels) in enumerate(doc._.orientation_segments or ()):
            span = doc[start:end]
            rows.append(
                {
                    "doc_id": str(doc_id),
                    "position": position,
                    "text": join_lines(span.text),
                    "start_char": span.start_char,
                    "end_char": span.end_char,
                    **dict(zip(LABELS, proba)),
                    "labels": tuple(labels),
                    **meta,
                }
            )
    if not rows:
        return pd.DataFrame(columns=[*_SEGMENT_COLUMNS, "start_char", "end_char"])
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------- summaries
_TYPE_NAMES = {
    "de": {
        "service": "Serviceorientierung",
        "proactive_service": "proaktive Serviceorientierung",
        "customer_orientation": "Kundenorientierung (Stufe 1, reaktiv)",
        "customer_centricity": "Kundenzentrierung (Stufe 2, proaktiv)",
        "insufficient_evidence": "zu wenig Evidenz für eine Einordnung",
    },
    "en": {
        "service": "service orientation",
        "proactive_service": "proactive service orientation",
        "customer_orientation": "customer orientation (stage 1, reactive)",
        "customer_centricity": "customer centricity (stage 2, proactive)",
        "insufficient_evidence": "too little evidence to classify",
    },
}


def type_name(type_: str, lang: str = "de") -> str:
    """Human-readable name of a profile type."""
    return _TYPE_NAMES[lang][type_]


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:+.2f}"


_SUMMARY = {
    "de": {
        "intro": "Von {n} Segmenten aus {docs} Dokument(en) sprechen {labelled} ({share}) über den Umgang mit "
        "Kundinnen und Kunden. ",
        "thin": "Für eine Einordnung reicht das nicht: {reasons}.",
        "body": "Die Haltung ist {stance} (Stance-Index {si}, 95-%-Intervall {si_low} bis {si_high}), die Reichweite "
        "{scope} (Scope-Index {sc}, {sc_low} bis {sc_high}). Das Profil entspricht am ehesten: {type}.",
        "stance": ("eher reaktiv", "eher proaktiv"),
        "scope": ("eher operativ", "eher strategisch"),
    },
    "en": {
        "intro": "Of {n} segments from {docs} document(s), {labelled} ({share}) are about how the organisation deals "
        "with its customers. ",
        "thin": "That is not enough to classify: {reasons}.",
        "body": "The stance is {stance} (stance index {si}, 95% interval {si_low} to {si_high}), the scope {scope} "
        "(scope index {sc}, {sc_low} to {sc_high}). The profile is closest to: {type}.",
        "stance": ("rather reactive", "rather proactive"),
        "scope": ("rather operational", "rather strategic"),
    },
}


_REASONS_DE = (
    (re.compile(r"only (\d+) labelled segments \(< (\d+)\)"), r"nur \1 Segmente mit Label (weniger als \2)"),
    (re.compile(r"no stance or no scope evidence"), "keine Belege für Haltung oder Reichweite"),
    (re.compile(r"both intervals include zero"), "beide Intervalle schließen null ein"),
)


def _localized(reason: str, lang: str) -> str:
    if lang != "de":
        return reason
    for pattern, german in _REASONS_DE:
        if pattern.fullmatch(reason):
            return pattern.sub(german, reason)
    return reason


def _summary(p: Profile, lang: str) -> str:
    phrases = _SUMMARY[lang]
    text = phrases["intro"].format(
        n=p.n_segments, docs=p.n_documents, labelled=p.n_labelled, share=_pct(p.customer_focus_share.value)
    )
    if p.type == "insufficient_evidence":
        return text + phrases["thin"].format(reasons="; ".join(_localized(r, lang) for r in p.reasons))
    return text + phrases["body"].format(
        stance=phrases["stance"][int((p.stance_index.value or 0) > 0)],
        scope=phrases["scope"][int((p.scope_index.value or 0) > 0)],
        si=_num(p.stance_index.value),
        si_low=_num(p.stance_index.low),
        si_high=_num(p.stance_index.high),
        sc=_num(p.scope_index.value),
        sc_low=_num(p.scope_index.low),
        sc_high=_num(p.scope_index.high),
        type=type_name(p.type, lang),
    )


def compare(profiles: Mapping[str, Profile]) -> pd.DataFrame:
    """One row per company (the mapping's keys) with every figure and its interval."""
    if not isinstance(profiles, Mapping):
        raise TypeError("compare() takes a dict {name: Profile}")
    rows = []
    for name, prof in profiles.items():
        if not isinstance(prof, Profile):
            raise TypeError(f"compare(): value for {name!r} is {type(prof).__name__}, not a Profile")
        rows.append({"name": name, **_figures(prof)})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------- entry
NEEDED_COMPONENTS = frozenset({"orientation_segmenter", "orientation_classifier", "parser", "senter", "tok2vec"})
# spaCy refuses texts over nlp.max_length (1,000,000 characters); long documents are cut at line
# breaks into pieces of at most this size and their segments re-joined under one document id.
MAX_CHUNK_CHARS = 200_000


def profile(
    data: Any,
    *,
    nlp: Any = None,
    text_column: str = "text",
    n_process: int = 1,
    batch_size: int = 64,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Profile:
    """The orientation profile of ``data``.

    Parameters
    ----------
    data
        One of: a string (one document); an iterable of strings (documents); an iterable of
        ``(text, metadata_dict)`` records or of objects with ``.text`` and ``.meta`` (as
        ``analyzer.ingest`` yields); a DataFrame with a ``text_column`` and metadata columns
        (one document per row); or a DataFrame returned by ``classify`` (already classified
        segments; an optional ``doc_id`` column groups them into documents).
    nlp : spacy.Language, optional
        Pipeline from ``analyzer.load``; default the shipped one.
    n_process, batch_size
        Passed to ``nlp.pipe``; results do not depend on them.
    seed
        Seed of the bootstrap; the same seed gives the same intervals.
    progress
        Called with the number of segments of each document once it is classified.
    """
    if isinstance(data, pd.DataFrame) and set(LABELS) <= set(data.columns) and "labels" in data.columns:
        return profile_from_frame(_classified_frame(data), seed=seed)
    documents = list(_documents(data, text_column))
    if nlp is None:
        from .pipeline import default_pipeline

        nlp = default_pipeline()
    table = segment_table(documents, nlp, n_process=n_process, batch_size=batch_size, progress=progress)
    return profile_from_frame(table, seed=seed)


def segment_table(
    documents: list[tuple[str, dict[str, Any]]],
    nlp: Any,
    *,
    n_process: int = 1,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Segment and classify ``(text, metadata)`` documents into the tidy segment table.

    Documents stream through ``nlp.pipe``; each is turned into rows as soon as its last chunk is
    classified, so only one document's spaCy docs are held at a time.
    """
    pieces = ((chunk, i) for i, (text, _) in enumerate(documents) for chunk in _chunks(text))
    frames: list[pd.DataFrame] = []
    current: int | None = None
    current_docs: list = []

    def finish(index: int, docs: list) -> None:
        meta = dict(documents[index][1])
        doc_id = str(meta.pop("doc_id", None) or meta.get("url") or meta.get("source") or f"doc{index}")
        parts = [segments_from_docs([doc], [{"doc_id": doc_id, **meta}]) for doc in docs]
        parts = [part for part in parts if not part.empty]
        if parts:
            frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
            frame["position"] = range(len(frame))
            frames.append(frame)
        if progress is not None:
            progress(sum(len(part) for part in parts))

    # Components the classification does not read (lemmatizer, tagger, NER …) are switched off here;
    # a parser or senter stays, since it sets the sentence boundaries.
    unused = [name for name in nlp.pipe_names if name not in NEEDED_COMPONENTS]
    for doc, owner in nlp.pipe(pieces, as_tuples=True, n_process=n_process, batch_size=batch_size, disable=unused):
        if current is not None and owner != current:
            finish(current, current_docs)
            current_docs = []
        current = owner
        current_docs.append(doc)
    if current is not None:
        finish(current, current_docs)
    if not frames:
        return segments_from_docs([])
    return pd.concat(frames, ignore_index=True)


def _chunks(text: str) -> list[str]:
    if len(text) <= MAX_CHUNK_CHARS:
        return [text]
    out, start = [], 0
    while start < len(text):
        end = min(start + MAX_CHUNK_CHARS, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        out.append(text[start:end])
        start = end
    return out


def _documents(data: Any, text_column: str):
    """Yield ``(text, metadata)`` for each document of ``data``; raise TypeError for other input."""
    if isinstance(data, str):
        yield data, {}
        return
    if isinstance(data, pd.DataFrame):
        if text_column not in data.columns:
            raise ValueError(
                f"DataFrame has no text column {text_column!r} (columns: {list(data.columns)}); "
                "pass text_column=… or a DataFrame from classify()"
            )
        meta_cols = [c for c in data.columns if c != text_column]
        for i, row in enumerate(data.itertuples(index=False)):
            values = dict(zip(data.columns, row))
            text = values[text_column]
            if not isinstance(text, str):
                raise TypeError(f"row {i}: {text_column!r} is {type(text).__name__}, not str")
            yield text, {c: values[c] for c in meta_cols if _is_scalar(values[c])}
        return
    if isinstance(data, bytes) or not hasattr(data, "__iter__"):
        raise TypeError(
            f"profile() takes a string, an iterable of strings or (text, metadata) records, "
            f"or a DataFrame; got {type(data).__name__}"
        )
    for i, item in enumerate(data):
        if isinstance(item, str):
            yield item, {}
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], Mapping):
            yield item[0], dict(item[1])
        elif hasattr(item, "text") and hasattr(item, "meta") and isinstance(item.text, str):
            yield item.text, dict(item.meta)
        else:
            raise TypeError(f"profile(): item {i} is {type(item).__name__}; expected str, (text, dict) or a document")


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool, np.integer, np.floating))


def _classified_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A ``classify`` output (optionally with doc_id/position/metadata) as a segment table."""
    frame = frame.copy()
    if "text" not in frame.columns:
        frame["text"] = ""
    if "doc_id" not in frame.columns:
        frame["doc_id"] = "doc0"
    frame["doc_id"] = frame["doc_id"].astype(str)
    if "position" not in frame.columns:
        frame["position"] = frame.groupby("doc_id").cumcount()
    frame["labels"] = frame["labels"].map(lambda v: tuple(v) if isinstance(v, (list, tuple, np.ndarray)) else ())
    return frame
