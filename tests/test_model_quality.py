"""The shipped model, evaluated on the corpus test split, holds the figure in its model card."""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.evaluation import evaluate

CARD = Path(__file__).resolve().parent.parent / "models" / "README.md"
TOLERANCE = 0.02  # the card's figure may drift by this much (a retrain with another seed), not more


def _card_figure() -> float:
    found = re.search(r"Shipped model, test split: macro-F1 ([0-9.]+)", CARD.read_text(encoding="utf-8"))
    assert found, f"{CARD} does not state the shipped model's test macro-F1"
    return float(found.group(1))


def test_shipped_model_holds_its_model_card_figure():
    result = evaluate()  # shipped model, corpus test split
    assert result["n"] > 1000
    assert result["macro_f1"] >= _card_figure() - TOLERANCE, (result["macro_f1"], _card_figure())
    assert result["any_label"]["f1"] >= 0.88


def test_evaluate_on_a_user_file_without_splits(tmp_path):
    data = tmp_path / "mine.jsonl"
    data.write_text(
        '{"text": "Bei Fragen erreichen Sie uns werktags.", "labels": ["reactive", "operational"]}\n'
        '{"text": "Impressum", "labels": []}\n',
        encoding="utf-8",
    )
    result = evaluate(data=data)
    assert result["n"] == 2
    assert result["split"] is None
    assert set(result["per_label"]) == {"reactive", "proactive", "operational", "strategic"}
