"""Format readers: bytes of one file or record → text with structure and metadata.

Each reader raises ``UnreadableError`` with a short reason when the input cannot be used; the
caller (``analyzer.ingest``) reports it with the file name and goes on.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator
from typing import Any

import trafilatura

# Extraction options. Precision mode drops menus, footers and cookie banners; markdown output keeps
# headings and list items on lines of their own, which the segmenter needs.
_EXTRACT = {
    "output_format": "markdown",
    "include_formatting": True,
    "include_tables": True,
    "include_comments": False,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.MULTILINE)
_HTML_SNIFF = re.compile(rb"<\s*(!doctype\s+html|html|head|body|div|p|meta)\b", re.IGNORECASE)


class UnreadableError(Exception):
    """The input cannot be read; ``str(err)`` is the reason shown to the user."""


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes of unknown encoding as German web and office files come.

    UTF-8 (with or without BOM) first; then the declared charset; then line by line, each line
    UTF-8 if it is valid and cp1252 otherwise — which also repairs files mixing both.
    """
    if _is_binary(data):
        raise UnreadableError("binary content (NUL bytes), not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    lines = []
    for line in data.splitlines(keepends=True):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="replace"))
    return "".join(lines)


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def looks_like_html(data: bytes) -> bool:
    """Whether the first kilobytes of ``data`` look like an HTML document."""
    return bool(_HTML_SNIFF.search(data[:4096]))


def _declared_charset(data: bytes) -> str | None:
    found = re.search(rb"charset=[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    return found.group(1).decode("ascii", "ignore") if found else None


def _markdown_to_lines(text: str) -> str:
    """Plain lines from trafilatura's markdown: heading marks and emphasis removed, bullets kept."""
    text = _MARKDOWN_HEADING.sub("", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    text = _TABLE_RULE.sub("", text)
    return "\n".join(line.rstrip() for line in text.splitlines())


def read_html(data: bytes, *, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text of an HTML page (navigation, footers, cookie banners removed) and its metadata.

    Index pages often come back empty in precision mode; then recall mode, and as a last resort
    the page's whole visible text, are tried (``meta["extraction"]`` says which).
    """
    if _is_binary(data):
        raise UnreadableError("binary content (NUL bytes), not text")
    if not looks_like_html(data):
        raise UnreadableError("not HTML")
    html = decode(data, declared=_declared_charset(data))
    meta: dict[str, Any] = {"content_type": "text/html"}
    try:
        # extensive date search runs dateparser over every number on the page: 70 % of ingestion
        # time in our benchmark; the fast search still finds dates in markup and URLs.
        info = trafilatura.extract_metadata(
            html, default_url=url, extensive=False, date_config={"extensive_search": False, "original_date": True}
        )
    except Exception:
        info = None
    if info is not None:
        meta.update({k: v for k, v in (("title", info.title), ("date", info.date)) if v})
    text, how = "", "full_text"
    for mode, options in (("precision", {"favor_precision": True}), ("recall", {"favor_recall": True})):
        try:
            text = trafilatura.extract(html, url=url, **_EXTRACT, **options) or ""
        except Exception:  # truncated or broken markup: try the next mode
            text = ""
        if text.strip():
            how = mode
            break
    if not text.strip():
        text = trafilatura.html2txt(html) or ""
    if not text.strip():
        raise UnreadableError("no text in HTML")
    meta["extraction"] = how
    lang = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z\-]+)", html[:2000], re.IGNORECASE)
    if lang:
        meta["html_lang"] = lang.group(1).lower()
    return _markdown_to_lines(text), meta


def read_pdf(data: bytes) -> tuple[str, dict[str, Any]]:
    """Text of a PDF, page by page (pypdfium2); raises for encrypted or corrupt files."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = str(err).lower()
        if "password" in reason:
            raise UnreadableError("password-protected PDF") from err
        raise UnreadableError(f"corrupt PDF ({err})") from err
    try:
        pages = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        title = (pdf.get_metadata_dict() or {}).get("Title") or None
    finally:
        pdf.close()
    text = "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableError("PDF has no extractable text (scanned?)")
    meta = {"content_type": "application/pdf", "pages": len(pages)}
    if title:
        meta["title"] = title
    return text, meta


def read_docx(data: bytes) -> tuple[str, dict[str, Any]]:
    """Paragraphs (headings and list items on their own lines) and table cells of a .docx file."""
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise UnreadableError(f"corrupt DOCX ({err.__class__.__name__})") from err
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableError("empty DOCX")
    meta = {"content_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    if document.core_properties.title:
        meta["title"] = document.core_properties.title
    return text, meta


def iter_warc(stream: io.BufferedIOBase) -> Iterator[tuple[str, Any]]:
    """Yield ``("record", (url, date, bytes))`` for HTML response records and ``("skip", reason)``
    for others, from a WARC or WARC.gz stream. A truncated archive ends with ``("error", reason)``."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                yield "skip", f"WARC {record.rec_type} record"
                continue
            content_type = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
            if "html" not in content_type.lower():
                yield "skip", "WARC response that is not HTML"
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            yield "record", (url, date, record.content_stream().read())
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, zlib.error) as err:
        # a record cut off mid-way surfaces as any of these, depending on where the cut falls
        yield "error", f"truncated or corrupt WARC ({err.__class__.__name__})"
