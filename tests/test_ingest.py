"""Ingestion: formats, metadata, site boilerplate, language, bad input — with exact report counts."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import analyzer

RESOURCES = Path(__file__).resolve().parent / "resources"
SITE = RESOURCES / "site"
SLOGAN = "Wasserwerk Lindtal – sauberes Wasser für das ganze Tal."
PAGE = "<!DOCTYPE html><html lang='de'><head><meta charset='utf-8'><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"


def run(*sources, **options):
    ingestion = analyzer.ingest(*sources, **options)
    docs = list(ingestion)
    return docs, ingestion.report


def test_mirrored_site_main_text_metadata_and_report():
    docs, report = run(SITE)
    paths = [d.meta["url_path"] for d in docs]
    assert paths == ["/", "/service/", "/service/stoerung", "/unternehmen/"]  # sorted, deterministic
    service = docs[1]
    assert service.meta["site"] == "www.wasserwerk-lindtal.example"
    assert service.meta["section"] == "/service/"
    assert service.meta["title"] in ("Service", "Service für unsere Kundinnen und Kunden")
    assert service.meta["language"] == "de"
    assert "- Zählerstand online melden" in service.text.splitlines()  # list items keep their own lines
    assert "Service für unsere Kundinnen und Kunden" in service.text.splitlines()  # heading on its own line
    for doc in docs:  # navigation, cookie banner and footer are gone
        assert "Startseite" not in doc.text
        assert "Cookies" not in doc.text
        assert "Brunnenweg" not in doc.text
    assert report["read"] == 4
    assert report["non_german"]["documents"] == 1  # /en/
    assert report["skipped"] == {"unsupported file type .css": 1}
    assert report["complete"] is True


def test_site_boilerplate_is_kept_once():
    docs, report = run(SITE)
    assert sum(SLOGAN in d.text for d in docs) == 1
    assert SLOGAN in docs[0].text  # its first page keeps it
    assert report["deduplicated"]["boilerplate_segments"] == 2
    assert report["boilerplate_lines"][0]["text"] == SLOGAN
    docs, report = run(SITE, boilerplate=False)
    assert sum(SLOGAN in d.text for d in docs) == 3
    assert report["deduplicated"]["boilerplate_segments"] == 0
    docs, _ = run(SITE, boilerplate_min_pages=4)
    assert sum(SLOGAN in d.text for d in docs) == 3


def test_extensionless_html_is_sniffed():
    docs, _ = run(SITE / "www.wasserwerk-lindtal.example" / "service" / "stoerung")
    assert docs[0].meta["content_type"] == "text/html"
    assert "Bereitschaftsdienst" in docs[0].text


def test_exact_duplicate_pages_are_counted_once(tmp_path):
    page = PAGE.format(
        title="Kontakt",
        body="<p>Unser Kundenservice ist werktags von acht bis achtzehn Uhr für Sie da und hilft Ihnen gern.</p>",
    )
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html").write_text(page, encoding="utf-8")
    docs, report = run(tmp_path)
    assert len(docs) == 1
    assert report["deduplicated"]["documents"] == 1


def _warc(path: Path, pages: list[tuple[str, str]], extra_records: bool = True) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.suffix == ".gz")
        if extra_records:
            writer.write_record(writer.create_warc_record("urn:x", "warcinfo", payload=io.BytesIO(b"software: test")))
        for url, html in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers
                )
            )
        if extra_records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    "https://x.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=headers
                )
            )
            writer.write_record(
                writer.create_warc_record(
                    "https://x.example/", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                )
            )


WARC_PAGES = [
    (
        "https://www.stadtwerke-x.example/service/kontakt",
        PAGE.format(
            title="Kontakt",
            body="<p>Bei Fragen zu Ihrer Rechnung erreichen Sie unser Kundenzentrum montags bis freitags zwischen acht und achtzehn Uhr.</p>",
        ),
    ),
    (
        "https://www.stadtwerke-x.example/ueber-uns",
        PAGE.format(
            title="Über uns",
            body="<p>Wir versorgen seit über hundert Jahren die Haushalte unserer Stadt mit Strom, Gas und Wärme aus der Region.</p>",
        ),
    ),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_response_records_become_documents(tmp_path, name):
    _warc(tmp_path / name, WARC_PAGES)
    docs, report = run(tmp_path / name)
    assert [d.meta["url"] for d in docs] == [url for url, _ in WARC_PAGES]
    assert docs[0].meta["site"] == "www.stadtwerke-x.example"
    assert docs[0].meta["section"] == "/service/"
    assert report["read"] == 2
    assert report["skipped"] == {
        "WARC request record": 1,
        "WARC response that is not HTML": 1,
        "WARC warcinfo record": 1,
    }


def test_truncated_warc_gz_keeps_what_was_read(tmp_path):
    full = tmp_path / "full.warc.gz"
    _warc(full, WARC_PAGES * 3, extra_records=False)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.7)])
    docs, report = run(cut)
    assert 1 <= len(docs) < 6 or report["deduplicated"]["documents"] > 0
    assert any(k.startswith("truncated or corrupt WARC") for k in report["skipped"])
    assert report["complete"] is True


def test_csv_and_jsonl_with_text_or_html_columns(tmp_path):
    (tmp_path / "pages.csv").write_text(
        "url;company;text\n"
        "https://a.example/x;Alpha;Wir melden uns bei Ihnen, bevor Ihr Vertrag ausläuft, und schlagen Ihnen passende Tarife vor.\n"
        "https://a.example/y;Alpha;\n",
        encoding="utf-8",
    )
    (tmp_path / "pages.jsonl").write_text(
        '{"html": "'
        + PAGE.format(
            title="Hilfe", body="<p>Unser Serviceteam beantwortet Ihre Fragen rund um die Uhr per Telefon und Chat.</p>"
        ).replace('"', "'")
        + '", "company": "Beta"}\n'
        "not json\n",
        encoding="utf-8",
    )
    docs, report = run(tmp_path / "pages.csv", tmp_path / "pages.jsonl")
    assert [d.meta["company"] for d in docs] == ["Alpha", "Beta"]
    assert docs[0].meta["url"] == "https://a.example/x"
    assert docs[1].meta["content_type"] == "text/html"
    assert report["read"] == 2
    assert report["skipped"] == {"empty text": 1, "invalid JSON": 1}


def test_csv_without_text_column_names_the_problem(tmp_path):
    (tmp_path / "bad.csv").write_text("url,body_text\nhttps://a.example,hallo\n", encoding="utf-8")
    docs, report = run(tmp_path / "bad.csv")
    assert docs == []
    assert "no text column" in report["skipped_files"][0]["reason"]
    docs, _ = run(tmp_path / "bad.csv", text_column="body_text")
    assert len(docs) == 1


def test_pdf_docx_txt_md(tmp_path):
    import docx
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.text(0.1, 0.5, "Wir passen jedes Angebot an die Wünsche unserer Kundschaft an.")
    fig.savefig(tmp_path / "leitbild.pdf")
    plt.close(fig)
    document = docx.Document()
    document.add_heading("Stellenanzeige Kundenberater (m/w/d)", level=1)
    document.add_paragraph("Sie beantworten Anfragen unserer Kundinnen und Kunden am Telefon.", style="List Bullet")
    document.save(tmp_path / "job.docx")
    (tmp_path / "notes.md").write_text("# Service\n\nWir sind für Sie da.", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("Unsere Hotline ist rund um die Uhr erreichbar.", encoding="utf-8")
    docs, report = run(tmp_path)
    by_type = {d.meta["content_type"].split("/")[-1][:20]: d for d in docs}
    assert "Wünsche unserer Kundschaft" in by_type["pdf"].text
    assert "Sie beantworten Anfragen" in by_type["vnd.openxmlformats-o"].text
    assert report["read"] == 4


def test_encodings_latin1_cp1252_bom_and_mixed(tmp_path):
    text = "Größere Übergänge für Kundinnen – „Service“ ist uns wichtig."
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin1.txt").write_bytes("Öffnungszeiten für Bürger und Gäste".encode("latin-1"))
    (tmp_path / "bom.txt").write_bytes("\ufeffÄrger mit der Lieferung? Wir helfen.".encode())
    (tmp_path / "mixed.txt").write_bytes(
        "Erste Zeile in UTF-8: Grüße\n".encode() + "Zweite Zeile in cp1252: Grüße".encode("cp1252")
    )
    html = "<html><head><meta charset='iso-8859-1'></head><body><p>Schöne Grüße aus München, wir freuen uns über Ihre Rückmeldung zu unserem Service.</p></body></html>"
    (tmp_path / "latin.html").write_bytes(html.encode("latin-1"))
    docs, _ = run(tmp_path)
    texts = {Path(d.meta["source"]).name: d.text for d in docs}
    assert texts["cp1252.txt"] == text
    assert texts["latin1.txt"] == "Öffnungszeiten für Bürger und Gäste"
    assert texts["bom.txt"].startswith("Ärger")
    assert texts["mixed.txt"].splitlines() == ["Erste Zeile in UTF-8: Grüße", "Zweite Zeile in cp1252: Grüße"]
    assert "Grüße aus München" in texts["latin.html"]


def test_bad_files_are_skipped_with_reasons_and_the_run_goes_on(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)))
    (tmp_path / "truncated.html").write_text(
        "<html><body><main><p>Unser Kundenservice ruft Sie innerhalb eines Werktags zurück, wenn Sie uns eine Nachricht hinterlassen",
        encoding="utf-8",
    )
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    shutil.copy(RESOURCES / "protected.pdf", tmp_path / "protected.pdf")
    (tmp_path / "corrupt.docx").write_bytes(b"PK not a zip")
    (tmp_path / "ok.txt").write_text("Wir sind für Sie da.", encoding="utf-8")
    docs, report = run(tmp_path)
    assert sorted(Path(d.meta["source"]).name for d in docs) == ["ok.txt", "truncated.html"]
    assert report["skipped"] == {
        "binary content": 1,
        "corrupt DOCX": 1,
        "corrupt PDF": 1,
        "empty file": 1,
        "password-protected PDF": 1,
    }
    assert {Path(s["path"]).name for s in report["skipped_files"]} == {
        "binary.html",
        "corrupt.docx",
        "corrupt.pdf",
        "empty.html",
        "protected.pdf",
    }


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.txt").write_text("Wir sind für Sie da.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    docs, report = run(tmp_path)
    assert len(docs) == 1
    assert report["skipped"].get("symlink loop", 0) >= 1


def test_missing_source_and_bad_options():
    _, report = run("/no/such/path")
    assert report["skipped"] == {"not found": 1}
    with pytest.raises(TypeError, match="unknown option"):
        analyzer.ingest(SITE, boilerplat=True)
    with pytest.raises(ValueError, match="at least one source"):
        analyzer.ingest()


def test_large_file_is_read_up_to_the_limit(tmp_path):
    big = tmp_path / "big.txt"
    line = "Bei Fragen erreichen Sie unseren Kundenservice werktags von acht bis achtzehn Uhr.\n"
    with big.open("w", encoding="utf-8") as out:
        for _ in range(200_000_000 // len(line.encode())):
            out.write(line)
    assert big.stat().st_size > 190_000_000
    docs, report = run(big, max_bytes=5_000_000)
    assert len(docs[0].text.encode()) <= 5_000_000
    assert report["truncated_files"] == [str(big)]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Unser Serviceteam hilft Ihnen gern weiter.")))
    docs, report = run("-")
    assert docs[0].meta["source"] == "<stdin>"
    assert report["read"] == 1


def test_foreign_segments_inside_german_documents_are_dropped(tmp_path):
    (tmp_path / "mixed.txt").write_text(
        "Unser Kundenservice ist werktags von acht bis achtzehn Uhr für Sie erreichbar und hilft gern.\n"
        "Our customer service team is available on weekdays and will be happy to help you.\n"
        "Wir melden uns bei Ihnen, bevor Ihr Vertrag ausläuft, und beraten Sie zu passenden Tarifen.",
        encoding="utf-8",
    )
    docs, report = run(tmp_path)
    assert "Our customer service" not in docs[0].text
    assert report["non_german"]["segments"] == 1


def test_profile_of_an_ingested_site(nlp):
    ingestion = analyzer.ingest(SITE)
    prof = analyzer.profile(ingestion, nlp=nlp)
    frame = prof.to_frame()
    assert set(frame["site"]) == {"www.wasserwerk-lindtal.example"}
    assert "section" in prof.by("section").columns
