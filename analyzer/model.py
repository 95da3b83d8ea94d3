"""The sentence classifier as a scikit-learn style estimator.

``OrientationModel`` predicts, for each segment of text, the probability of the four labels
(``reactive``, ``proactive``, ``operational``, ``strategic``). Internally it fits one three-way
multinomial logistic regression per axis (``{none, reactive, proactive}`` and
``{none, operational, strategic}``) over TF-IDF features of word 1–2-grams and character
2–5-grams. The per-axis softmax makes "at most one label per axis" the natural output; the
character n-grams carry German compounds (``Kundenzufriedenheitsbefragung``) that word
features alone miss.

The fitted state is plain arrays and strings. ``to_bytes``/``from_bytes`` write it with msgpack
(through srsly), never pickle, so a model file cannot execute code when it is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import srsly
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from .labels import AXES, LABELS

FORMAT_VERSION = 1

# Temperatures tried when calibrating on dev data; the NLL curve is smooth, so a coarse
# log-spaced grid is within a fraction of a percent of the optimum.
_TEMPERATURE_GRID = np.exp(np.linspace(np.log(0.25), np.log(4.0), 41))
# Decision thresholds tried per label when tuning on dev data.
_THRESHOLD_GRID = np.round(np.arange(0.15, 0.86, 0.025), 3)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _vectorizer_params(analyzer: str, ngram_range: tuple[int, int], min_df: int) -> dict[str, Any]:
    return {
        "analyzer": analyzer,
        "ngram_range": tuple(ngram_range),
        "min_df": min_df,
        "lowercase": True,
        "sublinear_tf": True,
        "dtype": np.float32,
    }


class OrientationModel:
    """TF-IDF + per-axis logistic regression, with calibration and per-label thresholds.

    Parameters
    ----------
    word_ngrams : (int, int)
        Range of word n-grams.
    char_ngrams : (int, int)
        Range of character n-grams (``char_wb``: within word boundaries).
    min_df : int
        Minimum document frequency of a character n-gram to be kept.
    C : float
        Inverse regularisation strength of the logistic regressions.
    class_weight : str or None
        Passed to ``LogisticRegression``; ``"balanced"`` counters the many unlabelled segments.
    seed : int
        Random seed for the solver.

    Attributes (after ``fit``)
    --------------------------
    vectorizers_ : list of TfidfVectorizer
    coef_ : dict axis -> ndarray of shape (3, n_features)
    intercept_ : dict axis -> ndarray of shape (3,)
    temperature_ : dict axis -> float (1.0 unless calibrated on dev data)
    thresholds_ : dict label -> float in (0, 1) (0.5 unless tuned on dev data)
    """

    def __init__(
        self,
        *,
        word_ngrams: tuple[int, int] = (1, 2),
        char_ngrams: tuple[int, int] = (2, 5),
        min_df: int = 2,
        C: float = 4.0,
        class_weight: str | None = "balanced",
        seed: int = 0,
    ) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.C = C
        self.class_weight = class_weight
        self.seed = seed

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        texts: Sequence[str],
        y: np.ndarray,
        *,
        dev_texts: Sequence[str] | None = None,
        dev_y: np.ndarray | None = None,
    ) -> OrientationModel:
        """Fit on ``texts`` with binary label matrix ``y`` of shape (n_samples, 4).

        With ``dev_texts``/``dev_y``, the per-axis temperature (calibration) and the per-label
        decision thresholds are tuned on them; otherwise temperature 1 and threshold 0.5.
        """
        y = np.asarray(y, dtype=int)
        if y.shape != (len(texts), len(LABELS)):
            raise ValueError(f"y must have shape ({len(texts)}, {len(LABELS)}), got {y.shape}")
        self.vectorizers_ = [
            TfidfVectorizer(**_vectorizer_params("word", self.word_ngrams, 1)),
            TfidfVectorizer(**_vectorizer_params("char_wb", self.char_ngrams, self.min_df)),
        ]
        features = sparse.hstack([v.fit_transform(texts) for v in self.vectorizers_]).tocsr()
        self.coef_, self.intercept_ = {}, {}
        for axis, pair in AXES.items():
            target = _axis_target(y, pair)
            classes = np.unique(target)
            if len(classes) < 2:
                raise ValueError(f"training data has no example of any {axis} label")
            clf = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000, random_state=self.seed)
            clf.fit(features, target)
            coef = np.zeros((3, features.shape[1]), dtype=np.float32)
            intercept = np.full(3, -1e4, dtype=np.float32)  # a class never seen is never predicted
            if len(classes) == 2:  # binary LogisticRegression stores one row: log-odds of classes[1]
                coef[classes[1]] = clf.coef_[0]
                intercept[classes[0]] = 0.0
                intercept[classes[1]] = clf.intercept_[0]
            else:
                coef[classes] = clf.coef_
                intercept[classes] = clf.intercept_
            self.coef_[axis], self.intercept_[axis] = coef, intercept
        self.temperature_ = {axis: 1.0 for axis in AXES}
        self.thresholds_ = {label: 0.5 for label in LABELS}
        if dev_texts is not None and dev_y is not None:
            self.calibrate(dev_texts, dev_y)
            self.tune_thresholds(dev_texts, dev_y)
        return self

    def calibrate(self, texts: Sequence[str], y: np.ndarray) -> OrientationModel:
        """Choose the per-axis softmax temperature that minimises log loss on ``texts``."""
        y = np.asarray(y, dtype=int)
        features = self._features(texts)
        for axis, pair in AXES.items():
            logits = self._logits(features, axis)
            target = _axis_target(y, pair)
            losses = [
                -np.log(_softmax(logits / t)[np.arange(len(target)), target] + 1e-12).mean() for t in _TEMPERATURE_GRID
            ]
            self.temperature_[axis] = float(_TEMPERATURE_GRID[int(np.argmin(losses))])
        return self

    def tune_thresholds(self, texts: Sequence[str], y: np.ndarray) -> OrientationModel:
        """Choose, per label, the decision threshold that maximises its F1 on ``texts``."""
        self.thresholds_ = tune_thresholds(self.predict_proba(texts), y)
        return self

    # --------------------------------------------------------------- prediction
    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Label probabilities, ndarray of shape (n_samples, 4), columns in ``LABELS`` order.

        Each axis's two probabilities sum to at most 1 (the rest is "no label on this axis").
        """
        self._check_fitted()
        if len(texts) == 0:
            return np.zeros((0, len(LABELS)), dtype=np.float64)
        features = self._features(texts)
        columns = []
        for axis in AXES:
            proba = _softmax(self._logits(features, axis) / self.temperature_[axis])
            columns.append(proba[:, 1:])
        return np.hstack(columns).astype(np.float64)

    def predict(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """Predicted label names per text (at most one per axis)."""
        matrix = decide(self.predict_proba(texts), self.thresholds_)
        return [tuple(label for label, on in zip(LABELS, row) if on) for row in matrix]

    def _features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        if not hasattr(self, "_fast_char"):
            self._fast_char = {id(v): CharWbTransformer(v) for v in self.vectorizers_ if v.analyzer == "char_wb"}
        blocks = [
            self._fast_char[id(v)].transform(texts) if id(v) in self._fast_char else v.transform(texts)
            for v in self.vectorizers_
        ]
        return sparse.hstack(blocks).tocsr()

    def _logits(self, features: sparse.csr_matrix, axis: str) -> np.ndarray:
        return np.asarray(features @ self.coef_[axis].T) + self.intercept_[axis]

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("OrientationModel is not fitted; call fit() or from_bytes() first")

    # ------------------------------------------------------------ serialisation
    def to_bytes(self) -> bytes:
        """Serialise the fitted model as msgpack (arrays and strings only)."""
        self._check_fitted()
        state = {
            "format_version": FORMAT_VERSION,
            "params": {
                "word_ngrams": list(self.word_ngrams),
                "char_ngrams": list(self.char_ngrams),
                "min_df": self.min_df,
                "C": self.C,
                "class_weight": self.class_weight,
                "seed": self.seed,
            },
            "vectorizers": [
                {
                    "analyzer": v.analyzer,
                    "ngram_range": list(v.ngram_range),
                    "terms": v.get_feature_names_out().tolist(),
                    "idf": v.idf_.astype(np.float32),
                }
                for v in self.vectorizers_
            ],
            "coef": {axis: c.astype(np.float32) for axis, c in self.coef_.items()},
            "intercept": {axis: i.astype(np.float32) for axis, i in self.intercept_.items()},
            "temperature": self.temperature_,
            "thresholds": self.thresholds_,
        }
        return srsly.msgpack_dumps(state)

    @classmethod
    def from_bytes(cls, data: bytes) -> OrientationModel:
        """Rebuild a fitted model from ``to_bytes`` output."""
        state = srsly.msgpack_loads(data)
        if not isinstance(state, dict) or state.get("format_version") != FORMAT_VERSION:
            raise ValueError(
                f"not an orientation model of format version {FORMAT_VERSION} "
                f"(got {state.get('format_version') if isinstance(state, dict) else type(state).__name__})"
            )
        params = state["params"]
        model = cls(
            word_ngrams=tuple(params["word_ngrams"]),
            char_ngrams=tuple(params["char_ngrams"]),
            min_df=params["min_df"],
            C=params["C"],
            class_weight=params["class_weight"],
            seed=params["seed"],
        )
        model.vectorizers_ = []
        for spec in state["vectorizers"]:
            terms = spec["terms"]
            vectorizer = TfidfVectorizer(
                **_vectorizer_params(spec["analyzer"], tuple(spec["ngram_range"]), 1),
                vocabulary={term: i for i, term in enumerate(terms)},
            )
            vectorizer.idf_ = np.asarray(spec["idf"], dtype=np.float32)
            model.vectorizers_.append(vectorizer)
        model.coef_ = {axis: np.asarray(c, dtype=np.float32) for axis, c in state["coef"].items()}
        model.intercept_ = {axis: np.asarray(i, dtype=np.float32) for axis, i in state["intercept"].items()}
        model.temperature_ = {axis: float(t) for axis, t in state["temperature"].items()}
        model.thresholds_ = {label: float(t) for label, t in state["thresholds"].items()}
        return model


class CharWbTransformer:
    """``TfidfVectorizer(analyzer="char_wb").transform`` with a per-word cache: same output, faster.

    ``char_wb`` n-grams never cross word boundaries, so a document's n-gram counts are the sum of its
    words' counts. Words repeat (Zipf), so each word's vocabulary indices are computed once and
    cached; the classifier spent over half of the pipeline's time re-deriving them per segment.
    Requires ``lowercase=True``, no accent stripping, ``sublinear_tf`` and ``norm="l2"`` as the
    shipped vectorizers use; ``transform`` returns a float32 CSR matrix of shape (n_texts, n_features).
    """

    _WHITE_SPACES = re.compile(r"\s\s+")
    MAX_CACHE = 500_000  # words; about 100 MB at the most, then the cache starts over

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if not (vectorizer.lowercase and vectorizer.sublinear_tf and vectorizer.norm == "l2" and vectorizer.use_idf):
            raise ValueError("CharWbTransformer reproduces only lowercase, sublinear-tf, l2-normed TF-IDF")
        self.vocabulary = vectorizer.vocabulary_
        self.min_n, self.max_n = vectorizer.ngram_range
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.n_features = len(self.idf)
        self._cache: dict[str, list[int]] = {}

    def _word_indices(self, word: str) -> list[int]:
        found = self._cache.get(word)
        if found is None:
            w = " " + word + " "
            w_len = len(w)
            vocab = self.vocabulary
            found = []
            for n in range(self.min_n, self.max_n + 1):  # the same enumeration as sklearn's _char_wb_ngrams
                offset = 0
                gram = vocab.get(w[0:n])
                if gram is not None:
                    found.append(gram)
                while offset + n < w_len:
                    offset += 1
                    gram = vocab.get(w[offset : offset + n])
                    if gram is not None:
                        found.append(gram)
                if offset == 0:
                    break
            if len(self._cache) >= self.MAX_CACHE:
                self._cache.clear()
            self._cache[word] = found
        return found

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr, indices = [0], []
        cache_get, compute, extend = self._cache.get, self._word_indices, indices.extend
        for text in texts:
            for word in self._WHITE_SPACES.sub(" ", text.lower()).split():
                found = cache_get(word)
                extend(found if found is not None else compute(word))
            indptr.append(len(indices))
        counts = sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.float64), np.asarray(indices, dtype=np.int64), np.asarray(indptr)),
            shape=(len(texts), self.n_features),
        )
        counts.sum_duplicates()  # n-gram counts per text
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        return normalize(counts, norm="l2", copy=False).astype(np.float32)


def decide(proba: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    """Turn probabilities (n, 4) into a boolean label matrix (n, 4), at most one label per axis.

    On each axis the label whose probability exceeds its threshold by the larger ratio wins.
    """
    proba = np.asarray(proba, dtype=float)
    out = np.zeros(proba.shape, dtype=bool)
    for offset in (0, 2):  # the two columns of each axis
        t = np.array([thresholds[LABELS[offset]], thresholds[LABELS[offset + 1]]])
        ratio = proba[:, offset : offset + 2] / t
        winner = ratio.argmax(axis=1)
        passes = ratio[np.arange(len(ratio)), winner] >= 1.0
        out[np.arange(len(ratio))[passes], offset + winner[passes]] = True
    return out


def tune_thresholds(proba: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Per-label thresholds that maximise each label's F1 under ``decide`` (one label per axis).

    ``proba`` and ``y`` have shape (n_samples, 4). Labels are tuned one after another, each with
    the thresholds found so far; among equally good thresholds the one closest to 0.5 wins.
    """
    y = np.asarray(y, dtype=int)
    thresholds = {label: 0.5 for label in LABELS}
    for j, label in enumerate(LABELS):
        best, best_f1 = 0.5, -1.0
        for threshold in _THRESHOLD_GRID:
            pred = decide(proba, dict(thresholds, **{label: float(threshold)}))[:, j]
            tp = int((pred & (y[:, j] == 1)).sum())
            f1 = 2 * tp / max(int(pred.sum()) + int(y[:, j].sum()), 1)
            if f1 > best_f1 + 1e-9 or (abs(f1 - best_f1) <= 1e-9 and abs(threshold - 0.5) < abs(best - 0.5)):
                best, best_f1 = round(float(threshold), 4), f1
        thresholds[label] = best
    return thresholds


def _axis_target(y: np.ndarray, pair: tuple[str, str]) -> np.ndarray:
    """Three-way class per row: 0 = neither label, 1 = first label, 2 = second label."""
    first, second = (LABELS.index(label) for label in pair)
    return np.where(y[:, first] == 1, 1, np.where(y[:, second] == 1, 2, 0))
