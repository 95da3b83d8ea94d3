"""OrientationModel: the estimator's contract and its pickle-free serialisation."""

from __future__ import annotations

import numpy as np
import pytest

from analyzer.model import OrientationModel, decide

TEXTS = [
    "Wir rufen Sie an, bevor Ihr Vertrag ausläuft.",
    "Wir erinnern Sie rechtzeitig an die Wartung.",
    "Bei Fragen erreichen Sie uns telefonisch.",
    "Ihre Beschwerde bearbeiten wir sofort.",
    "Unsere Strategie richtet das ganze Unternehmen am Kunden aus.",
    "Ihr Feedback fließt in die Entwicklung neuer Produkte ein.",
    "Impressum",
    "Unser Firmensitz liegt in Kassel.",
]
Y = np.array(
    [[0, 1, 1, 0], [0, 1, 1, 0], [1, 0, 1, 0], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]]
)


@pytest.fixture(scope="module")
def fitted():
    return OrientationModel(min_df=1, C=50.0).fit(TEXTS, Y)


def test_overfits_a_handful_of_examples(fitted):
    predicted = fitted.predict(TEXTS)
    expected = [
        tuple(name for name, on in zip(("reactive", "proactive", "operational", "strategic"), row) if on) for row in Y
    ]
    assert predicted == expected


def test_predict_proba_shape_and_axis_sums(fitted):
    proba = fitted.predict_proba([*TEXTS, "völlig neuer Satz"])
    assert proba.shape == (len(TEXTS) + 1, 4)
    assert (proba[:, :2].sum(axis=1) <= 1 + 1e-9).all()
    assert (proba[:, 2:].sum(axis=1) <= 1 + 1e-9).all()
    assert fitted.predict_proba([]).shape == (0, 4)


def test_round_trip_through_bytes_keeps_predictions(fitted):
    restored = OrientationModel.from_bytes(fitted.to_bytes())
    np.testing.assert_allclose(restored.predict_proba(TEXTS), fitted.predict_proba(TEXTS), atol=1e-5)
    assert restored.thresholds_ == fitted.thresholds_


def test_from_bytes_rejects_foreign_data():
    import srsly

    with pytest.raises(ValueError, match="format version"):
        OrientationModel.from_bytes(srsly.msgpack_dumps({"format_version": 99}))


def test_unfitted_model_says_so():
    with pytest.raises(RuntimeError, match="not fitted"):
        OrientationModel().predict_proba(["x"])


def test_fit_checks_label_shape():
    with pytest.raises(ValueError, match="shape"):
        OrientationModel().fit(TEXTS, Y[:3])


def test_calibration_and_thresholds_are_tuned_on_dev():
    model = OrientationModel(min_df=1).fit(TEXTS, Y, dev_texts=TEXTS, dev_y=Y)
    assert set(model.temperature_) == {"stance", "scope"}
    assert all(0 < t < 1 for t in model.thresholds_.values())


def test_decide_enforces_one_label_per_axis():
    proba = np.array([[0.45, 0.46, 0.9, 0.05], [0.1, 0.2, 0.3, 0.3]])
    out = decide(proba, {"reactive": 0.4, "proactive": 0.4, "operational": 0.5, "strategic": 0.5})
    assert out.tolist() == [[False, True, True, False], [False, False, False, False]]


def test_cached_char_transform_equals_sklearn(nlp):
    from analyzer.classifier import clean_segment
    from analyzer.corpus import read_corpus
    from analyzer.model import CharWbTransformer

    model = nlp.get_pipe("orientation_classifier").model
    vectorizer = next(v for v in model.vectorizers_ if v.analyzer == "char_wb")
    texts = [clean_segment(s.text) for s in read_corpus()[:3000]] + ["", "  ", "Ä", "x" * 5000, "a  \t b\n c"]
    fast = CharWbTransformer(vectorizer)
    for _ in range(2):  # cold and warm cache
        got = fast.transform(texts)
        expected = vectorizer.transform(texts)
        assert got.shape == expected.shape
        assert abs(got - expected).max() < 1e-6
