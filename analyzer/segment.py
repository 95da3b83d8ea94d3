"""Segmentation of German business text into sentences, headings, list items and lines.

Text from websites and documents is not a sequence of well-formed sentences: headings, bullet items,
table rows and menu lines have no final punctuation, and abbreviations (``z. B.``, ``Tel.``,
``GmbH & Co. KG``) put full stops in the middle of sentences. The rules here:

1. Every line is a segment of its own, except a line that plainly continues the previous one
   (a hyphenated or soft line break inside a sentence, as PDF extraction produces).
2. Inside a line, a sentence ends at ``.``, ``!``, ``?`` or ``…`` (plus closing quotes or brackets)
   followed by white space and an upper-case letter, digit, quote or bullet — unless the full stop
   belongs to an abbreviation, an initial, an ordinal or a date.

``segment_offsets`` is the plain function; ``orientation_segmenter`` is the spaCy component that
applies it (or, on a base pipeline with a parser, only the line rules, leaving sentence boundaries
inside lines to the parser).
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# Lower-cased abbreviations (without their full stop) after which a full stop does not end a sentence.
# Taken from German business text: addresses, opening hours, legal forms, units, Latin-style short forms.
ABBREVIATIONS = frozenset(
    """
    abs abt allg anm bzgl bzw ca co dipl dr dt ehem eigtl einschl entspr etc evtl exkl fa ff fr frl gem geb
    gegr ggf ggfs ggü hr hrn hrsg inkl jh jhd jährl jr kap lt max mind min mio mo di mi do sa so mrd mwst nr
    nrn o.ä od pkt pl prof rd rer nat med s sog st std str tel tsd u.a u.ä usw uvm v vgl vs zzgl zzt zt
    jan feb febr mär apr jun jul aug sep sept okt nov dez ing mag bspw bzw i.d.r i.a z.b d.h u.u o.g s.o s.u
    kl hbf ord gr bd tab abb nachf verf wg zw zb dh
    """.split()
)

_BULLET = r"(?:[-–—•·▪◦*►✓✔→]|\d{1,2}[.)]|[a-z][)])"
_SENTENCE_END = re.compile(r"(?:[.!?]+|…)[\"'»«“”‘’)\]]*(?=\s+)")
_NEXT_STARTS_SENTENCE = re.compile(r"\s+(?=[\"'»«„“‚(\[]?[A-ZÄÖÜ0-9]|" + _BULLET + r"\s)")
_WORD_BEFORE = re.compile(r"([\wÄÖÜäöüß.&/-]+)$")
_INITIALS = re.compile(r"^(?:[A-Za-zÄÖÜäöü]\.)*[A-Za-zÄÖÜäöü]$")


def segment_offsets(text: str, *, split_sentences: bool = True) -> list[tuple[int, int]]:
    """Character offsets ``(start, end)`` of the segments of ``text``, in order.

    White space around segments is excluded; empty lines produce no segment. With
    ``split_sentences=False`` only the line rules apply.

    >>> text = "Kontakt\\nRufen Sie uns an, z. B. Mo. bis Fr. ab 8 Uhr. Wir helfen gern."
    >>> [text[s:e] for s, e in segment_offsets(text)]
    ['Kontakt', 'Rufen Sie uns an, z. B. Mo. bis Fr. ab 8 Uhr.', 'Wir helfen gern.']
    """
    segments: list[tuple[int, int]] = []
    for start, end in _logical_lines(text):
        if not split_sentences:
            segments.append((start, end))
            continue
        seg_start = start
        for match in _SENTENCE_END.finditer(text, start, end):
            if not _ends_sentence(text, seg_start, match):
                continue
            following = _NEXT_STARTS_SENTENCE.match(text, match.end(), end)
            if following is None:
                continue
            segments.append((seg_start, match.end()))
            seg_start = following.end()
        if seg_start < end:
            segments.append((seg_start, end))
    return segments


def _logical_lines(text: str) -> list[tuple[int, int]]:
    """Stripped line spans, with soft-wrapped continuation lines merged into their predecessor."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            lines.append((-1, -1))  # blank line: a hard break
            continue
        if lines and lines[-1][0] >= 0 and _continues(text[lines[-1][0] : lines[-1][1]], text[start:end]):
            lines[-1] = (lines[-1][0], end)
        else:
            lines.append((start, end))
    return [span for span in lines if span[0] >= 0]


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the wrapped rest of the sentence in ``previous``."""
    if re.match(_BULLET + r"\s", line):
        return False
    first = line[0]
    if previous.endswith("-") and len(previous) > 1 and previous[-2].isalpha() and first.islower():
        return True  # hyphenated line break: "Kunden-" / "service"
    if previous[-1] in ".!?:;|…" or not first.islower():
        return False
    # A lower-case start after a line without final punctuation: a wrapped sentence, unless the
    # previous line is short enough to be a heading or a menu entry.
    return len(previous.split()) >= 4


def _ends_sentence(text: str, seg_start: int, match: re.Match[str]) -> bool:
    punct = match.group(0)
    if not punct.startswith("."):
        return True
    if punct.startswith("..."):
        return True
    word_match = _WORD_BEFORE.search(text, seg_start, match.start())
    if word_match is None:
        return True
    word = word_match.group(1).lower().rstrip(".")
    last = word.rsplit(".", 1)[-1] if "." in word else word
    if word in ABBREVIATIONS or last in ABBREVIATIONS:
        return False
    if _INITIALS.match(word):  # "z. B.", "A. Schmidt", "u.a"
        return False
    if word.isdigit() and len(word) <= 2:
        if word_match.start() == seg_start:
            return False  # "1. Wir hören zu": a list number, not a sentence
        return _next_word(text, match.end()) in SENTENCE_STARTERS  # "am 3. Oktober", "im 19. Jh."
    if word.endswith("str"):  # "Lindenstr. 4": street names
        return False
    if re.fullmatch(r"\d{1,2}\.\d{1,2}", word):  # "24.12. 2026" / "bis 31.12. verlängert"
        return False
    return True


# After a one- or two-digit number and a full stop, German text almost always continues with an
# ordinal's noun ("3. Oktober", "2. Stock", "19. Jh."). Only these typical sentence openers after
# it signal that the number ended a sentence ("… waren es 12. Das …").
SENTENCE_STARTERS = frozenset(
    "wir sie er es das die der dies diese dieser dieses ich ihr ihre unser unsere man auch damit dann "
    "deshalb daher so seit mit in im bei für und aber".split()
)


def _next_word(text: str, pos: int) -> str:
    found = re.match(r"\s*[\"'»«„“‚(]?([\wäöüß]+)", text[pos : pos + 40])
    return found.group(1).lower() if found else ""


@Language.factory(
    "orientation_segmenter",
    assigns=["token.is_sent_start"],
    default_config={"split_sentences": True},
)
def make_orientation_segmenter(nlp: Language, name: str, *, split_sentences: bool) -> OrientationSegmenter:
    """Segmenter for German business text. ``split_sentences=False`` applies only the line rules,
    for base pipelines whose parser or senter finds sentence boundaries."""
    return OrientationSegmenter(name=name, split_sentences=split_sentences)


class OrientationSegmenter:
    """Sets ``token.is_sent_start`` from ``segment_offsets``."""

    def __init__(self, *, name: str = "orientation_segmenter", split_sentences: bool = True) -> None:
        self.name = name
        self.split_sentences = split_sentences

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        starts = sorted(start for start, _ in segment_offsets(doc.text, split_sentences=self.split_sentences))
        boundary_tokens = set()
        pointer = 0
        for token in doc:
            while pointer < len(starts) and starts[pointer] < token.idx:
                pointer += 1  # a boundary inside a token: attach it to the next token start
            if pointer < len(starts) and token.idx >= starts[pointer]:
                boundary_tokens.add(token.i)
                pointer += 1
        # Setting token.is_sent_start one by one re-checks the whole doc each time (quadratic);
        # one from_array call sets all boundaries at once. 1 = starts a segment, -1 = does not,
        # 0 = undecided (left to a parser or senter further down the pipeline).
        values = numpy.full((len(doc), 1), -1 if self.split_sentences else 0, dtype="int64")
        values[sorted(boundary_tokens | {0}), 0] = 1
        doc.from_array([SENT_START], values.astype("uint64"))  # spaCy's array type; -1 wraps as in spaCy
        return doc

    # Stateless: nothing to serialise beyond the config.
    def to_disk(self, path, *, exclude=tuple()):
        return None

    def from_disk(self, path, *, exclude=tuple()):
        return self
