"""The orientation command, through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "texts"


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("analyze", "classify", "train", "evaluate"):
        assert command in result.output


@pytest.mark.parametrize("command", ["analyze", "classify", "train", "evaluate"])
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
    assert (out / "segments.csv").exists()
    assert json.loads((out / "ingest.json").read_text())["read"] == profile["n_documents"]


def test_analyze_nothing_found_exits_1(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "nothing analysable" in result.output


def test_usage_error_exits_2():
    assert runner.invoke(app, ["analyze"]).exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2
