"""The orientation profile: types, intervals, evidence, breakdowns, summaries, input forms."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import analyzer
from analyzer.aggregate import MIN_LABELLED_SEGMENTS, profile_from_frame

LABEL_COLUMNS = ["reactive", "proactive", "operational", "strategic"]


def classified(rows: list[tuple[str, tuple[str, ...]]], docs: int = 1) -> pd.DataFrame:
    """A classify()-style frame where each labelled segment has probability 0.9 for its labels."""
    records = []
    for i, (text, labels) in enumerate(rows):
        record = {"text": text, **{c: (0.9 if c in labels else 0.05) for c in LABEL_COLUMNS}, "labels": labels}
        record["doc_id"] = f"d{i % docs}"
        records.append(record)
    return pd.DataFrame(records, columns=["text", *LABEL_COLUMNS, "labels", "doc_id"])


def many(labels: tuple[str, ...], n: int) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"Segment {i}", labels) for i in range(n)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (many(("reactive", "operational"), 30) + many((), 20), "service"),
        (many(("proactive", "operational"), 30) + many(("reactive", "operational"), 5), "proactive_service"),
        (many(("reactive", "strategic"), 30) + many(("proactive", "strategic"), 4), "customer_orientation"),
        (many(("proactive", "strategic"), 30) + many(("reactive", "operational"), 6), "customer_centricity"),
        (many((), 100), "insufficient_evidence"),
        (many(("proactive", "strategic"), MIN_LABELLED_SEGMENTS - 1), "insufficient_evidence"),
        # balanced on both axes: both intervals straddle zero
        (many(("proactive", "strategic"), 20) + many(("reactive", "operational"), 20), "insufficient_evidence"),
    ],
    ids=[
        "service",
        "proactive_service",
        "customer_orientation",
        "customer_centricity",
        "no_labels",
        "too_few",
        "balanced",
    ],
)
def test_each_type_from_constructed_input(rows, expected):
    assert analyzer.profile(classified(rows, docs=8)).type == expected


def test_indices_follow_the_formula():
    frame = classified(many(("proactive", "strategic"), 30) + many(("reactive", "operational"), 10))
    prof = analyzer.profile(frame)
    p, r = 30 * 0.9 + 10 * 0.05, 10 * 0.9 + 30 * 0.05
    assert prof.stance_index.value == pytest.approx((p - r) / (p + r), abs=1e-4)
    assert prof.customer_focus_share.value == 1.0
    assert prof.stance_index.low <= prof.stance_index.value <= prof.stance_index.high


def test_intervals_are_reproducible_and_depend_on_the_seed():
    rng = np.random.default_rng(1)
    rows = [
        (f"s{i}", (("proactive", "strategic"), ("reactive", "operational"), ())[rng.integers(3)]) for i in range(300)
    ]
    frame = classified(rows, docs=20)
    first, second = analyzer.profile(frame, seed=7), analyzer.profile(frame, seed=7)
    assert first.to_dict() == second.to_dict()
    other = analyzer.profile(frame, seed=8)
    assert other.stance_index.value == first.stance_index.value
    assert (other.stance_index.low, other.stance_index.high) != (first.stance_index.low, first.stance_index.high)


def test_documents_are_resampled_when_there_are_several():
    rows = many(("proactive", "strategic"), 40)
    assert analyzer.profile(classified(rows, docs=10)).resampled == "document"
    assert analyzer.profile(classified(rows, docs=1)).resampled == "segment"


def test_empty_and_label_free_input_is_insufficient_not_a_division_by_zero(nlp):
    for data in (classified([]), classified(many((), 5)), "", []):
        prof = analyzer.profile(data, nlp=nlp)
        assert prof.type == "insufficient_evidence"
        json.dumps(prof.to_dict())  # still JSON-safe with undefined indices
        assert prof.summary("de") and prof.summary("en")


def test_evidence_lists_the_strongest_segments_with_their_source():
    frame = classified(many(("proactive", "strategic"), 12))
    frame.loc[3, "proactive"] = 0.99
    frame["url"] = [f"https://x.example/p{i}" for i in range(len(frame))]
    prof = analyzer.profile(frame)
    top = prof.evidence["proactive"][0]
    assert top["text"] == "Segment 3"
    assert top["url"] == "https://x.example/p3"
    assert {"doc_id", "position", "probability"} <= set(top)
    assert prof.evidence["reactive"] == []


def test_breakdown_by_metadata_column():
    frame = classified(many(("proactive", "strategic"), 20) + many(("reactive", "operational"), 20))
    frame["genre"] = ["blog"] * 20 + ["faq"] * 20
    table = analyzer.profile(frame).by("genre")
    assert table["genre"].tolist() == ["blog", "faq"]
    assert table.set_index("genre").loc["blog", "type"] == "customer_centricity"
    assert table.set_index("genre").loc["faq", "type"] == "service"
    with pytest.raises(KeyError, match="no column"):
        analyzer.profile(frame).by("nope")


def test_summary_in_german_and_english():
    prof = analyzer.profile(classified(many(("proactive", "strategic"), 30), docs=6))
    assert "Kundenzentrierung" in prof.summary("de")
    assert "customer centricity" in prof.summary("en")
    with pytest.raises(ValueError, match="lang"):
        prof.summary("fr")


def test_input_forms_string_list_records_dataframe(nlp):
    text = "Kundenservice\nWir melden uns, bevor Sie fragen. Bei Fragen rufen Sie uns an."
    as_string = analyzer.profile(text, nlp=nlp)
    as_list = analyzer.profile([text, text], nlp=nlp)
    as_records = analyzer.profile([(text, {"url": "https://a.example/", "genre": "faq"})], nlp=nlp)
    as_frame = analyzer.profile(pd.DataFrame({"text": [text], "company": ["A"]}), nlp=nlp)
    assert as_string.n_segments == 3
    assert as_list.n_segments == 6 and as_list.n_documents == 2
    assert set(as_records.to_frame()["genre"]) == {"faq"}
    assert as_records.to_frame()["doc_id"].iloc[0] == "https://a.example/"
    assert set(as_frame.to_frame()["company"]) == {"A"}
    assert as_string.label_counts == as_frame.label_counts


def test_ingested_documents_are_accepted(nlp, tmp_path):
    (tmp_path / "a.txt").write_text("Wir sind für Sie da.", encoding="utf-8")
    prof = analyzer.profile(analyzer.ingest(tmp_path), nlp=nlp)
    assert prof.n_documents == 1
    assert prof.to_frame()["source"].iloc[0].endswith("a.txt")


def test_one_segment_document(nlp):
    prof = analyzer.profile("Wir sind für Sie da.", nlp=nlp)
    assert prof.n_segments == 1
    assert prof.type == "insufficient_evidence"


def test_fifty_thousand_segment_document(nlp):
    lines = [f"Zeile {i}: Bei Fragen zu Vertrag {i} erreichen Sie unser Serviceteam." for i in range(50_000)]
    prof = analyzer.profile("\n".join(lines), nlp=nlp)
    assert prof.n_segments == 50_000
    assert prof.n_documents == 1
    assert prof.to_frame()["position"].tolist() == list(range(50_000))


def test_multiprocess_results_equal_single_process(nlp):
    texts = [f"Wir melden uns, bevor Ihr Vertrag {i} ausläuft.\nImpressum" for i in range(40)]
    single = analyzer.profile(texts, nlp=nlp, n_process=1)
    multi = analyzer.profile(texts, nlp=nlp, n_process=2, batch_size=8)
    pd.testing.assert_frame_equal(single.to_frame(), multi.to_frame())
    assert single.to_dict() == multi.to_dict()


def test_doc_extension_profile(nlp):
    doc = nlp("Wir melden uns, bevor Sie fragen.\nImpressum")
    assert doc._.profile.n_segments == 2


def test_profile_from_frame_requires_columns():
    with pytest.raises(ValueError, match="lacks column"):
        profile_from_frame(pd.DataFrame({"text": ["x"]}))


def test_insufficient_evidence_summary_is_localized(nlp):
    prof = analyzer.profile("Wir melden uns, bevor Sie fragen.", nlp=nlp)
    assert "nur 1 Segmente mit Label" in prof.summary("de")
    assert "only 1 labelled segments" in prof.summary("en")
