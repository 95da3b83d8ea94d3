"""Assemble corpus/segments.jsonl from the annotators' per-batch files.

Each batch has ``batch_N_docs.jsonl`` (one line per document: doc_id, company, genre, industry,
character, language_form) and ``batch_N.jsonl`` (one line per segment in document order: doc_id,
text, labels). This script numbers the segments per document, assigns the train/dev/test split by
document (stratified by genre and character, fixed seed) and applies the adjudicated label
corrections in ``adjudication.jsonl`` (doc_id, position, labels) when present.

Usage: python corpus/build.py RAW_DIR
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from analyzer.corpus import CORPUS_FILE, assign_splits
from analyzer.labels import validate_labels

HERE = Path(__file__).resolve().parent


def main(raw_dir: str) -> None:
    raw = Path(raw_dir)
    docs, segments = {}, defaultdict(list)
    for path in sorted(raw.glob("batch_*_docs.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                docs[record["doc_id"]] = record
    for path in sorted(p for p in raw.glob("batch_*.jsonl") if not p.name.endswith("_docs.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                segments[record["doc_id"]].append(record)
    missing = sorted(set(segments) - set(docs))
    if missing:
        raise SystemExit(f"segments without document metadata: {missing}")
    corrections = {}
    adjudication = HERE / "adjudication.jsonl"
    if adjudication.exists():
        for line in adjudication.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                corrections[(record["doc_id"], record["position"])] = record["labels"]
    splits = assign_splits({d: (docs[d]["genre"], docs[d]["character"]) for d in segments})
    with CORPUS_FILE.open("w", encoding="utf-8") as out:
        for doc_id in sorted(segments):
            doc = docs[doc_id]
            for position, record in enumerate(segments[doc_id]):
                labels = corrections.get((doc_id, position), record["labels"])
                meta = {
                    "doc_id": doc_id,
                    "position": position,
                    "genre": doc["genre"],
                    "industry": doc["industry"],
                    "company": doc["company"],
                    "character": doc["character"],
                    "split": splits[doc_id],
                    "language_form": doc.get("language_form"),
                }
                text = " ".join(record["text"].split())
                out.write(
                    json.dumps(
                        {"text": text, "labels": list(validate_labels(labels)), "meta": meta}, ensure_ascii=False
                    )
                    + "\n"
                )
    print(f"wrote {sum(map(len, segments.values()))} segments of {len(segments)} documents to {CORPUS_FILE}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(HERE / "raw"))
