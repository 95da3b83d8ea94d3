"""The built wheel carries the trained model: install it (not editable) and use it from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_from_any_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("orientation_analyzer-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    # Dependencies come from the test environment's site-packages (a plain path entry: its .pth
    # files, including the editable install of this checkout, are not processed).
    site = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    code = (
        "import analyzer, pathlib; nlp = analyzer.load(); "
        "assert 'site-packages' in analyzer.__file__, analyzer.__file__; "
        "print(nlp.pipe_names[-1], analyzer.classify(['Wir sind für Sie da.']).shape)"
    )
    out = subprocess.run([python, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[0] == "orientation_classifier"
    cli = subprocess.run(
        [env_dir / "bin" / "orientation", "--help"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert cli.returncode == 0, cli.stderr
    assert "analyze" in cli.stdout
