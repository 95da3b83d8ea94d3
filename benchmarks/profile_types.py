"""How often the profile type of a corpus document matches the character it was written to have.

For every document of the chosen split whose intended character maps to a profile type, the
document's text (its segments joined by line breaks) goes through the full pipeline — segmentation,
classification, profile — and the resulting type is compared with the intended one. The same is done
with the gold labels (profile of the annotated segments), which separates aggregation from
classification errors.

    python benchmarks/profile_types.py [--split test]
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

import pandas as pd

import analyzer
from analyzer.aggregate import profile_from_frame
from analyzer.corpus import read_corpus, split
from analyzer.labels import LABELS

EXPECTED = {
    "service": "service",
    "proactive_service": "proactive_service",
    "customer_orientation": "customer_orientation",
    "customer_centric": "customer_centricity",
    "low_focus": "insufficient_evidence",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test")
    args = parser.parse_args()
    docs = defaultdict(list)
    for seg in split(read_corpus(), args.split):
        docs[seg.meta["doc_id"]].append(seg)
    nlp = analyzer.load("blank")
    rows = []
    for doc_id, segs in sorted(docs.items()):
        character = segs[0].meta["character"]
        if character not in EXPECTED:
            continue
        predicted = analyzer.profile("\n".join(s.text for s in segs), nlp=nlp).type
        gold_frame = pd.DataFrame(
            [{"doc_id": doc_id, "position": i, "text": s.text, **{lab: float(lab in s.labels) for lab in LABELS},
              "labels": s.labels} for i, s in enumerate(segs)]
        )  # fmt: skip
        gold = profile_from_frame(gold_frame).type
        rows.append((doc_id, segs[0].meta["genre"], character, EXPECTED[character], gold, predicted))
    print(f"{'doc':6} {'genre':18} {'intended':22} {'gold-label type':22} {'pipeline type':22}")
    for doc_id, genre, character, _expected, gold, predicted in rows:
        print(f"{doc_id:6} {genre:18} {character:22} {gold:22} {predicted:22}")
    n = len(rows)
    gold_hits = sum(r[3] == r[4] for r in rows)
    hits = sum(r[3] == r[5] for r in rows)
    print(f"\n{n} documents of the {args.split} split with a mappable intended character (mixed excluded)")
    print(f"type from gold labels matches intended character: {gold_hits}/{n} = {gold_hits / n:.0%}")
    print(f"type from the pipeline matches intended character: {hits}/{n} = {hits / n:.0%}")
    print(f"pipeline type equals gold-label type: {sum(r[4] == r[5] for r in rows)}/{n}")
    print("confusions (intended → pipeline):", dict(Counter((r[3], r[5]) for r in rows if r[3] != r[5]).most_common()))


if __name__ == "__main__":
    main()
