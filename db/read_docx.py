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


def _body(document) -> tuple[list[str], str]:  # noqa: ANN001
    """Paragraph and table-row texts in document order, and the first Title/Heading 1 text."""
    from docx.table import Table

    out: list[str] = []
    first_heading = ""
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            out.extend(table_lines(item))
            continue
        text = item.text.strip()
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        if not first_heading and _TITLE_STYLES.match(style or ""):
            first_heading = text
        out.append(text)
    return out, first_heading


def table_lines(table) -> list[str]:  # noqa: ANN001
    """One line per row, cells joined with " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
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
