"""Evaluation of segment classifiers on annotated data in the corpus format."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .corpus import CORPUS_FILE, label_matrix, read_corpus, split
from .labels import LABELS

ECE_BINS = 10


def scores(y_true: np.ndarray, y_pred: np.ndarray, proba: np.ndarray | None = None) -> dict[str, Any]:
    """Per-label precision/recall/F1 with counts, macro-F1, any-vs-none F1 and calibration error.

    ``y_true`` and ``y_pred`` are binary matrices (n, 4) in ``LABELS`` order; ``proba`` (n, 4)
    the predicted probabilities, for the expected calibration error (ECE, 10 equal-width bins
    over all label decisions).
    """
    y_true = np.asarray(y_true, dtype=bool).reshape(-1, len(LABELS))
    y_pred = np.asarray(y_pred, dtype=bool).reshape(-1, len(LABELS))
    per_label = {}
    for j, label in enumerate(LABELS):
        per_label[label] = _prf(y_true[:, j], y_pred[:, j])
    any_true, any_pred = y_true.any(axis=1), y_pred.any(axis=1)
    out = {
        "n": len(y_true),
        "per_label": per_label,
        "macro_f1": round(float(np.mean([per_label[label]["f1"] for label in LABELS])), 4),
        "any_label": _prf(any_true, any_pred),
        "exact_match": round(float((y_true == y_pred).all(axis=1).mean()), 4) if len(y_true) else 0.0,
    }
    if proba is not None:
        out["ece"] = round(expected_calibration_error(y_true, np.asarray(proba)), 4)
    return out


def _prf(true: np.ndarray, pred: np.ndarray) -> dict[str, float | int]:
    tp = int((true & pred).sum())
    fp = int((~true & pred).sum())
    fn = int((true & ~pred).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": int(true.sum()),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def expected_calibration_error(y_true: np.ndarray, proba: np.ndarray, bins: int = ECE_BINS) -> float:
    """ECE over all (segment, label) probabilities: mean |accuracy − confidence| weighted by bin size."""
    p = np.asarray(proba, dtype=float).ravel()
    t = np.asarray(y_true, dtype=float).ravel()
    if len(p) == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(t[mask].mean() - p[mask].mean())
    return float(ece)


def evaluate_predictor(
    predict: Callable[[Sequence[str]], tuple[np.ndarray, np.ndarray]],
    texts: Sequence[str],
    y_true: np.ndarray,
) -> dict[str, Any]:
    """Score ``predict(texts) -> (proba, decided)`` and time it (segments per second)."""
    start = time.perf_counter()
    proba, decided = predict(texts)
    seconds = time.perf_counter() - start
    result = scores(y_true, decided, proba)
    result["seconds"] = round(seconds, 3)
    result["segments_per_second"] = round(len(texts) / seconds, 1) if seconds > 0 else None
    return result


def evaluate(
    model: str | Path | None = None, data: str | Path | None = None, *, split_name: str = "test"
) -> dict[str, Any]:
    """Evaluate a trained orientation pipeline on annotated JSONL data.

    Parameters
    ----------
    model : path, optional
        Trained pipeline directory (default: the shipped model).
    data : path, optional
        Annotated JSONL in the corpus format. Default: the ``test`` split of the project corpus.
        A file whose records have ``meta.split`` is restricted to ``split_name``; one without
        splits is evaluated whole.
    """
    from .classifier import clean_segment
    from .pipeline import load

    nlp = load(model=model) if model is not None else load("blank")
    component = nlp.get_pipe("orientation_classifier")
    path = Path(data) if data is not None else CORPUS_FILE
    segments = read_corpus(path)
    if any("split" in s.meta for s in segments):
        chosen = split(segments, split_name)
        if not chosen:
            raise ValueError(f"{path}: no segment in split {split_name!r}")
        segments = chosen
    if not segments:
        raise ValueError(f"{path}: no annotated segments")
    texts = [clean_segment(s.text) for s in segments]
    result = evaluate_predictor(component.predict_texts, texts, label_matrix(segments))
    result["data"] = str(path)
    result["split"] = split_name if any("split" in s.meta for s in segments) else None
    result["model"] = str(model) if model is not None else "shipped"
    result["thresholds"] = dict(component.model.thresholds_)
    return result


def format_report(result: dict[str, Any]) -> str:
    """A plain-text table of an evaluation result."""
    lines = [f"{'label':<12} {'P':>6} {'R':>6} {'F1':>6} {'support':>8} {'tp':>5} {'fp':>5} {'fn':>5}"]
    rows = [*((label, result["per_label"][label]) for label in LABELS), ("any label", result["any_label"])]
    for name, m in rows:
        lines.append(
            f"{name:<12} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} {m['support']:>8} "
            f"{m['tp']:>5} {m['fp']:>5} {m['fn']:>5}"
        )
    lines.append(
        f"macro-F1 {result['macro_f1']:.3f}   exact label-set match {result['exact_match']:.3f}   n={result['n']}"
    )
    if "ece" in result:
        lines.append(f"expected calibration error {result['ece']:.3f}")
    if result.get("segments_per_second"):
        lines.append(f"{result['segments_per_second']:.0f} segments/s")
    return "\n".join(lines)
