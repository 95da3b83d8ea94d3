"""Ingestion alone: pages per second and peak memory for a generated mirror and a large WARC.gz.

python benchmarks/ingest_speed.py [--pages 2000] [--warc-gb 1.0] [--warc-html 10000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import run_measured
from dumps import make_site, make_warc

COUNT = "import sys, analyzer; ing = analyzer.ingest(*sys.argv[1:]); n = sum(1 for _ in ing); print(n, ing.report['skipped'])"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--warc-gb", type=float, default=1.0)
    parser.add_argument("--warc-html", type=int, default=10000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        site = make_site(work / "mirror", args.pages)
        seconds, peak = run_measured([sys.executable, "-c", COUNT, str(site)])
        print(
            f"mirror: {args.pages} HTML pages in {seconds:.1f} s = {args.pages / seconds:.1f} pages/s, peak RSS {peak:.0f} MB"
        )
        warc = make_warc(work / "crawl.warc.gz", target_bytes=int(args.warc_gb * 1e9), html_pages=args.warc_html)
        size = warc.stat().st_size / 1e9
        seconds, peak = run_measured([sys.executable, "-c", COUNT, str(warc)])
        print(
            f"WARC: {size:.2f} GB ({args.warc_html} HTML responses + binary records) in {seconds:.1f} s = "
            f"{args.warc_html / seconds:.1f} HTML pages/s, {size * 1000 / seconds:.0f} MB/s, peak RSS {peak:.0f} MB"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
