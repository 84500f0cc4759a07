"""Read OpenDocument text (.odt) from its content.xml and meta.xml: paragraphs, headings, tables.

Plain XML with lxml (no entities, no network); the zip is checked for bombs first. Footnotes,
comments, headers and footers are left out.
"""

from __future__ import annotations

from pathlib import Path

from db import errors
from db.documents import open_zip, read_member, title_from_text
from db.importing import published_from_string

NS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
      "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "dc": "http://purl.org/dc/elements/1.1/",
      "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"}
_T, _TABLE = f"{{{NS['text']}}}", f"{{{NS['table']}}}"
_SKIP = {_T + "note", _T + "tracked-changes", f"{{{NS['office']}}}annotation", _T + "bookmark-ref"}
KIND = "OpenDocument text (.odt)"


def read_odt(path: Path, raw: bytes):  # noqa: ANN201 - ImportedText
    """Read an .odt file's text and metadata, or raise `ImportFailed`."""
    from db.importing import ImportedText

    name = path.name
    with open_zip(raw, name, KIND) as zf:
        content = _parse(read_member(zf, "content.xml", name, KIND), name)
        meta = _parse(zf.read("meta.xml"), name) if "meta.xml" in zf.namelist() else None
    body = content.find("office:body/office:text", NS)
    if body is None:
        raise errors.ImportFailed(f"{name} is not a text document (it may be a spreadsheet or a "
                                  "presentation); export it as .odt text or .docx.")
    paragraphs: list[str] = []
    first_heading = _blocks(body, paragraphs)
    text = "\n\n".join(paragraphs) + "\n" if paragraphs else ""
    if not text.strip():
        raise errors.ImportFailed(f"{name} holds no text.")
    title = author = created = ""
    if meta is not None:
        title = _meta(meta, "dc:title")
        author = _meta(meta, "dc:creator") or _meta(meta, "meta:initial-creator")
        created = _meta(meta, "meta:creation-date")
    return ImportedText(title=(title or first_heading or title_from_text(text, path))[:300], text=text,
                        encoding="odt", filename=name, author=author[:200],
                        published=published_from_string(created[:10]) if created else None)


def _parse(data: bytes, name: str):  # noqa: ANN202
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise errors.ImportFailed(f"{name} is damaged (its text is not well-formed XML); "
                                  "save it again from its application.") from exc


def _meta(meta, path: str) -> str:  # noqa: ANN001
    el = meta.find(f"office:meta/{path}", NS)
    return " ".join((el.text or "").split()) if el is not None else ""


def _blocks(el, out: list[str]) -> str:  # noqa: ANN001
    """Append paragraph texts and table rows under `el` in order; return the first heading."""
    first = ""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (_T + "p", _T + "h"):
            text = _inline(child).strip()
            if text:
                out.append(text)
                if tag == _T + "h" and not first:
                    first = text
        elif tag == _TABLE + "table":
            for row in child.iter(_TABLE + "table-row"):
                cells = [" ".join(" ".join(_inline(p) for p in cell.iter(_T + "p", _T + "h")).split())
                         for cell in row.iterchildren(_TABLE + "table-cell")]
                if any(cells):
                    out.append(" | ".join(cells))
        elif tag not in _SKIP:
            sub = _blocks(child, out)  # lists, sections, frames
            first = first or sub
    return first


def _inline(p) -> str:  # noqa: ANN001
    """The text of a paragraph: spaces, tabs and line breaks as ODF encodes them; notes left out."""
    parts = [p.text or ""]
    for child in p:
        tag = child.tag
        if not isinstance(tag, str):  # comments, processing instructions, unresolved entities
            parts.append(child.tail or "")
            continue
        if tag == _T + "s":
            count = child.get(_T + "c", "1")
            parts.append(" " * min(int(count), 100) if count.isdigit() else " ")
        elif tag == _T + "tab":
            parts.append("\t")
        elif tag == _T + "line-break":
            parts.append("\n")
        elif tag not in _SKIP:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)
