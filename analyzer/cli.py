"""The ``orientation`` command line: thin wrappers around the library functions.

Exit codes: 0 success, 1 nothing analysable found (or a failed check), 2 usage error.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="orientation",
    help="Customer-focus orientation of German business texts: reactive/proactive stance and "
    "operational/strategic scope, per sentence and as a profile.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories to analyse.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the results.")] = Path("orientation-output"),
    name: Annotated[str, typer.Option("--name", "-n", help="Name of the company or collection.")] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Ingest, segment, classify and profile PATHS; write segments.csv, profile.json and ingest.json to OUT."""
    from .aggregate import profile
    from .ingest import ingest

    ingestion = ingest(*paths)
    documents = list(ingestion)
    if not documents:
        raise _fail(f"nothing analysable found in {', '.join(map(str, paths))}: {ingestion.report['skipped']}", 1)
    prof = profile(documents)
    out.mkdir(parents=True, exist_ok=True)
    frame = prof.to_frame()
    frame.assign(labels=frame["labels"].map(" ".join)).to_csv(
        out / "segments.csv", index=False, quoting=csv.QUOTE_MINIMAL
    )
    result = {
        "name": name or out.name,
        **prof.to_dict(),
        "summary_de": prof.summary("de"),
        "summary_en": prof.summary("en"),
    }
    (out / "profile.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "ingest.json").write_text(json.dumps(ingestion.report, ensure_ascii=False, indent=2), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif not quiet:
        typer.echo(prof.summary("de"))
        typer.echo(f"\nResults written to {out.resolve()}")


@app.command("classify")
def classify_command(
    file: Annotated[str, typer.Argument(help="File with one segment per line, or - for standard input.")] = "-",
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: csv or jsonl.")] = "csv",
) -> None:
    """Classify one segment per line (no re-segmentation); print labels and probabilities."""
    from .classifier import classify
    from .labels import LABELS

    if fmt not in ("csv", "jsonl"):
        raise _fail(f"--format must be csv or jsonl, not {fmt!r}", 2)
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise _fail(f"cannot read {file}: {err}", 1) from err
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise _fail(f"no segments in {'standard input' if file == '-' else file}", 1)
    table = classify(lines)
    if fmt == "csv":
        table.assign(labels=table["labels"].map(" ".join)).to_csv(sys.stdout, index=False, float_format="%.4f")
    else:
        for row in table.itertuples(index=False):
            record = {"text": row.text, **{label: round(getattr(row, label), 4) for label in LABELS}}
            record["labels"] = list(row.labels)
            typer.echo(json.dumps(record, ensure_ascii=False))


@app.command()
def train(
    config: Annotated[Path | None, typer.Option(help="Training config (.cfg).")] = None,
    corpus: Annotated[Path | None, typer.Option(help="Corpus JSONL (default: from the config).")] = None,
    output: Annotated[Path | None, typer.Option(help="Output pipeline directory (default: from the config).")] = None,
) -> None:
    """Train the classifier from the corpus (train split; dev for calibration and thresholds)."""
    from .evaluation import format_report
    from .training import DEFAULT_CONFIG
    from .training import train as train_model

    try:
        meta = train_model(config or DEFAULT_CONFIG, corpus=corpus, output=output)
    except (FileNotFoundError, ValueError) as err:
        raise _fail(str(err), 2) from err
    typer.echo(f"trained in {meta['train_seconds']:.1f} s on {meta['train_segments']} segments")
    for name in ("dev", "test"):
        if name in meta:
            typer.echo(f"\n{name}:\n{format_report(meta[name])}")
    typer.echo(f"\nsaved to {meta['output']} ({meta['size_bytes'] / 1e6:.1f} MB)")


@app.command()
def evaluate(
    model: Annotated[Path | None, typer.Option(help="Trained pipeline directory (default: the shipped model).")] = None,
    data: Annotated[
        Path | None, typer.Option(help="Annotated JSONL in the corpus format (default: corpus test split).")
    ] = None,
    split: Annotated[str, typer.Option(help="Split to use when the data has splits.")] = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Per-label precision, recall, F1, macro-F1, any-label F1 and calibration error of a model."""
    from .evaluation import evaluate as run_evaluation
    from .evaluation import format_report

    try:
        result = run_evaluation(model, data, split_name=split)
    except (FileNotFoundError, ValueError) as err:
        raise _fail(str(err), 2 if isinstance(err, FileNotFoundError) else 1) from err
    typer.echo(json.dumps(result, indent=2) if as_json else format_report(result))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
