"""The spaCy pipeline: base selection, component registration, serialisation."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.training import Example

import analyzer
from analyzer import pipeline


def test_blank_base_has_segmenter_lemmatizer_and_classifier(nlp):
    assert nlp.lang == "de"
    assert nlp.pipe_names == ["orientation_segmenter", "lemmatizer", "orientation_classifier"]
    doc = nlp("Service\nWir sind für Sie da. Rufen Sie an!")
    assert [s.text.strip() for s in doc.sents] == ["Service", "Wir sind für Sie da.", "Rufen Sie an!"]
    assert all(s._.orientation is not None for s in doc.sents)
    assert doc[2].lemma_  # lookup lemmas from spacy-lookups-data


def test_span_orientation_holds_probabilities_and_labels(nlp):
    doc = nlp("Unsere Hotline ist montags bis freitags erreichbar.")
    result = next(doc.sents)._.orientation
    assert set(result) == {"reactive", "proactive", "operational", "strategic", "labels"}
    assert doc[0:2]._.orientation is None  # not a segment
    assert doc._.profile.n_segments == 1


def test_pipe_equals_call(nlp):
    texts = ["Wir melden uns vorab per SMS.", "Impressum\nKontakt", "Ihre Meinung zählt."]
    piped = [d._.orientation_segments for d in nlp.pipe(texts, batch_size=2)]
    called = [nlp(t)._.orientation_segments for t in texts]
    assert piped == called


def test_saved_pipeline_loads_with_spacy_load_in_a_fresh_interpreter(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipe")
    code = (
        "import spacy, sys; nlp = spacy.load(sys.argv[1]); doc = nlp('Wir sind für Sie da.');"
        "print(nlp.pipe_names[-1], len(doc._.orientation_segments))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "pipe")], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["orientation_classifier", "1"]


def test_default_base_is_blank_when_de_core_news_md_is_missing():
    assert not spacy.util.is_package("de_core_news_md")
    assert analyzer.load().pipe_names[0] == "orientation_segmenter"


def _small_base_pipeline(path):
    """A stand-in for de_core_news_md: German, with a trained senter and lookup lemmas."""
    base = spacy.blank("de")
    base.add_pipe("senter")
    texts = [("Das ist gut. Wir helfen gern.", [1, 0, 0, 0, 1, 0, 0, 0]), ("Hallo Welt. Ja.", [1, 0, 0, 1, 0])]
    examples = [Example.from_dict(base.make_doc(t), {"sent_starts": s}) for t, s in texts]
    optimizer = base.initialize(lambda: examples)
    for _ in range(30):
        base.update(examples, sgd=optimizer)
    lemmatizer = base.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize()
    base.to_disk(path)
    return path


def test_base_pipeline_with_senter_is_combined_with_line_rules(tmp_path):
    base_path = _small_base_pipeline(tmp_path / "base")
    nlp = analyzer.load(base=base_path)
    assert nlp.pipe_names == ["orientation_segmenter", "senter", "lemmatizer", "orientation_classifier"]
    assert nlp.get_pipe("orientation_segmenter").split_sentences is False
    doc = nlp("Kundenservice\nDas ist gut. Wir helfen gern.")
    segments = [s.text.strip() for s in doc.sents]
    assert segments[0] == "Kundenservice"  # the line rule, whatever the senter says
    assert len(segments) >= 2
    assert all(s._.orientation is not None for s in doc.sents if s.text.strip())  # blank spans carry none


def test_default_base_uses_de_core_news_md_when_installed(tmp_path, monkeypatch):
    base_path = _small_base_pipeline(tmp_path / "base")
    monkeypatch.setattr(pipeline, "BASE_PACKAGE", str(base_path))
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: name == str(base_path))
    assert "senter" in analyzer.load().pipe_names


def test_unknown_or_foreign_base_gives_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="cannot load base pipeline"):
        analyzer.load(base="de_core_news_md")
    spacy.blank("en").to_disk(tmp_path / "en")
    with pytest.raises(ValueError, match="not German"):
        analyzer.load(base=tmp_path / "en")


def test_missing_model_directory_gives_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no trained orientation pipeline"):
        analyzer.load(model=tmp_path)


def test_shipped_model_metadata_names_its_status(nlp):
    meta = nlp.get_pipe("orientation_classifier").meta
    assert "provisional" in meta
    assert meta["train_segments"] > 0
