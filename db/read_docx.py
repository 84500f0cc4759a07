"""Read Word .docx files with python-docx: paragraphs, headings and tables in order, core properties.

Headers, footers, footnotes, comments and text boxes are left out: they are page furniture or
side notes, not the article. A zip bomb or a file that is not a .docx package is refused first.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime
from pathlib import Path

from db import errors
from db.documents import open_zip, read_member, title_from_text
from db.models import PartialDate

log = logging.getLogger(__name__)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: .doc, and password-protected .docx
_TITLE_STYLES = re.compile(r"^(?:title|heading 1)$", re.IGNORECASE)


def read_docx(path: Path, raw: bytes):  # noqa: ANN201 - ImportedText (db.importing imports this module)
    """Read a .docx file's text and core properties, or raise `ImportFailed`."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from db.importing import ImportedText

    name = path.name
    if raw.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in raw[:1_000_000]:
            raise errors.ImportFailed(f"{name} is protected by a password; open it in Word, save a copy "
                                      "without the password, and import that.")
        raise errors.ImportFailed(f"{name} is an older Word 97–2003 document with a .docx name; open it in "
                                  "your word processor and save it as .docx, then import that.")
    with open_zip(raw, name, "Word (.docx)") as zf:
        read_member(zf, "[Content_Types].xml", name, "Word (.docx)")
    try:
        document = docx.Document(io.BytesIO(raw))
        paragraphs, first_heading = _body(document)
        props = document.core_properties
        title, author, created = props.title or "", props.author or "", props.created
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise errors.ImportFailed(f"{name} is not a Word document that Chronoline can read (.docx from "
                                  "Word 2007 or later); save it again as .docx.") from exc
    except Exception as exc:  # noqa: BLE001 - a hostile file can break the parser anywhere
        log.info("reading %s failed", name, exc_info=True)
        raise errors.ImportFailed(f"{name} is damaged (its text cannot be parsed); "
                                  "open it in Word and save a copy, then import that.") from exc
    text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    if not text.strip():
        raise errors.ImportFailed(f"{name} holds no text.")
    title = _clean(title) or first_heading or title_from_text(text, path)
    return ImportedText(title=title[:300], text=text, encoding="docx", filename=name,
                        author=_clean(author)[:200], published=_day(created))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# deleted and moved-away text, text boxes (drawn beside the text) and the fallback copy of drawings
_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", W + "pPr", W + "rPr",
         "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_BREAKS = {W + "br", W + "cr"}


def _body(document) -> tuple[list[str], str]:  # noqa: ANN001
    """Paragraph and table-row texts in document order, and the first Title/Heading 1 text.

    Walks the XML itself: python-docx's `Paragraph.text` leaves out tracked insertions and the
    paragraphs inside content controls (cover pages, templates).
    """
    from docx.text.paragraph import Paragraph

    out: list[str] = []
    first_heading = ""
    for kind, el in _blocks(document.element.body):
        if kind == "table":
            out.extend(table_lines(el))
            continue
        text = paragraph_text(el).strip()
        if not text:
            continue
        if not first_heading:
            style = Paragraph(el, document).style
            if style is not None and _TITLE_STYLES.match(style.name or ""):
                first_heading = text
        out.append(text)
    return out, first_heading


def _blocks(el):  # noqa: ANN001, ANN202
    """Paragraphs and tables under `el` in order, looking inside content controls and custom XML."""
    for child in el:
        if child.tag == W + "p":
            yield "paragraph", child
        elif child.tag == W + "tbl":
            yield "table", child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "moveTo"):
            yield from _blocks(child)


def paragraph_text(p) -> str:  # noqa: ANN001
    """The text of a `w:p`: runs, hyperlinks, fields' results and tracked insertions; no deletions."""
    parts: list[str] = []
    _runs(p, parts)
    return "".join(parts)


def _runs(el, parts: list[str]) -> None:  # noqa: ANN001
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in _BREAKS:
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        else:
            _runs(child, parts)


def table_lines(tbl) -> list[str]:  # noqa: ANN001
    """One line per row of a `w:tbl`, cells joined with " | " (a merged cell appears once)."""
    lines = []
    for row in tbl.iter(W + "tr"):
        if next(row.iterancestors(W + "tbl")) is not tbl:
            continue  # rows of nested tables are part of their cell's text
        cells = []
        for cell in row.iterchildren(W + "tc"):
            texts = [paragraph_text(p) for p in cell.iter(W + "p")]
            cells.append(" ".join(" ".join(texts).split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _clean(value: str) -> str:
    return " ".join((value or "").split())


def _day(created: datetime | None) -> PartialDate | None:
    if created is None or created.year < 1900:
        return None
    d = created.date()
    return PartialDate(d, d, "day", d.isoformat())
