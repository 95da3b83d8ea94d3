"""Append newly written documents to corpus/segments.jsonl.

Writers deliver batches as ``batch_*_docs.jsonl`` (one line per document: doc_id, company, genre,
industry, character, language_form) and ``batch_*.jsonl`` (one line per segment, in document order:
doc_id, text, labels). Documents already in the corpus are left exactly as they are (their splits
and adjudicated labels included); new documents are numbered by position and assigned to
train/dev/test by document, stratified by genre and character (``analyzer.corpus.assign_splits``).

Usage: python corpus/build.py RAW_DIR
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from analyzer.corpus import CORPUS_FILE, assign_splits
from analyzer.labels import validate_labels


def main(raw_dir: str) -> None:
    raw = Path(raw_dir)
    existing = set()
    if CORPUS_FILE.exists():
        existing = {json.loads(line)["meta"]["doc_id"] for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines()}
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
                if record["doc_id"] not in existing:
                    segments[record["doc_id"]].append(record)
    missing = sorted(set(segments) - set(docs))
    if missing:
        raise SystemExit(f"segments without document metadata: {missing}")
    splits = assign_splits({d: (docs[d]["genre"], docs[d]["character"]) for d in segments})
    with CORPUS_FILE.open("a", encoding="utf-8") as out:
        for doc_id in sorted(segments):
            doc = docs[doc_id]
            for position, record in enumerate(segments[doc_id]):
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
                labels = list(validate_labels(record["labels"]))
                out.write(json.dumps({"text": text, "labels": labels, "meta": meta}, ensure_ascii=False) + "\n")
    print(f"appended {sum(map(len, segments.values()))} segments of {len(segments)} new documents to {CORPUS_FILE}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parent / "raw"))
