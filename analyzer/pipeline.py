"""Assembling the full spaCy pipeline: base German pipeline + segmenter + classifier."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from . import classifier as _classifier  # noqa: F401 - registers the component factory
from . import segment as _segment  # noqa: F401 - registers the component factory
from .model import OrientationModel

BASE_PACKAGE = "de_core_news_md"
MODEL_NAME = "orientation_de"


def shipped_model_path() -> Path:
    """Directory of the trained pipeline that ships inside the package."""
    return Path(str(resources.files("analyzer.models") / MODEL_NAME))


def build_pipeline(model: OrientationModel, meta: dict[str, Any] | None = None) -> Language:
    """A blank German pipeline with segmenter, lookup lemmatizer and the given classifier.

    This is what ``orientation train`` saves; ``load()`` reads it back.
    """
    nlp = spacy.blank("de")
    nlp.add_pipe("orientation_segmenter")
    _add_lookup_lemmatizer(nlp)
    component = nlp.add_pipe("orientation_classifier")
    component.set_model(model, meta)
    nlp.meta["name"] = MODEL_NAME
    nlp.meta["description"] = "Customer-focus stance and scope of German business-text segments"
    nlp.meta.setdefault("orientation", {}).update(meta or {})
    return nlp


def _add_lookup_lemmatizer(nlp: Language) -> None:
    """Add spaCy's lookup lemmatizer; its tables come from spacy-lookups-data, installed locally."""
    try:
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize()
    except (ValueError, ImportError, OSError):  # tables missing: keep going without lemmas
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")


def load(base: str | Path | None = None, *, model: str | Path | None = None) -> Language:
    """Load the full orientation pipeline.

    Parameters
    ----------
    base : str, Path or None
        The underlying German pipeline. ``None`` uses the installed package ``de_core_news_md``
        when present, otherwise a blank German pipeline with our own segmenter and the lookup
        lemmatizer. ``"blank"`` forces the latter. Any other value is a package name or path
        given to ``spacy.load``; its parser or senter then sets sentence boundaries inside
        lines and its lemmatizer the lemmas, combined with our line and list rules.
    model : str, Path or None
        A trained orientation pipeline directory; default the one shipped with the package.

    Returns
    -------
    spacy.Language
        A pipeline whose docs carry ``Span._.orientation`` and ``Doc._.profile``.
    """
    model_dir = Path(model) if model is not None else shipped_model_path()
    if not (model_dir / "config.cfg").exists():
        raise FileNotFoundError(f"no trained orientation pipeline at {model_dir} (config.cfg missing)")
    if base is None:
        base = BASE_PACKAGE if _is_installed(BASE_PACKAGE) else "blank"
    if str(base) == "blank":
        return spacy.load(model_dir)
    try:
        nlp = spacy.load(base)
    except OSError as err:
        raise ValueError(f"cannot load base pipeline {base!r}: {err}") from err
    if nlp.lang != "de":
        raise ValueError(f"base pipeline {base!r} is for language {nlp.lang!r}, not German ('de')")
    has_boundaries = any(name in nlp.pipe_names for name in ("parser", "senter"))
    first_boundary = next((n for n in nlp.pipe_names if n in ("parser", "senter")), None)
    if has_boundaries:
        nlp.add_pipe("orientation_segmenter", before=first_boundary, config={"split_sentences": False})
    else:
        nlp.add_pipe("orientation_segmenter", first=True)
    shipped = spacy.load(model_dir)
    nlp.add_pipe("orientation_classifier", source=shipped)
    nlp.meta.setdefault("orientation", {}).update(shipped.meta.get("orientation", {}))
    return nlp


def _is_installed(package: str) -> bool:
    return spacy.util.is_package(package)


@functools.lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The pipeline ``classify``/``profile`` use when none is given (loaded once per process)."""
    return load()
