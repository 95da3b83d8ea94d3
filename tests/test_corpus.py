"""The corpus check: passes on the shipped corpus, catches each kind of problem."""

from __future__ import annotations

import json

import pytest

from analyzer.corpus import CORPUS_FILE, Segment, check, main, read_corpus


def seg(text, labels=(), doc="d1", position=0, split="train", genre="faq", character="service"):
    meta = {"doc_id": doc, "position": position, "genre": genre, "industry": "bank", "company": "X",
            "character": character, "split": split}  # fmt: skip
    return Segment(text, tuple(labels), meta)


def test_shipped_corpus_passes_and_reaches_the_required_size(capsys):
    assert main(["check"]) == 0
    counts = json.loads(capsys.readouterr().out.split("\n\ncorpus check")[0])
    assert counts["segments"] >= 4000 and counts["documents"] >= 160
    assert counts["unlabelled_share"] >= 0.35
    assert min(counts["per_label"].values()) >= 600
    assert len(counts["documents_per_genre"]) >= 8 and len(counts["documents_per_industry"]) >= 14


def test_read_corpus_rejects_two_labels_on_one_axis(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "labels": ["reactive", "proactive"], "meta": {}}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:1: at most one stance label"):
        read_corpus(bad)
    bad.write_text(json.dumps({"text": "x", "labels": ["kundenorientiert"], "meta": {}}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown label"):
        read_corpus(bad)


def test_check_finds_split_leaks_positions_and_duplicates():
    long_sentence = "Wir beantworten Ihre Fragen zu Tarifen und Verträgen schnell und freundlich am Telefon."
    segments = [
        seg("Impressum", doc="d1", position=0),
        seg(long_sentence, ["reactive", "operational"], doc="d1", position=1),
        seg("Impressum", doc="d2", position=0, split="test"),  # short boilerplate: allowed
        seg(long_sentence, ["reactive", "operational"], doc="d2", position=2, split="test"),  # gap + exact duplicate
        seg("Anderer Satz.", doc="d1", position=2, split="dev"),  # d1 now in two splits
    ]
    errors = check(segments, require_size=False).errors
    assert any("several splits" in e for e in errors)
    assert any("positions are not" in e for e in errors)
    assert any("exact duplicate" in e for e in errors)
    assert not any("Impressum" in e for e in errors)


def test_check_counts_near_duplicates():
    a = "Unser Kundenservice ist montags bis freitags von acht bis achtzehn Uhr telefonisch für Sie erreichbar."
    b = "Unser Kundenservice ist montags bis freitags von acht bis achtzehn Uhr telefonisch für Sie da."
    segments = [seg(a, doc="d1"), seg(b, doc="d2", split="dev")]
    result = check(segments, require_size=False)
    assert result.counts["near_duplicate_pairs"] == 1
    assert any("near-duplicate" in e for e in result.errors)


def test_check_enforces_the_size_requirements_on_small_data():
    errors = check([seg("Wir helfen gern.", ["reactive"])]).errors
    assert any("segments (need" in e for e in errors)
    assert CORPUS_FILE.exists()
