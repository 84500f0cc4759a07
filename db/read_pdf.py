"""Read PDF files with pypdfium2: the text in reading order with paragraphs, and the document info.

Scans (no text layer), password-protected and damaged files are refused with one sentence; the
parsing runs in a child process with limits (pages, characters, seconds), so a PDF bomb is
refused instead of hanging the app.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from db import errors
from db.isolate import run_isolated
from db.models import PartialDate

MAX_PAGES = 2_000
MAX_CHARS = 10_000_000
SECONDS = 20.0         # the longest a single page may take (form-object bombs take hours)
TOTAL_SECONDS = 600.0  # the longest a whole document may take
_WORDS = re.compile(r"[^\s\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(path: Path, raw: bytes):  # noqa: ANN201 - ImportedText (db.importing imports this module)
    """Read a PDF's text and metadata, or raise `ImportFailed` saying what is wrong."""
    from db.documents import title_from_text
    from db.importing import ImportedText

    got = run_isolated(extract, (raw, path.name, MAX_PAGES, MAX_CHARS), seconds=SECONDS, name=path.name,
                       total=TOTAL_SECONDS)
    text = got["text"]
    title = _usable_title(got["title"]) or title_from_text(text, path)
    return ImportedText(title=title, text=text, encoding="pdf", filename=path.name,
                        author=got["author"].strip()[:200], published=pdf_date(got["created"]))


def extract(raw: bytes, name: str, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS,
            tick: Callable[[], None] | None = None) -> dict[str, str]:
    """Text and document info of a PDF given as bytes (runs in the child process; `tick` per page)."""
    import pypdfium2 as pdfium

    from db import pdf_layout

    if b"%PDF" not in raw[:1024]:
        raise errors.ImportFailed(f"{name} is not a PDF file (it does not start like one); "
                                  "check that it is the right file.")
    if b"%%EOF" not in raw[-2048:]:
        raise errors.ImportFailed(f"{name} is cut short (it does not end like a complete PDF); "
                                  "download or export it again.")
    try:
        doc = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
            raise errors.ImportFailed(f"{name} is protected by a password; open it in a PDF viewer, "
                                      "save a copy without the password, and import that.") from exc
        if exc.err_code == pdfium.raw.FPDF_ERR_SECURITY:
            raise errors.ImportFailed(f"{name} uses an encryption Chronoline cannot read; "
                                      "save a copy without protection and import that.") from exc
        raise errors.ImportFailed(f"{name} is damaged or not a complete PDF (it may have been cut "
                                  "short while downloading); download or export it again.") from exc
    try:
        count = len(doc)
        if count > max_pages:
            raise errors.ImportFailed(f"{name} has {count:,} pages; Chronoline imports PDFs of up to "
                                      f"{max_pages:,} pages. Split it into smaller files.")
        if count == 0:
            raise errors.ImportFailed(f"{name} has no pages.")
        meta = doc.get_metadata_dict(skip_empty=True)
        pages, total = [], 0
        objects = 0
        for index in range(count):
            try:
                page = doc[index]
            except pdfium.PdfiumError as exc:
                raise errors.ImportFailed(f"{name} is damaged (page {index + 1} cannot be read); open it in a "
                                          "PDF viewer and save or print a copy as PDF, then import that.") from exc
            try:
                segs = pdf_layout.segments(_page_words(page))
                if not segs:
                    objects += pdfium.raw.FPDFPage_CountObjects(page.raw)
            finally:
                page.close()
            if tick is not None:
                tick()
            total += sum(len(s.text) for s in segs)
            if total > max_chars:
                raise errors.ImportFailed(
                    f"{name} holds more than {max_chars:,} characters of text; Chronoline imports "
                    "reports, not libraries. Split it into smaller files.")
            pages.append(segs)
    finally:
        doc.close()
    text = _layout(pages, pdf_layout)
    if not text.strip() and not objects:
        raise errors.ImportFailed(f"{name} holds no text: its pages are blank or cannot be read.")
    if not text.strip():
        raise errors.ImportFailed(f"{name} has no text layer (it looks like a scanned document); "
                                  "Chronoline does not read text from images. Run it through OCR first.")
    return {"text": text, "title": meta.get("Title", ""), "author": meta.get("Author", ""),
            "created": meta.get("CreationDate", "")}


def _layout(pages: list, pdf_layout) -> str:  # noqa: ANN001
    pages = pdf_layout.drop_running_heads(pages)
    heights = sorted(s.h for segs in pages for s in segs)
    if not heights:
        return ""
    gutter = pdf_layout.GUTTER * heights[len(heights) // 2]
    laid = [pdf_layout.blocks(segs, gutter, pdf_layout.is_rtl(" ".join(s.text for s in segs[:200])))
            for segs in pages]
    from db.pdf_paragraphs import join_lines, paragraphs

    return join_lines(paragraphs(laid))


def _page_words(page) -> list[tuple[float, float, float, float, str, str]]:  # noqa: ANN001
    """Words of a page in content order as `(left, bottom, right, top, text, before)`; `before` is
    " " after a space, "\\n" after a line break pdfium saw, "" when the word follows directly.

    pdfium separates words with generated spaces and line breaks; the loose boxes (font ascent to
    descent) of a word's first and last characters give its box, turned as the page is shown
    (/Rotate). Words not upright on the shown page (margin stamps, rotated captions) or outside its
    crop box (a line a layout engine repeats, clipped, beyond the page's edge) are left out.
    A line-end hyphen pdfium took for hyphenation (U+FFFE) stays a hyphen: `pdf_layout` decides.
    """
    import pypdfium2.raw as c

    rotation = page.get_rotation() % 360
    turned = rotation in (90, 270)
    turn = math.radians(rotation)
    crop_l, crop_b, crop_r, crop_t = page.get_cropbox()  # text drawn off the page is not shown
    width, height = (page.get_height(), page.get_width()) if turned else (page.get_width(), page.get_height())

    textpage = page.get_textpage()
    try:
        n = textpage.count_chars()
        if n <= 0:
            return []
        text = textpage.get_text_range(0, n)
        if len(text) != n:  # pdfium maps one character to one index; be safe if it ever does not
            text = "".join(chr(c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(n))
        rect = c.FS_RECTF()
        raw = textpage.raw
        words = []
        prev_end = 0
        for m in _WORDS.finditer(text):
            i, j = m.start(), m.end() - 1
            if not c.FPDFText_GetLooseCharBox(raw, i, rect):
                continue
            l, r, b, t = rect.left, rect.right, rect.bottom, rect.top  # noqa: E741
            if j != i and c.FPDFText_GetLooseCharBox(raw, j, rect):
                l, r, b, t = min(l, rect.left), max(r, rect.right), min(b, rect.bottom), max(t, rect.top)  # noqa: E741
            if not (crop_l <= (l + r) / 2 <= crop_r and crop_b <= (b + t) / 2 <= crop_t):
                continue
            if (t - b > r - l) != turned:  # standing on end as stored: is it upright as shown?
                angle = (c.FPDFText_GetCharAngle(raw, i) + turn) % math.tau
                if min(angle, math.tau - angle) > 0.2:
                    continue
            if rotation == 90:
                l, r, b, t = b, t, width - r, width - l  # noqa: E741
            elif rotation == 180:
                l, r, b, t = width - r, width - l, height - t, height - b  # noqa: E741
            elif rotation == 270:
                l, r, b, t = height - t, height - b, l, r  # noqa: E741
            word = m.group().replace("\ufffe", "-").replace("\x02", "-")
            sep = text[prev_end:i]
            words.append((l, b, r, t, word, " " if sep.strip("\r\n") else "\n" if sep else ""))
            prev_end = m.end()
        return words
    finally:
        textpage.close()


def pdf_date(value: str) -> PartialDate | None:
    """The day of a PDF date such as `D:20240802093000+05'00'` (as written, not moved to UTC)."""
    m = _PDF_DATE.match((value or "").strip())
    if not m or not m.group(2) or not m.group(3):
        return None
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    if d.year < 1900:
        return None
    return PartialDate(d, d, "day", d.isoformat())


_JUNK_TITLE = re.compile(r"^(?:untitled(?: document)?|document\d*|title|slide \d+|powerpoint presentation|"
                         r"microsoft (?:word|powerpoint) - .*|.*\.(?:docx?|pdf|odt|rtf|txt|indd|qxp))$", re.IGNORECASE)


def _usable_title(title: str) -> str:
    """The document-info title unless it is empty or a word processor's placeholder."""
    title = re.sub(r"\s+", " ", title or "").strip()
    return "" if not title or _JUNK_TITLE.match(title) else title[:300]
