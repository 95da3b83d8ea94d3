"""Reporting: one self-contained HTML file for one or several companies.

Charts are drawn with matplotlib and embedded as inline SVG; styles are inline; there is no
JavaScript and nothing is loaded from the network, so the file opens offline and can be mailed.
All scraped text goes through jinja2's autoescaping: a page containing ``<script>`` shows it as
text and runs nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ._files import write_atomic
from .aggregate import Profile, type_name
from .labels import LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"
COLORS = {"reactive": "#d9822b", "proactive": "#2b8a3e", "operational": "#1c7ed6", "strategic": "#862e9c"}
MAX_SEGMENTS_PER_DOCUMENT = 400  # segments listed per document in the report; the CSV/Parquet hold all

TEXTS = {
    "de": {
        "title": "Kundenorientierungs-Profil",
        "comparison": "Vergleich",
        "quadrant": "Haltung × Reichweite",
        "stance": "Haltung (reaktiv ← → proaktiv)",
        "scope": "Reichweite (operativ ← → strategisch)",
        "label_shares": "Anteil der Segmente je Label",
        "type": "Typ",
        "summary": "Zusammenfassung",
        "evidence": "Stärkste Belege",
        "documents": "Dokumente und Seiten",
        "segments": "Segmente",
        "share": "Anteil mit Kundenbezug",
        "stance_index": "Stance-Index",
        "scope_index": "Scope-Index",
        "interval": "95-%-Intervall",
        "ingest": "Einlesen",
        "read": "gelesen",
        "skipped": "übersprungen",
        "deduplicated": "als Dublette/Boilerplate entfernt",
        "non_german": "nicht deutsch",
        "model": "Modell",
        "accuracy": "gemessene Güte auf dem Test-Split",
        "all_segments": "Alle Segmente anzeigen",
        "no_evidence": "keine Segmente mit diesem Label",
        "source": "Quelle",
        "company": "Unternehmen",
        "labels": {
            "reactive": "reaktiv",
            "proactive": "proaktiv",
            "operational": "operativ",
            "strategic": "strategisch",
        },
        "legend": "Farben: reaktiv, proaktiv, operativ, strategisch. Segmente ohne Farbe tragen kein Label.",
    },
    "en": {
        "title": "Customer orientation profile",
        "comparison": "Comparison",
        "quadrant": "Stance × scope",
        "stance": "Stance (reactive ← → proactive)",
        "scope": "Scope (operational ← → strategic)",
        "label_shares": "Share of segments per label",
        "type": "Type",
        "summary": "Summary",
        "evidence": "Strongest evidence",
        "documents": "Documents and pages",
        "segments": "Segments",
        "share": "Customer-focus share",
        "stance_index": "Stance index",
        "scope_index": "Scope index",
        "interval": "95% interval",
        "ingest": "Ingestion",
        "read": "read",
        "skipped": "skipped",
        "deduplicated": "removed as duplicate/boilerplate",
        "non_german": "not German",
        "model": "Model",
        "accuracy": "measured on the test split",
        "all_segments": "Show all segments",
        "no_evidence": "no segment with this label",
        "source": "Source",
        "company": "Company",
        "labels": {
            "reactive": "reactive",
            "proactive": "proactive",
            "operational": "operational",
            "strategic": "strategic",
        },
        "legend": "Colours: reactive, proactive, operational, strategic. Segments without colour carry no label.",
    },
}


@dataclass
class CompanyResult:
    """What the report shows for one company: its profile and, if ingested, the ingest report."""

    name: str
    profile: Profile
    ingest_report: Mapping[str, Any] = field(default_factory=dict)


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog and doctype: the SVG is inlined in HTML


def quadrant_chart(results: list[CompanyResult], lang: str = "de") -> str:
    """SVG of each company's (stance, scope) position with its 95 % intervals as error bars."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: smaller, searchable
    texts = TEXTS[lang]
    fig, ax = plt.subplots(figsize=(5.2, 5.2))
    ax.axhline(0, color="#999", lw=0.8)
    ax.axvline(0, color="#999", lw=0.8)
    quadrants = (
        (-1.0, -1.0, "left", "bottom", "service"), (1.0, -1.0, "right", "bottom", "proactive_service"),
        (-1.0, 1.0, "left", "top", "customer_orientation"), (1.0, 1.0, "right", "top", "customer_centricity"),
    )  # fmt: skip
    for x, y, ha, va, kind in quadrants:
        name = type_name(kind, lang).replace(" (", "\n(")
        ax.text(x, y, name, ha=ha, va=va, fontsize=7.5, color="#999", multialignment=ha)
    palette = ["#e8590c", "#1971c2", "#2f9e44", "#ae3ec9", "#f08c00", "#0c8599"]
    for i, result in enumerate(results):
        p = result.profile
        if p.stance_index.value is None or p.scope_index.value is None:
            continue
        x, y = p.stance_index.value, p.scope_index.value
        xerr = [[x - (p.stance_index.low if p.stance_index.low is not None else x)],
                [(p.stance_index.high if p.stance_index.high is not None else x) - x]]  # fmt: skip
        yerr = [[y - (p.scope_index.low if p.scope_index.low is not None else y)],
                [(p.scope_index.high if p.scope_index.high is not None else y) - y]]  # fmt: skip
        color = palette[i % len(palette)]
        ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="o", color=color, capsize=3, ms=7)
        ax.annotate(result.name, (x, y), textcoords="offset points", xytext=(6, 6), fontsize=9, color=color)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel(texts["stance"])
    ax.set_ylabel(texts["scope"])
    ax.set_title(texts["quadrant"])
    return _svg(fig)


def label_share_chart(results: list[CompanyResult], lang: str = "de") -> str:
    """SVG bar chart: per company, the share of segments carrying each label."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    texts = TEXTS[lang]
    fig, ax = plt.subplots(figsize=(6.4, 0.9 + 0.55 * len(results) * 2))
    height = 0.8 / len(LABELS)
    for j, label in enumerate(LABELS):
        shares = [r.profile.label_counts[label] / max(r.profile.n_segments, 1) for r in results]
        positions = [i + j * height for i in range(len(results))]
        ax.barh(positions, shares, height=height, color=COLORS[label], label=texts["labels"][label])
    ax.set_yticks([i + 0.4 - height / 2 for i in range(len(results))])
    ax.set_yticklabels([r.name for r in results])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(texts["label_shares"])
    return _svg(fig)


def _documents(profile: Profile) -> list[dict[str, Any]]:
    """Per document: its figures and its segments (for the collapsible full view)."""
    frame = profile.segments
    if frame.empty:
        return []
    table = profile.by("doc_id").set_index("doc_id")
    out = []
    for doc_id, group in frame.groupby("doc_id", sort=False):
        row = table.loc[doc_id]
        first = group.iloc[0]
        out.append(
            {
                "doc_id": doc_id,
                "title": first.get("title") if isinstance(first.get("title"), str) else None,
                "url_path": first.get("url_path") if isinstance(first.get("url_path"), str) else None,
                "n_segments": int(row["n_segments"]),
                "share": row["customer_focus_share"],
                "stance": row["stance_index"],
                "scope": row["scope_index"],
                "counts": {label: int(row[f"n_{label}"]) for label in LABELS},
                "segments": [
                    {"text": seg.text, "labels": list(seg.labels)}
                    for seg in group.head(MAX_SEGMENTS_PER_DOCUMENT).itertuples(index=False)
                ],
                "truncated": len(group) > MAX_SEGMENTS_PER_DOCUMENT,
            }
        )
    return out


def render_report(
    results: list[CompanyResult], *, lang: str = "de", model_info: Mapping[str, Any] | None = None
) -> str:
    """The HTML report as a string (see module docstring)."""
    if lang not in TEXTS:
        raise ValueError(f"lang must be one of {sorted(TEXTS)}, got {lang!r}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"], default=True),
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = lambda x: "–" if x is None or x != x else f"{x:+.2f}"
    env.filters["pct"] = lambda x: "–" if x is None or x != x else f"{100 * x:.0f} %"
    companies = [
        {
            "name": r.name,
            "slug": re.sub(r"[^a-z0-9]+", "-", r.name.lower()).strip("-") or f"c{i}",
            "profile": r.profile,
            "type_name": type_name(r.profile.type, lang),
            "summary": r.profile.summary(lang),
            "evidence": r.profile.evidence,
            "documents": _documents(r.profile),
            "ingest": dict(r.ingest_report),
        }
        for i, r in enumerate(results)
    ]
    return env.get_template("report.html.j2").render(
        t=TEXTS[lang],
        lang=lang,
        labels=LABELS,
        colors=COLORS,
        companies=companies,
        quadrant_svg=quadrant_chart(results, lang),
        shares_svg=label_share_chart(results, lang),
        model=dict(model_info or {}),
    )


def write_report(path: str | Path, results: list[CompanyResult], **kwargs: Any) -> Path:
    """Render the report and write it to ``path`` (atomically: a temporary file, then a rename)."""
    path = Path(path)
    html = render_report(results, **kwargs)
    write_atomic(path, lambda tmp: tmp.write_text(html, encoding="utf-8"))
    return path
