"""orientation-analyzer: customer-focus stance and scope in German business texts.

Public API::

    import analyzer
    nlp = analyzer.load()                      # spaCy pipeline (segmenter + classifier)
    table = analyzer.classify(["Wir melden uns, bevor Sie fragen."])
    prof = analyzer.profile(text_or_documents) # orientation profile with intervals and evidence
    analyzer.compare({"A": prof_a, "B": prof_b})
"""

from __future__ import annotations

import logging

from .aggregate import Interval, Profile, compare, profile
from .classifier import classify
from .ingest import Document, ingest
from .labels import LABELS
from .pipeline import load

__version__ = "0.1.0"
__all__ = [
    "LABELS",
    "Document",
    "Interval",
    "Profile",
    "__version__",
    "classify",
    "compare",
    "ingest",
    "load",
    "profile",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
