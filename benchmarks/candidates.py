"""Candidate segment classifiers for the model comparison (see compare_models.py).

Every candidate has ``fit(train, dev)`` and ``predict_proba(segments) -> ndarray (n, 4)`` over
corpus ``Segment`` objects, a ``thresholds`` dict tuned on dev with the same procedure, and
``size_bytes()``. Decisions always go through ``analyzer.model.decide`` (one label per axis), so
the candidates differ only in how they score segments.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import PREFIX, SUFFIX
from spacy.tokens import DocBin
from spacy.util import registry

from analyzer.classifier import clean_segment
from analyzer.corpus import Segment, label_matrix
from analyzer.labels import LABELS
from analyzer.model import OrientationModel, tune_thresholds
from analyzer.training import model_from_config, read_config

CONFIGS = Path(__file__).resolve().parent.parent / "models" / "configs"


def texts_of(segments: list[Segment]) -> list[str]:
    return [clean_segment(s.text) for s in segments]


@registry.callbacks("orientation.german_affixes.v1")
def german_affixes(prefix_length: int = 5, suffix_length: int = 5):
    """spaCy ``before_creation`` callback: longer PREFIX/SUFFIX lexeme features for German compounds
    (spaCy's defaults are 1 and 3 characters; ``Kundenservice`` then shares only ``ice`` with ``Service``)."""

    def make(lang_cls):
        # spaCy requires the very class back, so its defaults are changed in place; this affects
        # every German pipeline created later in the same process (fine for this benchmark).
        getters = dict(lang_cls.Defaults.lex_attr_getters)
        getters[PREFIX] = lambda text: text[:prefix_length]
        getters[SUFFIX] = lambda text: text[-suffix_length:]
        lang_cls.Defaults.lex_attr_getters = getters
        return lang_cls

    return make


class TfidfLogReg:
    """The shipped architecture (``models/configs/tfidf_logreg.cfg``)."""

    name = "tfidf_logreg"
    config = CONFIGS / "tfidf_logreg.cfg"

    def fit(self, train: list[Segment], dev: list[Segment]) -> TfidfLogReg:
        self.model = model_from_config(read_config(self.config))
        self.model.fit(texts_of(train), label_matrix(train), dev_texts=texts_of(dev), dev_y=label_matrix(dev))
        self.thresholds = self.model.thresholds_
        return self

    def predict_proba(self, segments: list[Segment]) -> np.ndarray:
        return self.model.predict_proba(texts_of(segments))

    def size_bytes(self) -> int:
        return len(self.model.to_bytes())


class SpacyTextcat:
    """spaCy ``textcat_multilabel`` trained with ``spacy train`` from a checked-in config."""

    def __init__(self, name: str, config: Path) -> None:
        self.name = name
        self.config = config

    def fit(self, train: list[Segment], dev: list[Segment]) -> SpacyTextcat:
        from spacy.cli.train import train as spacy_train

        self.workdir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        nlp = spacy.blank("de")
        for split_name, segments in (("train", train), ("dev", dev)):
            docbin = DocBin()
            for seg in segments:
                doc = nlp.make_doc(clean_segment(seg.text))
                doc.cats = {label: float(label in seg.labels) for label in LABELS}
                docbin.add(doc)
            docbin.to_disk(self.workdir / f"{split_name}.spacy")
        spacy_train(
            self.config,
            self.workdir / "out",
            overrides={"paths.train": str(self.workdir / "train.spacy"), "paths.dev": str(self.workdir / "dev.spacy")},
        )
        self.nlp = spacy.load(self.workdir / "out" / "model-best")
        self.thresholds = tune_thresholds(self.predict_proba(dev), label_matrix(dev))
        return self

    def predict_proba(self, segments: list[Segment]) -> np.ndarray:
        docs = self.nlp.pipe(texts_of(segments), batch_size=256)
        return np.array([[doc.cats[label] for label in LABELS] for doc in docs]).reshape(-1, len(LABELS))

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in (self.workdir / "out" / "model-best").rglob("*") if f.is_file())

    def cleanup(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


# The dictionary approach of content-analysis software: stems and phrases per label, taken from the
# definitions and examples in corpus/CODEBOOK.md (not tuned on the corpus).
LEXICON: dict[str, list[str]] = {
    "reactive": [
        r"bei fragen",
        r"erreich",
        r"anfrage",
        r"auf wunsch",
        r"wunsch",
        r"wünsche",
        r"feedback",
        r"rückmeld",
        r"beschwer",
        r"reklamation",
        r"anliegen",
        r"wenden sie sich",
        r"melden sie sich",
        r"rufen sie",
        r"schreiben sie",
        r"kontaktieren",
        r"anregung",
        r"kritik",
        r"umfrage",
        r"befragung",
        r"hilft ihnen",
        r"helfen ihnen",
        r"beantwort",
        r"nach ihren",
        r"individuell",
        r"maßgeschneidert",
        r"noch fragen",
        r"hotline",
        r"für sie da",
        r"für dich da",
        r"zuhören",
        r"ihre meinung",
    ],
    "proactive": [
        r"bevor",
        r"vorab",
        r"frühzeitig",
        r"rechtzeitig",
        r"proaktiv",
        r"vorausschau",
        r"vorausdenk",
        r"erinner",
        r"antizip",
        r"vorhersag",
        r"personalisi",
        r"melden uns",
        r"informieren sie automatisch",
        r"automatisch",
        r"customer journey",
        r"co-creation",
        r"pilotkund",
        r"prototyp",
        r"noch gar nicht",
        r"von sich aus",
        r"im voraus",
        r"vorsorg",
        r"frühwarn",
        r"warnen",
        r"warnung",
        r"kommen auf sie zu",
        r"vorbeug",
        r"vermeid",
    ],
    "operational": [
        r"hotline",
        r"telefon",
        r"\btel\.",
        r"chat",
        r"e-mail",
        r"\buhr\b",
        r"filiale",
        r"schalter",
        r"termin",
        r"rückruf",
        r"ansprechpartner",
        r"berat",
        r"service",
        r"öffnungszeit",
        r"erreichbar",
        r"anruf",
        r"vor ort",
        r"innerhalb von",
        r"stunden",
        r"werktag",
        r"freundlich",
        r"kundencenter",
        r"kundenzentrum",
        r"sms",
        r"wartezeit",
        r"reklamation",
        r"zustell",
        r"lieferung",
    ],
    "strategic": [
        r"strategie",
        r"leitbild",
        r"unternehmen",
        r"kultur",
        r"weiterentwick",
        r"entwickeln",
        r"langfristig",
        r"mittelpunkt",
        r"zufriedenheit",
        r"partnerschaft",
        r"sortiment",
        r"produkt",
        r"alle abteilungen",
        r"ausricht",
        r"vision",
        r"mission",
        r"werte",
        r"vertrauen",
        r"beziehung",
        r"angebot",
        r"innovation",
        r"geschäftsführung",
        r"vorstand",
        r"tarif",
        r"organisation",
        r"prozess",
        r"zukunft",
        r"jahrzehnt",
    ],
}


class Lexicon:
    """Keyword lexicon: each matching stem adds evidence; probability 1 − 0.5^matches per label."""

    name = "lexicon"

    def __init__(self) -> None:
        self.patterns = {label: [re.compile(p) for p in pats] for label, pats in LEXICON.items()}

    def fit(self, train: list[Segment], dev: list[Segment]) -> Lexicon:
        self.thresholds = tune_thresholds(self.predict_proba(dev), label_matrix(dev))
        return self

    def predict_proba(self, segments: list[Segment]) -> np.ndarray:
        rows = []
        for text in texts_of(segments):
            lower = text.lower()
            counts = [sum(bool(p.search(lower)) for p in self.patterns[label]) for label in LABELS]
            rows.append([1 - 0.5**c for c in counts])
        proba = np.array(rows, dtype=float).reshape(-1, len(LABELS))
        for offset in (0, 2):  # keep each axis's two probabilities summing to at most 1
            total = proba[:, offset : offset + 2].sum(axis=1, keepdims=True)
            proba[:, offset : offset + 2] /= np.maximum(total, 1.0)
        return proba

    def size_bytes(self) -> int:
        return sum(len(p) for pats in LEXICON.values() for p in pats)


class Majority:
    """Predicts every label's training prevalence; with thresholds above it, no label at all."""

    name = "majority"

    def fit(self, train: list[Segment], dev: list[Segment]) -> Majority:
        self.prevalence = label_matrix(train).mean(axis=0)
        self.thresholds = {label: 0.5 for label in LABELS}
        return self

    def predict_proba(self, segments: list[Segment]) -> np.ndarray:
        return np.tile(self.prevalence, (len(segments), 1))

    def size_bytes(self) -> int:
        return self.prevalence.nbytes


def all_candidates() -> list:
    return [
        TfidfLogReg(),
        SpacyTextcat("spacy_textcat_bow", CONFIGS / "textcat_bow.cfg"),
        SpacyTextcat("spacy_textcat_ensemble", CONFIGS / "textcat_ensemble.cfg"),
        Lexicon(),
        Majority(),
    ]


__all__ = ["OrientationModel", "all_candidates"]
