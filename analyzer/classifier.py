"""The ``orientation_classifier`` spaCy component and the ``classify`` function.

The component classifies every segment of a ``Doc`` (its ``doc.sents``: sentences, headings, list
items) with an ``OrientationModel`` and stores the result on the doc. It exposes:

- ``Span._.orientation``: for a segment, a dict with the four label probabilities and
  ``labels`` (tuple of predicted label names); ``None`` for a span that is not a segment;
- ``Doc._.orientation_segments``: one record per segment ``[start, end, probabilities, labels]``
  (token offsets; JSON/msgpack-safe so docs survive ``nlp.pipe(n_process=…)`` and ``DocBin``);
- ``Doc._.profile``: the orientation profile of the doc (see ``analyzer.aggregate``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Span

from .labels import LABELS
from .model import OrientationModel, decide

MODEL_FILE = "model.msgpack"
META_FILE = "meta.json"

# Bullet markers are layout, not content; the corpus stores list items without them.
_LEADING_MARKER = re.compile(r"^\s*(?:[-–—•·▪◦*►✓✔→]+|\d{1,2}[.)]|[a-z][)])\s+")


_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-\s*\n\s*(?=[a-zäöüß])")


def join_lines(text: str) -> str:
    """A segment's text on one line: hyphenated line breaks joined ("Kunden-\\nservice" → "Kundenservice"),
    other line breaks inside it (soft-wrapped PDF lines) turned into spaces."""
    return " ".join(_HYPHEN_BREAK.sub("", text).split())


def clean_segment(text: str) -> str:
    """The text the model sees for a segment: on one line, without leading bullet markers."""
    return _LEADING_MARKER.sub("", join_lines(text)).strip()


def _span_orientation(span: Span) -> dict[str, Any] | None:
    for start, end, proba, labels in span.doc._.orientation_segments or ():
        if start == span.start and end == span.end:
            return {**dict(zip(LABELS, proba)), "labels": tuple(labels)}
    return None


def _doc_profile(doc: Doc):
    from .aggregate import profile_from_docs

    return profile_from_docs([doc])


def register_extensions() -> None:
    """Register the ``Doc``/``Span`` extension attributes (idempotent)."""
    if not Doc.has_extension("orientation_segments"):
        Doc.set_extension("orientation_segments", default=None)
    if not Doc.has_extension("profile"):
        Doc.set_extension("profile", getter=_doc_profile)
    if not Span.has_extension("orientation"):
        Span.set_extension("orientation", getter=_span_orientation)


register_extensions()


@Language.factory(
    "orientation_classifier",
    assigns=["doc._.orientation_segments"],
    default_config={"batch_size": 256},
)
def make_orientation_classifier(nlp: Language, name: str, *, batch_size: int) -> OrientationClassifier:
    """Create the segment classifier; its model is read by ``from_disk`` or set by ``set_model``."""
    return OrientationClassifier(name=name, batch_size=batch_size)


class OrientationClassifier:
    """Classify each segment of a doc for customer-focus stance and scope."""

    def __init__(self, *, name: str = "orientation_classifier", batch_size: int = 256) -> None:
        self.name = name
        self.batch_size = batch_size
        self.model: OrientationModel | None = None
        self.meta: dict[str, Any] = {}

    def set_model(self, model: OrientationModel, meta: dict[str, Any] | None = None) -> None:
        """Attach a fitted model and its metadata (shown in reports and model cards)."""
        self.model = model
        self.meta = dict(meta or {})

    # --------------------------------------------------------------- inference
    def predict_texts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Probabilities (n, 4) and boolean label matrix (n, 4) for already cleaned texts."""
        if self.model is None:
            raise RuntimeError(f"component '{self.name}' has no model; load a trained pipeline")
        proba = self.model.predict_proba(texts)
        return proba, decide(proba, self.model.thresholds_)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= (batch_size or self.batch_size):
                yield from self._process(batch)
                batch = []
        if batch:
            yield from self._process(batch)

    def _process(self, docs: list[Doc]) -> list[Doc]:
        per_doc = [_segments(doc) for doc in docs]  # [(span, cleaned text), ...] per doc
        texts = [text for segments in per_doc for _, text in segments]
        if texts:
            proba, decided = self.predict_texts(texts)
        else:
            proba, decided = np.zeros((0, len(LABELS))), np.zeros((0, len(LABELS)), dtype=bool)
        rounded = np.round(proba, 6).tolist()
        names = [[label for label, on in zip(LABELS, row) if on] for row in decided.tolist()]
        i = 0
        for doc, segments in zip(docs, per_doc):
            records = []
            for span, _ in segments:
                records.append([span.start, span.end, rounded[i], names[i]])
                i += 1
            doc._.orientation_segments = records
        return docs

    # ----------------------------------------------------------- serialisation
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model is None:
            raise RuntimeError(f"component '{self.name}' has no model to save")
        data = self.model.to_bytes()
        (path / MODEL_FILE).write_bytes(data)
        # stdlib json, not srsly's ujson: it writes floats such as 0.35 exactly
        meta = {**self.meta, "sha256": hashlib.sha256(data).hexdigest()}
        (path / META_FILE).write_text(json.dumps(meta, indent=2, default=float), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OrientationClassifier:
        path = Path(path)
        model_path = path / MODEL_FILE
        if not model_path.exists():
            raise FileNotFoundError(f"no classifier model at {model_path}")
        data = model_path.read_bytes()
        meta_path = path / META_FILE
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        expected = meta.get("sha256")
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise ValueError(f"{model_path} does not match the checksum in {path / META_FILE}; file corrupted?")
        self.set_model(OrientationModel.from_bytes(data), meta)
        return self


def _segments(doc: Doc) -> list[tuple[Span, str]]:
    """The non-blank segments of ``doc`` with their cleaned text: its sentences if boundaries are
    set, else the whole doc."""
    spans = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    out = []
    for span in spans:
        text = clean_segment(span.text)
        if text:
            out.append((span, text))
    return out


def classify(sentences: Iterable[str], *, nlp: Language | None = None) -> pd.DataFrame:
    """Classify each given sentence as it is, without re-segmenting it.

    Parameters
    ----------
    sentences : iterable of str
        Segments (sentences, headings, list items). Empty or blank strings get probability 0 and
        no labels. A single string is refused: pass ``[text]``, or use ``profile(text)`` to
        segment a whole text.
    nlp : spacy.Language, optional
        A pipeline from ``analyzer.load``; default the shipped one.

    Returns
    -------
    pandas.DataFrame
        One row per sentence, in input order: ``text``, ``reactive``, ``proactive``,
        ``operational``, ``strategic`` (probabilities in [0, 1]) and ``labels`` (tuple of the
        predicted label names, at most one per axis).
    """
    if isinstance(sentences, (str, bytes)):
        raise TypeError(
            "classify() takes a list of sentences, not a single string; "
            "use classify([text]) or profile(text) to segment a whole text"
        )
    try:
        items = list(sentences)
    except TypeError:
        raise TypeError(f"classify() takes an iterable of strings, got {type(sentences).__name__}") from None
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise TypeError(f"classify(): item {i} is {type(item).__name__}, not str: {item!r:.60}")
    columns = ["text", *LABELS, "labels"]
    if not items:
        return pd.DataFrame({c: pd.Series(dtype=float if c in LABELS else object) for c in columns})
    component = _component(nlp)
    cleaned = [clean_segment(text) for text in items]
    nonblank = [i for i, text in enumerate(cleaned) if text]
    proba = np.zeros((len(items), len(LABELS)))
    decided = np.zeros((len(items), len(LABELS)), dtype=bool)
    if nonblank:
        p, d = component.predict_texts([cleaned[i] for i in nonblank])
        proba[nonblank], decided[nonblank] = p, d
    frame = pd.DataFrame(proba, columns=list(LABELS))
    frame.insert(0, "text", items)
    frame["labels"] = [tuple(label for label, on in zip(LABELS, row) if on) for row in decided]
    return frame


def _component(nlp: Language | None) -> OrientationClassifier:
    if nlp is None:
        from .pipeline import default_pipeline

        nlp = default_pipeline()
    if "orientation_classifier" not in nlp.pipe_names:
        raise ValueError("the pipeline has no 'orientation_classifier'; load it with analyzer.load()")
    return nlp.get_pipe("orientation_classifier")
