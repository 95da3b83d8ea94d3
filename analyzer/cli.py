"""The ``orientation`` command line: thin wrappers around the library functions.

Exit codes: 0 success, 1 nothing analysable found (or a failed check), 2 usage error.
"""

from __future__ import annotations

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


def _run(name: str, paths: list[Path], out: Path, nlp, *, show_progress: bool, lang: str, **kwargs):
    """run_analysis with progress bars for pages read and segments classified."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .runner import run_analysis

    columns = (SpinnerColumn(), TextColumn("{task.description}: {task.completed}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=not show_progress, transient=True) as bar:
        reading = bar.add_task(f"{name} · pages read", total=None)
        classified = bar.add_task(f"{name} · segments classified", total=None)
        return run_analysis(
            name,
            paths,
            out,
            nlp,
            lang=lang,
            on_document_read=lambda: bar.advance(reading),
            on_segments_classified=lambda n: bar.advance(classified, n),
            **kwargs,
        )


def _pipeline(model: Path | None):
    from .pipeline import default_pipeline, load

    return load(model=model) if model is not None else default_pipeline()


@app.command()
def analyze(
    paths: Annotated[
        list[Path], typer.Argument(help="Files, folders (e.g. a wget mirror), WARC, CSV/JSONL, or - for stdin.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the results.")] = Path("orientation-output"),
    name: Annotated[str, typer.Option("--name", "-n", help="Name of the company or collection.")] = "",
    lang: Annotated[str, typer.Option(help="Language of the report: de or en.")] = "de",
    model: Annotated[Path | None, typer.Option(help="Trained pipeline directory (default: shipped).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON (for scripts).")] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an interrupted run from its checkpoints in OUT.")
    ] = False,
    checkpoint_every: Annotated[int, typer.Option(help="Documents per checkpoint of a resumable run.", min=1)] = 500,
) -> None:
    """Ingest, segment, classify and profile PATHS.

    Writes segments.parquet, segments.csv, profile.json, ingest.json and report.html to OUT.
    """
    if lang not in ("de", "en"):
        raise _fail(f"--lang must be de or en, not {lang!r}", 2)
    nlp = _pipeline(model)
    name = name or (paths[0].resolve().name if str(paths[0]) != "-" else "stdin")
    try:
        company, report = _run(
            name, paths, out, nlp, show_progress=not (quiet or as_json), lang=lang,
            resume=resume, checkpoint_every=checkpoint_every,
        )  # fmt: skip
    except ValueError as err:
        raise _fail(str(err), 2) from err
    if company is None:
        raise _fail(f"nothing analysable found in {', '.join(map(str, paths))}; skipped: {report['skipped']}", 1)
    if as_json:
        typer.echo(json.dumps({"name": name, **company.profile.to_dict()}, ensure_ascii=False, indent=2))
    elif not quiet:
        typer.echo(company.profile.summary(lang))
        typer.echo(f"\nReport: {(out / 'report.html').resolve()}")
        typer.echo(f"All results in {out.resolve()}")


def _parse_pairs(pairs: list[str]) -> list[tuple[str, list[Path]]]:
    companies: dict[str, list[Path]] = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name.strip() or not path.strip():
            raise typer.BadParameter(f"{pair!r} is not NAME=PATH", param_hint="COMPANIES")
        companies.setdefault(name.strip(), []).append(Path(path.strip()))
    if len(companies) < 2:
        raise typer.BadParameter("compare needs at least two companies", param_hint="COMPANIES")
    return list(companies.items())


@app.command()
def compare(
    companies: Annotated[
        list[str], typer.Argument(help="NAME=PATH pairs; repeat a NAME to give a company several paths.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the results.")] = Path("orientation-compare"),
    lang: Annotated[str, typer.Option(help="Language of the report: de or en.")] = "de",
    model: Annotated[Path | None, typer.Option(help="Trained pipeline directory (default: shipped).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON (for scripts).")] = False,
) -> None:
    """Analyse several companies and compare them side by side.

    Writes one folder per company (as analyze does), comparison.csv and report.html to OUT.
    """
    import re

    from ._files import write_atomic
    from .aggregate import compare as compare_profiles
    from .report import write_report
    from .runner import model_info

    if lang not in ("de", "en"):
        raise _fail(f"--lang must be de or en, not {lang!r}", 2)
    pairs = _parse_pairs(companies)
    nlp = _pipeline(model)
    results = []
    for name, paths in pairs:
        slug = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "company"
        company, _ = _run(name, paths, out / slug, nlp, show_progress=not (quiet or as_json), lang=lang)
        if company is None:
            typer.echo(f"warning: nothing analysable for {name} in {', '.join(map(str, paths))}", err=True)
            continue
        results.append(company)
    if not results:
        raise _fail("nothing analysable found for any company", 1)
    table = compare_profiles({r.name: r.profile for r in results})
    write_atomic(out / "comparison.csv", lambda tmp: table.to_csv(tmp, index=False))
    write_report(out / "report.html", results, lang=lang, model_info=model_info(nlp))
    if as_json:
        typer.echo(table.to_json(orient="records", force_ascii=False, indent=2))
    elif not quiet:
        for r in results:
            typer.echo(f"{r.name}: {r.profile.summary(lang)}\n")
        typer.echo(f"Report: {(out / 'report.html').resolve()}")
        typer.echo(f"All results in {out.resolve()}")


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
