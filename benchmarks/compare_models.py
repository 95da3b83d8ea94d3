"""Compare segment classifiers on the corpus splits: train on train, tune on dev, report on test.

Usage::

    python benchmarks/compare_models.py [--skip NAME ...] [--no-logo] [--out models/comparison.json]

For every candidate (benchmarks/candidates.py): per-label precision/recall/F1, macro-F1, "any label
vs none" F1, expected calibration error, training seconds, segments per second and model size.
Then a leave-one-genre-out evaluation of the two candidates best on dev: train on train minus the
genre, tune on dev minus the genre, test on every document of that genre.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from candidates import all_candidates

from analyzer.corpus import CORPUS_FILE, label_matrix, read_corpus, split
from analyzer.evaluation import scores
from analyzer.labels import LABELS
from analyzer.model import decide


def run(candidate, train, dev, test) -> dict:
    start = time.perf_counter()
    candidate.fit(train, dev)
    train_seconds = time.perf_counter() - start
    result = {"name": candidate.name, "train_seconds": round(train_seconds, 1)}
    for name, data in (("dev", dev), ("test", test)):
        start = time.perf_counter()
        proba = candidate.predict_proba(data)
        seconds = time.perf_counter() - start
        result[name] = scores(label_matrix(data), decide(proba, candidate.thresholds), proba)
        if name == "test":
            result["segments_per_second"] = round(len(data) / max(seconds, 1e-9))
    result["size_mb"] = round(candidate.size_bytes() / 1e6, 2)
    result["thresholds"] = candidate.thresholds
    return result


def leave_one_genre_out(make, segments) -> dict:
    train_all, dev_all = split(segments, "train"), split(segments, "dev")
    per_genre = {}
    for genre in sorted({s.meta["genre"] for s in segments}):
        train = [s for s in train_all if s.meta["genre"] != genre]
        dev = [s for s in dev_all if s.meta["genre"] != genre]
        held_out = [s for s in segments if s.meta["genre"] == genre]
        candidate = make().fit(train, dev)
        proba = candidate.predict_proba(held_out)
        per_genre[genre] = scores(label_matrix(held_out), decide(proba, candidate.thresholds), proba)
        if hasattr(candidate, "cleanup"):
            candidate.cleanup()
        print(f"  LOGO {candidate.name} {genre}: macro-F1 {per_genre[genre]['macro_f1']:.3f}", flush=True)
    return {
        "per_genre_macro_f1": {g: r["macro_f1"] for g, r in per_genre.items()},
        "per_genre_any_f1": {g: r["any_label"]["f1"] for g, r in per_genre.items()},
        "mean_macro_f1": round(float(np.mean([r["macro_f1"] for r in per_genre.values()])), 4),
        "min_macro_f1": round(float(min(r["macro_f1"] for r in per_genre.values())), 4),
    }


def table(results: list[dict]) -> str:
    head = "| model | macro-F1 | " + " | ".join(f"F1 {label}" for label in LABELS)
    head += " | any-label F1 | ECE | train s | segments/s | size MB |\n"
    head += "|---" * (len(LABELS) + 7) + "|\n"
    rows = []
    for r in results:
        t = r["test"]
        rows.append(
            f"| {r['name']} | {t['macro_f1']:.3f} | "
            + " | ".join(f"{t['per_label'][label]['f1']:.3f}" for label in LABELS)
            + f" | {t['any_label']['f1']:.3f} | {t.get('ece', 0):.3f} | {r['train_seconds']:.0f} | "
            f"{r['segments_per_second']} | {r['size_mb']} |"
        )
    return head + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS_FILE))
    parser.add_argument("--skip", nargs="*", default=[])
    parser.add_argument("--no-logo", action="store_true")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "models" / "comparison.json"))
    args = parser.parse_args()
    segments = read_corpus(args.corpus)
    train, dev, test = (split(segments, name) for name in ("train", "dev", "test"))
    print(f"train {len(train)} / dev {len(dev)} / test {len(test)} segments", flush=True)
    results = []
    for candidate in all_candidates():
        if candidate.name in args.skip:
            continue
        print(f"training {candidate.name} …", flush=True)
        results.append(run(candidate, train, dev, test))
        if hasattr(candidate, "cleanup"):
            candidate.cleanup()
        print(table(results[-1:]).splitlines()[-1], flush=True)
    print("\n" + table(results))
    report = {
        "corpus": args.corpus,
        "sizes": {"train": len(train), "dev": len(dev), "test": len(test)},
        "results": results,
    }
    if not args.no_logo:
        best = sorted(results, key=lambda r: r["dev"]["macro_f1"], reverse=True)[:2]
        makers = {c.name: type(c) for c in all_candidates()}
        configs = {c.name: getattr(c, "config", None) for c in all_candidates()}
        report["leave_one_genre_out"] = {}
        for r in best:
            cls = makers[r["name"]]
            config = configs[r["name"]]

            def make(cls=cls, name=r["name"], config=config):
                return cls(name, config) if cls.__name__ == "SpacyTextcat" else cls()

            report["leave_one_genre_out"][r["name"]] = leave_one_genre_out(make, segments)
            logo = report["leave_one_genre_out"][r["name"]]
            print(f"LOGO {r['name']}: mean macro-F1 {logo['mean_macro_f1']:.3f}, min {logo['min_macro_f1']:.3f}")
    Path(args.out).write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
