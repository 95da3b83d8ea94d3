"""Throughput of the full pipeline against a bare spaCy German tokenizer on the same texts.

Prints tokens/s and segments/s for several batch sizes and n_process 1 and 2, and the ratio
full pipeline / bare tokenizer (target: at least 0.30).

    python benchmarks/throughput.py [--docs 2000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))

import analyzer
from analyzer.aggregate import NEEDED_COMPONENTS
from analyzer.corpus import read_corpus


def documents(n: int) -> list[str]:
    """Documents of 25 corpus segments each, one per line, as ingested web pages look."""
    texts = [s.text for s in read_corpus()]
    return ["\n".join(texts[(i * 25) % (len(texts) - 25) : (i * 25) % (len(texts) - 25) + 25]) for i in range(n)]


def timed(nlp, texts: list[str], batch_size: int, n_process: int, disable=()) -> tuple[float, int, int]:
    start = time.perf_counter()
    tokens = segments = 0
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process, disable=list(disable)):
        tokens += len(doc)
        segments += len(doc._.orientation_segments or ()) if doc.has_extension("orientation_segments") else 0
    return time.perf_counter() - start, tokens, segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 128, 512])
    args = parser.parse_args()
    texts = documents(args.docs)
    bare = spacy.blank("de")
    full = analyzer.load("blank")
    print(f"{len(texts)} documents, {sum(len(t) for t in texts) / 1e6:.1f} M characters")
    unused = [n for n in full.pipe_names if n not in NEEDED_COMPONENTS]
    print("'all': every component; 'as run': without the components analyze/profile switch off:", unused)
    print(f"{'n_process':>9} {'batch':>6} {'bare tok/s':>11} {'all tok/s':>10} {'ratio':>6} {'as run tok/s':>13} {'seg/s':>7} {'ratio':>6}")
    for n_process in (1, 2):
        for batch_size in args.batch_sizes:
            bare_s, tokens, _ = timed(bare, texts, batch_size, n_process)
            all_s, _, _ = timed(full, texts, batch_size, n_process)
            run_s, _, segments = timed(full, texts, batch_size, n_process, disable=unused)
            print(
                f"{n_process:>9} {batch_size:>6} {tokens / bare_s:>11,.0f} {tokens / all_s:>10,.0f} {bare_s / all_s:>6.2f} "
                f"{tokens / run_s:>13,.0f} {segments / run_s:>7,.0f} {bare_s / run_s:>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
