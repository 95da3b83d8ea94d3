"""Language identification of documents and segments (py3langid; its model ships in the package)."""

from __future__ import annotations

import functools
import re

# Languages a German company site mixes in. Restricting the set keeps short German strings from
# being called Italian or Latin (py3langid calls "Impressum" Italian when all 97 languages compete).
CANDIDATES = ("de", "en", "fr", "it", "es", "nl", "pl", "tr", "da", "cs")
# Segments shorter than this many words are not judged: too little signal, and such lines are
# mostly names, figures and menu items.
MIN_WORDS_FOR_SEGMENT = 6
MIN_CONFIDENCE = 0.9


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect(text: str) -> tuple[str, float]:
    """``(language code, probability)`` of ``text`` among ``CANDIDATES``."""
    lang, prob = _identifier().classify(text[:5000])
    return lang, float(prob)


def is_foreign_segment(text: str) -> bool:
    """Whether a segment is confidently not German (long enough to judge)."""
    if len(re.findall(r"\w+", text)) < MIN_WORDS_FOR_SEGMENT:
        return False
    lang, prob = detect(text)
    return lang != "de" and prob >= MIN_CONFIDENCE
