"""Training the shipped classifier from the corpus, driven by a ``config.cfg``."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from thinc.api import Config

from .classifier import clean_segment
from .corpus import CORPUS_FILE, Segment, label_matrix, read_corpus, split
from .evaluation import evaluate_predictor
from .model import OrientationModel
from .pipeline import build_pipeline

DEFAULT_CONFIG = Path(__file__).resolve().parent.parent / "models" / "configs" / "tfidf_logreg.cfg"


def read_config(path: str | Path = DEFAULT_CONFIG) -> Config:
    """Read a training config (spaCy/thinc ``.cfg`` syntax)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"training config not found: {path}")
    return Config().from_disk(path)


def model_from_config(config: Config) -> OrientationModel:
    """An unfitted ``OrientationModel`` with the ``[model]`` and ``[system]`` settings."""
    params = dict(config["model"])
    return OrientationModel(
        word_ngrams=tuple(params.get("word_ngrams", (1, 2))),
        char_ngrams=tuple(params.get("char_ngrams", (2, 5))),
        min_df=int(params.get("min_df", 2)),
        C=float(params.get("C", 4.0)),
        class_weight=params.get("class_weight", "balanced"),
        seed=int(config["system"].get("seed", 0)),
    )


def train(
    config_path: str | Path = DEFAULT_CONFIG,
    *,
    corpus: str | Path | None = None,
    output: str | Path | None = None,
    max_train_docs: int | None = None,
    provisional: bool = False,
) -> dict[str, Any]:
    """Train on the ``train`` split, calibrate and tune thresholds on ``dev``, score on ``test``.

    Writes a spaCy pipeline directory to ``output`` (default from the config) and returns its
    metadata, including dev and test scores. ``max_train_docs`` trains on the first N training
    documents only (for quick checks).
    """
    config = read_config(config_path)
    corpus_path = Path(corpus or config["paths"]["corpus"])
    if not corpus_path.exists() and not corpus_path.is_absolute():
        corpus_path = CORPUS_FILE.parent.parent / corpus_path
    output_path = Path(output or config["paths"]["output"])
    segments = read_corpus(corpus_path)
    train_set, dev_set, test_set = (split(segments, name) for name in ("train", "dev", "test"))
    if max_train_docs is not None:
        keep = list(dict.fromkeys(s.meta["doc_id"] for s in train_set))[:max_train_docs]
        train_set = [s for s in train_set if s.meta["doc_id"] in set(keep)]
    if not train_set or not dev_set:
        raise ValueError(f"{corpus_path}: needs segments in the train and dev splits")
    model = model_from_config(config)
    start = time.perf_counter()
    model.fit(_texts(train_set), label_matrix(train_set), dev_texts=_texts(dev_set), dev_y=label_matrix(dev_set))
    train_seconds = time.perf_counter() - start

    def predict(texts):
        from .model import decide

        proba = model.predict_proba(texts)
        return proba, decide(proba, model.thresholds_)

    meta: dict[str, Any] = {
        "architecture": "tfidf_logreg",
        "provisional": provisional,
        "config": config.to_str(),
        "corpus_sha256": hashlib.sha256(corpus_path.read_bytes()).hexdigest(),
        "train_segments": len(train_set),
        "train_documents": len({s.meta["doc_id"] for s in train_set}),
        "train_seconds": round(train_seconds, 2),
        "thresholds": model.thresholds_,
        "temperature": model.temperature_,
        "dev": evaluate_predictor(predict, _texts(dev_set), label_matrix(dev_set)),
    }
    if test_set:
        meta["test"] = evaluate_predictor(predict, _texts(test_set), label_matrix(test_set))
    nlp = build_pipeline(model, meta)
    output_path.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output_path)
    meta["output"] = str(output_path)
    meta["size_bytes"] = sum(f.stat().st_size for f in output_path.rglob("*") if f.is_file())
    return meta


def _texts(segments: list[Segment]) -> list[str]:
    return [clean_segment(s.text) for s in segments]
