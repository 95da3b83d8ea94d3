"""The label scheme: two axes, four labels (see corpus/CODEBOOK.md)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

STANCE = ("reactive", "proactive")
SCOPE = ("operational", "strategic")
LABELS: tuple[str, ...] = STANCE + SCOPE
AXES: dict[str, tuple[str, str]] = {"stance": STANCE, "scope": SCOPE}


def validate_labels(labels: Iterable[str]) -> tuple[str, ...]:
    """Return ``labels`` in canonical order, or raise ``ValueError``.

    Allowed are the four label names, at most one per axis.
    """
    labels = tuple(labels)
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"unknown label(s) {unknown}; allowed: {list(LABELS)}")
    for axis, pair in AXES.items():
        if all(label in labels for label in pair):
            raise ValueError(f"at most one {axis} label allowed, got both {pair}")
    return tuple(label for label in LABELS if label in labels)


def labels_to_matrix(label_sets: Sequence[Iterable[str]]) -> list[list[int]]:
    """Binary indicator rows, one per item, columns in ``LABELS`` order."""
    return [[int(label in set(labels)) for label in LABELS] for labels in label_sets]
