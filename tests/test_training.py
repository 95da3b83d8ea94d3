"""Training works end to end on a small slice of the corpus, and the result loads as a pipeline."""

from __future__ import annotations

import analyzer
from analyzer.training import train


def test_training_on_a_tiny_slice_writes_a_loadable_pipeline(tmp_path):
    meta = train(output=tmp_path / "model", max_train_docs=12)
    assert meta["train_documents"] == 12
    assert 0.0 <= meta["dev"]["macro_f1"] <= 1.0
    nlp = analyzer.load(model=tmp_path / "model")
    table = analyzer.classify(["Wir melden uns, bevor Sie fragen."], nlp=nlp)
    assert len(table) == 1
    saved = nlp.get_pipe("orientation_classifier").meta
    assert saved["train_documents"] == 12
    assert saved["thresholds"] == meta["thresholds"]
