"""Model load time and the memory of a loaded pipeline (each measured in a fresh interpreter).

python benchmarks/model_load.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CODE = """
import json, resource, time
t0 = time.perf_counter()
import analyzer
t1 = time.perf_counter()
nlp = analyzer.load()
t2 = time.perf_counter()
analyzer.classify(["Wir melden uns, bevor Sie fragen."], nlp=nlp)
t3 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "first_call_s": t3 - t2,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
BASELINE = "import json, resource; import spacy; spacy.blank('de'); print(json.dumps({'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True).stdout)
        for _ in range(args.repeat)
    ]
    base = json.loads(
        subprocess.run([sys.executable, "-c", BASELINE], capture_output=True, text=True, check=True).stdout
    )
    best = min(runs, key=lambda r: r["load_s"])
    print(
        f"import analyzer: {best['import_s']:.2f} s; analyzer.load(): {best['load_s']:.2f} s; first classify: {best['first_call_s'] * 1000:.0f} ms"
    )
    print(f"peak RSS with loaded pipeline: {best['rss_mb']:.0f} MB (bare spacy.blank('de'): {base['rss_mb']:.0f} MB)")


if __name__ == "__main__":
    main()
