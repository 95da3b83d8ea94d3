"""The HTML report: content, escaping, self-containedness, and a real headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import analyzer
from analyzer.report import CompanyResult, render_report, write_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "sites"
HOSTILE = '<p>Wir sind für Sie da. <script>alert("pwned")</script> <img src=x onerror=alert(1)></p>'


@pytest.fixture(scope="module")
def results(nlp):
    out = []
    for name, folder in (("Thermaplan", "thermaplan-nordheide.example"), ("Brakenhoff", "brakenhoff-heizung.example")):
        ingestion = analyzer.ingest(EXAMPLES / folder)
        out.append(CompanyResult(name, analyzer.profile(ingestion, nlp=nlp), ingestion.report))
    return out


def test_report_shows_everything_listed(results, nlp):
    meta = nlp.get_pipe("orientation_classifier").meta
    html = render_report(results, lang="de", model_info={"version": analyzer.__version__, **meta})
    assert html.count("<svg") >= 2  # quadrant chart and label shares, inline
    for result in results:
        assert result.name in html
        assert result.profile.summary("de") in html
        top = result.profile.evidence["proactive"][0]["text"] if result.profile.evidence["proactive"] else None
        if top:
            assert top.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&#34;") in html or top in html
    assert "Stärkste Belege" in html and "Dokumente und Seiten" in html and "Einlesen" in html
    assert "macro-F1" in html  # the model's measured accuracy
    assert "<details>" in html  # every segment of a document viewable
    english = render_report(results, lang="en")
    assert "Strongest evidence" in english


def test_report_is_self_contained(results):
    html = render_report(results)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html and "url(http" not in html


def test_scraped_text_is_escaped(nlp):
    prof = analyzer.profile([(HOSTILE, {"url": "https://evil.example/<b>x</b>"})], nlp=nlp)
    html = render_report([CompanyResult("<Evil & Co>", prof)])
    assert "<script" not in html.lower()
    assert "<img" not in html  # the tag arrives as text only
    assert "&lt;script&gt;" in html
    assert "&lt;Evil &amp; Co&gt;" in html


def test_write_report_is_atomic_and_bad_lang_is_refused(results, tmp_path):
    path = write_report(tmp_path / "r.html", results)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob("*.tmp"))
    with pytest.raises(ValueError, match="lang"):
        render_report(results, lang="fr")


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-logging=stderr", "--v=0",
]  # fmt: skip


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("headless Chromium is not installed and cannot be installed here (needs root and apt-get)")
    for command in (["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"],
                    ["apt-get", "update", "-q"],
                    ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"]):  # fmt: skip
        subprocess.run(
            command, capture_output=True, timeout=900, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        )
        if shutil.which("chromium"):
            return shutil.which("chromium")
    pytest.skip("Debian packages chromium and chromium-driver could not be installed")


@pytest.mark.slow
def test_report_in_a_real_browser(results, tmp_path, monkeypatch):
    monkeypatch.undo()  # the browser needs its local sockets; the report itself loads nothing
    from PIL import Image

    chromium = _chromium()
    report = write_report(tmp_path / "report.html", results)
    shot = tmp_path / "shot.png"
    run = subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1600",
         f"--screenshot={shot}", report.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shot.exists(), run.stderr[-2000:]
    problems = [line for line in run.stderr.splitlines() if "Failed to load resource" in line or "net::ERR_" in line]
    assert problems == []
    image = Image.open(shot).convert("L")
    pixels = list(image.getdata())
    dark = sum(1 for p in pixels if p < 200) / len(pixels)
    assert dark > 0.02, "screenshot is (nearly) blank"
    assert len(set(pixels)) > 20
