"""The orientation command, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from analyzer.aggregate import TYPES
from analyzer.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "texts"
SITES = EXAMPLES.parent / "sites"
JOBS = EXAMPLES.parent / "jobs" / "thermaplan-nordheide"


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "compare", "classify", "train", "evaluate"):
        assert command in result.output


@pytest.mark.parametrize("command", ["analyze", "compare", "classify", "train", "evaluate"])
def test_each_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_classify_reads_stdin_and_writes_csv():
    result = runner.invoke(app, ["classify", "-"], input="Wir sind für Sie da.\n\nImpressum\n")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "text,reactive,proactive,operational,strategic,labels"
    assert len(lines) == 3  # header + two non-empty segments


def test_classify_jsonl(tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("Ihre Zufriedenheit ist unser Ziel.\n", encoding="utf-8")
    result = runner.invoke(app, ["classify", str(source), "--format", "jsonl"])
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert set(record) == {"text", "reactive", "proactive", "operational", "strategic", "labels"}


def test_classify_usage_and_input_errors(tmp_path):
    assert runner.invoke(app, ["classify", "-", "--format", "xml"], input="x\n").exit_code == 2
    empty = runner.invoke(app, ["classify", "-"], input="\n\n")
    assert empty.exit_code == 1
    assert "no segments" in empty.output
    missing = runner.invoke(app, ["classify", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1
    assert "cannot read" in missing.output


def test_analyze_writes_results(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--name", "Beispiel", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out.resolve()) in result.output
    profile = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert profile["name"] == "Beispiel"
    assert profile["n_documents"] == len(list(EXAMPLES.glob("*.txt")))
    for name in ("segments.csv", "segments.parquet", "report.html", "ingest.json"):
        assert (out / name).exists(), name
    assert json.loads((out / "ingest.json").read_text())["read"] == profile["n_documents"]
    segments = pd.read_parquet(out / "segments.parquet")
    assert len(segments) == profile["n_segments"]
    assert {"text", "labels", "reactive", "source", "doc_id", "position"} <= set(segments.columns)
    assert not list(out.glob("*.tmp"))


def test_analyze_json_and_quiet(tmp_path):
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(tmp_path / "j"), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["type"] in TYPES
    quiet = runner.invoke(app, ["analyze", str(EXAMPLES), "--out", str(tmp_path / "q"), "--quiet"])
    assert quiet.exit_code == 0
    assert quiet.output == ""


def test_compare_writes_one_folder_per_company_and_a_joint_report(tmp_path):
    out = tmp_path / "cmp"
    result = runner.invoke(
        app,
        ["compare", f"Thermaplan={SITES / 'thermaplan-nordheide.example'}", f"Thermaplan={JOBS}",
         f"WärmeDirekt={SITES / 'waermedirekt.example'}", "--out", str(out), "--lang", "en"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Report:" in result.output
    table = pd.read_csv(out / "comparison.csv")
    assert table["name"].tolist() == ["Thermaplan", "WärmeDirekt"]
    assert {"stance_index_low", "scope_index_high", "type"} <= set(table.columns)
    for folder in ("Thermaplan", "WärmeDirekt"):
        for name in ("segments.csv", "segments.parquet", "profile.json", "ingest.json", "report.html"):
            assert (out / folder / name).exists()
    ingest = json.loads((out / "Thermaplan" / "ingest.json").read_text(encoding="utf-8"))
    assert ingest["read"] >= 10  # website pages plus three job ads
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Thermaplan" in html and "WärmeDirekt" in html and "Stance" in html


def test_compare_usage_errors_exit_2(tmp_path):
    assert runner.invoke(app, ["compare", f"A={EXAMPLES}", "--out", str(tmp_path)]).exit_code == 2  # one company
    bad = runner.invoke(app, ["compare", "no-equals-sign", f"B={EXAMPLES}", "--out", str(tmp_path)])
    assert bad.exit_code == 2
    assert "NAME=PATH" in bad.output
    assert runner.invoke(app, ["analyze", str(EXAMPLES), "--lang", "fr", "--out", str(tmp_path)]).exit_code == 2


def test_compare_nothing_analysable_exits_1(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(
        app, ["compare", f"A={tmp_path / 'empty'}", f"B={tmp_path / 'nope'}", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "nothing analysable" in result.output


def test_analyze_nothing_found_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "nothing analysable" in result.output


def test_usage_error_exits_2():
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
