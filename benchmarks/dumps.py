"""Generated test dumps for the benchmarks: mirrored sites and WARC archives.

Pages are assembled from corpus segments (the corpus is hand-written; this only arranges it into
pages) with a navigation bar, a cookie banner and a footer repeated on every page, as real mirrors have.
"""

from __future__ import annotations

import html
import io
import random
from pathlib import Path

from analyzer.corpus import read_corpus

NAV = '<header><nav><a href="/">Startseite</a> | <a href="/service/">Service</a> | <a href="/karriere/">Karriere</a></nav></header>'
COOKIE = '<div class="cookie">Wir verwenden Cookies für Statistik. <button>OK</button></div>'
FOOTER = "<footer><p>Beispiel GmbH · Musterweg 1 · 12345 Musterstadt</p><p>Impressum | Datenschutz</p></footer>"


def _texts() -> list[str]:
    return [s.text for s in read_corpus()]


def page_html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
        f"<body>{NAV}{COOKIE}<main><h1>{html.escape(title)}</h1>{body}</main>{FOOTER}</body></html>"
    )


def make_site(root: Path, pages: int, *, sites: int = 10, seed: int = 0, per_page: int = 25) -> Path:
    """``pages`` HTML pages spread over ``sites`` host folders under ``root`` (wget --mirror layout)."""
    rng = random.Random(seed)
    texts = _texts()
    for i in range(pages):
        host = root / f"www.firma-{i % sites:03d}.example" / f"bereich-{(i // sites) % 20}"
        host.mkdir(parents=True, exist_ok=True)
        start = rng.randrange(len(texts) - per_page)
        (host / f"seite-{i:06d}.html").write_text(
            page_html(f"Seite {i}", texts[start : start + per_page]), encoding="utf-8"
        )
    return root


def make_warc(path: Path, *, target_bytes: int, html_pages: int, seed: int = 0) -> Path:
    """A WARC.gz of ``html_pages`` HTML responses plus large binary responses (images, downloads)
    until it holds at least ``target_bytes`` of record payload, as real crawls do."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    texts = _texts()
    written = 0
    blob = bytes(rng.getrandbits(8) for _ in range(1 << 20))  # 1 MiB of incompressible bytes, reused
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        i = 0
        while i < html_pages or written < target_bytes:
            if i < html_pages:
                start = rng.randrange(len(texts) - 25)
                payload = page_html(f"Seite {i}", texts[start : start + 25]).encode("utf-8")
                url, ctype = f"https://www.firma-{i % 50:03d}.example/seite-{i}.html", "text/html; charset=utf-8"
            else:
                payload, url, ctype = (
                    blob,
                    f"https://www.firma-{i % 50:03d}.example/download-{i}.bin",
                    "application/octet-stream",
                )
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=headers)
            )
            written += len(payload)
            i += 1
    return path
