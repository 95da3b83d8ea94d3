"""The public API: load, classify, profile, compare — and what they do with bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import analyzer
from analyzer.aggregate import TYPES

COLUMNS = ["text", "reactive", "proactive", "operational", "strategic", "labels"]


def test_public_api_names():
    for name in ("load", "classify", "profile", "compare", "Profile", "LABELS"):
        assert hasattr(analyzer, name)
    assert analyzer.LABELS == ("reactive", "proactive", "operational", "strategic")


def test_classify_one_row_per_sentence_in_order_without_resegmenting(nlp):
    sentences = [
        "Sie beantworten Kundenanfragen per Telefon und E-Mail.",
        "Impressum",
        "Wir melden uns, bevor Sie fragen. Und zwar immer. Auch nachts.",  # stays one row
    ]
    table = analyzer.classify(sentences, nlp=nlp)
    assert list(table.columns) == COLUMNS
    assert table["text"].tolist() == sentences
    probs = table[["reactive", "proactive", "operational", "strategic"]].to_numpy()
    assert ((probs >= 0) & (probs <= 1)).all()
    for labels in table["labels"]:
        assert isinstance(labels, tuple)
        assert not {"reactive", "proactive"} <= set(labels)
        assert not {"operational", "strategic"} <= set(labels)


def test_classify_labels_agree_with_probabilities_and_thresholds(nlp):
    thresholds = nlp.get_pipe("orientation_classifier").model.thresholds_
    table = analyzer.classify(["Unsere Hotline ist rund um die Uhr für Sie erreichbar."] * 2, nlp=nlp)
    for _, row in table.iterrows():
        for label in row["labels"]:
            assert row[label] >= thresholds[label]


def test_classify_empty_list_gives_empty_frame_with_columns(nlp):
    table = analyzer.classify([], nlp=nlp)
    assert list(table.columns) == COLUMNS
    assert len(table) == 0


@pytest.mark.parametrize("bad", [["ok", 3], ["ok", None], [b"bytes"]])
def test_classify_rejects_non_strings_naming_the_item(nlp, bad):
    with pytest.raises(TypeError, match=r"item \d+ is"):
        analyzer.classify(bad, nlp=nlp)


def test_classify_rejects_a_single_string_with_a_hint(nlp):
    with pytest.raises(TypeError, match="not a single string"):
        analyzer.classify("Wir sind für Sie da.", nlp=nlp)


def test_classify_rejects_non_iterables(nlp):
    with pytest.raises(TypeError, match="iterable of strings"):
        analyzer.classify(42, nlp=nlp)


def test_classify_blank_strings_get_zero_and_no_labels(nlp):
    table = analyzer.classify(["", "   \n", "Wir helfen Ihnen gern."], nlp=nlp)
    assert table.loc[0, ["reactive", "proactive", "operational", "strategic"]].sum() == 0
    assert table.loc[1, "labels"] == ()
    assert table.loc[2, "text"] == "Wir helfen Ihnen gern."


def test_classify_very_long_string(nlp):
    long_text = ("Wir beantworten Ihre Fragen schnell und freundlich. " * 2000)[:100_000]
    table = analyzer.classify([long_text], nlp=nlp)
    assert len(table) == 1
    assert table.loc[0, "text"] == long_text


def test_classify_mixed_languages_gives_a_row_each(nlp):
    table = analyzer.classify(
        ["Our hotline is open 24/7.", "Unsere Hotline ist rund um die Uhr erreichbar.", "日本語のテキスト"], nlp=nlp
    )
    assert len(table) == 3


def test_classify_uses_default_pipeline_when_none_given():
    table = analyzer.classify(["Bei Fragen erreichen Sie uns telefonisch."])
    assert len(table) == 1


def test_profile_from_string_list_and_classified_frame_agree(nlp):
    text = "Wir melden uns, bevor Sie fragen.\nUnsere Hotline ist werktags erreichbar."
    from_string = analyzer.profile(text, nlp=nlp)
    table = analyzer.classify([s.strip() for s in text.split("\n")], nlp=nlp)
    from_frame = analyzer.profile(table)
    assert from_string.n_segments == from_frame.n_segments == 2
    assert from_string.label_counts == from_frame.label_counts
    assert from_string.type in TYPES


def test_profile_of_documents_counts_documents(nlp):
    prof = analyzer.profile(["Wir sind für Sie da.", "Impressum\nKontakt"], nlp=nlp)
    assert prof.n_documents == 2
    assert prof.n_segments == 3
    frame = prof.to_frame()
    assert {"doc_id", "position", "text", "labels", *analyzer.LABELS} <= set(frame.columns)


def test_profile_to_dict_is_json_safe_and_complete(nlp):
    prof = analyzer.profile("Wir passen unser Angebot Ihren Wünschen an.", nlp=nlp)
    data = json.loads(json.dumps(prof.to_dict()))
    for key in (
        "type",
        "customer_focus_share",
        "stance_index",
        "scope_index",
        "stance_index_interval",
        "scope_index_interval",
        "evidence",
        "label_counts",
        "n_segments",
    ):
        assert key in data
    assert data["type"] in TYPES


@pytest.mark.parametrize("data", ["", [], ["", "  "]])
def test_profile_of_empty_input_is_insufficient_evidence(nlp, data):
    prof = analyzer.profile(data, nlp=nlp)
    assert prof.type == "insufficient_evidence"
    assert prof.n_labelled == 0
    assert prof.stance_index.value is None


@pytest.mark.parametrize("bad", [42, [1, 2], b"bytes", [("text", "not a dict")]])
def test_profile_rejects_bad_input_with_a_clear_message(nlp, bad):
    with pytest.raises(TypeError, match="profile"):
        analyzer.profile(bad, nlp=nlp)


def test_profile_dataframe_needs_a_text_column(nlp):
    with pytest.raises(ValueError, match="no text column"):
        analyzer.profile(pd.DataFrame({"body": ["x"]}), nlp=nlp)


def test_compare_one_row_per_company(nlp):
    a = analyzer.profile("Wir rufen Sie an, bevor Ihr Vertrag ausläuft.", nlp=nlp)
    b = analyzer.profile("Bei Fragen sind wir für Sie da.", nlp=nlp)
    table = analyzer.compare({"A": a, "B": b})
    assert table["name"].tolist() == ["A", "B"]
    for column in ("type", "stance_index", "stance_index_low", "stance_index_high", "scope_index_low"):
        assert column in table.columns
    with pytest.raises(TypeError, match="not a Profile"):
        analyzer.compare({"A": "nope"})
