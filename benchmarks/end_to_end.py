"""End to end: generated mirrored sites of 1,000 and 10,000 HTML pages through `orientation analyze`.

Prints wall time and peak resident memory for each size and how both grow (a factor of 10 in pages
should cost at most about 10× in time; memory should grow far less).

    python benchmarks/end_to_end.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import run_measured
from dumps import make_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    rows = []
    for pages in args.sizes:
        work = Path(tempfile.mkdtemp(prefix=f"e2e-{pages}-"))
        try:
            site = make_site(work / "mirror", pages)
            seconds, peak = run_measured(
                [sys.executable, "-m", "analyzer.cli", "analyze", str(site), "--out", str(work / "out"), "--quiet"]
            )
            rows.append((pages, seconds, peak))
            print(
                f"{pages:>6} pages: {seconds:7.1f} s  ({pages / seconds:6.1f} pages/s)  peak RSS {peak:7.0f} MB",
                flush=True,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if len(rows) >= 2:
        (p0, s0, m0), (p1, s1, m1) = rows[0], rows[-1]
        print(f"pages ×{p1 / p0:.0f}: time ×{s1 / s0:.1f}, peak memory ×{m1 / m0:.2f}")


if __name__ == "__main__":
    main()
