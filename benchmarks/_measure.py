"""Run a command and report wall time and peak resident memory (largest process of its tree)."""

from __future__ import annotations

import json
import subprocess
import sys

# A fresh wrapper process per measurement: RUSAGE_CHILDREN's maxrss is the largest peak among the
# waited-for children of *this* wrapper only, so earlier measurements cannot mask later ones.
_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
seconds = time.perf_counter() - start
print(json.dumps({"code": code, "seconds": seconds,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def run_measured(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of ``command``; raises if it fails."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *command], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise RuntimeError(f"{command} exited with {result['code']}")
    return result["seconds"], result["peak_mb"]
