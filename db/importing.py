"""Read files into article fields: a suffix → reader dispatch, encoding detection, plain-text metadata.

Each format has a reader `(path, raw bytes, ReadOptions) -> ImportedText`, named in `READERS` as
"module:function" so a format's libraries are imported only when such a file is read. To add a
format, write the reader in its own module and add its suffixes to `READERS`.
"""

from __future__ import annotations

import codecs
import importlib
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes
from dateutil import parser as dateparser

from db import errors
from db.models import Article, PartialDate
from db.titles import title_from_line

MAX_BYTES = 20 * 1024 * 1024
READERS: dict[str, str] = {
    ".txt": "db.importing:read_plain", ".text": "db.importing:read_plain",
    ".md": "db.importing:read_plain", ".markdown": "db.importing:read_plain",
    ".html": "db.read_web:read_html", ".htm": "db.read_web:read_html", ".xhtml": "db.read_web:read_html",
    ".mhtml": "db.read_web:read_mhtml", ".mht": "db.read_web:read_mhtml",
}
DEFAULT_READER = "db.importing:read_plain"
# PDF, Word and OpenDocument go through db.documents (its own size limit; PDFs read in a child
# process); "legacy" ones are refused there with a sentence saying what to save them as
DOCUMENT_SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".odt": "odt", ".doc": "legacy", ".rtf": "legacy"}
# every suffix a file dialog or a folder import takes
SUFFIXES = frozenset(READERS) | {k for k, v in DOCUMENT_SUFFIXES.items() if v != "legacy"}
_SAVE_AGAIN = "Save the page again from the browser as “Web page, HTML only”, or copy its article into a .txt file."
TOO_BIG_HINTS = {".html": _SAVE_AGAIN, ".htm": _SAVE_AGAIN, ".xhtml": _SAVE_AGAIN, ".mhtml": _SAVE_AGAIN,
                 ".mht": _SAVE_AGAIN}  # unknown suffixes are read as plain text
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class ImportedText:
    """What a file yields before it becomes an article; every field can be overridden."""

    title: str
    text: str
    encoding: str
    filename: str
    author: str = ""
    source: str = ""
    url: str = ""
    published: PartialDate | None = None
    format: str = "text"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadOptions:
    """How to read a file: `whole_page` keeps a web page's menus and footers instead of its article."""

    whole_page: bool = False


Reader = Callable[[Path, bytes, ReadOptions], ImportedText]


def reader_for(path: str | os.PathLike[str]) -> Reader:
    """The reader function for a file's suffix (plain text when the suffix is unknown)."""
    module, _, name = READERS.get(Path(path).suffix.lower(), DEFAULT_READER).partition(":")
    return getattr(importlib.import_module(module), name)


def read_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES,
              whole_page: bool = False) -> ImportedText:
    """Read one file into text and metadata, or raise `ImportFailed` saying what is wrong.

    This is what `chronoline import`, `chronoline text` and File → Import… all call.
    """
    p = Path(path)
    if not p.exists():
        raise errors.ImportFailed(f"{p} does not exist. Check the path.")
    if p.is_dir():
        raise errors.ImportFailed(f"{p} is a folder; choose the files inside it.")
    suffix = p.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        from db.documents import read_document

        got = read_document(p)
        return replace(got, format=DOCUMENT_SUFFIXES[suffix], title=got.title.strip() or title_from_name(p))
    size = p.stat().st_size
    if size == 0:
        raise errors.ImportFailed(f"{p.name} is empty; there is nothing to import.")
    if size > max_bytes:
        raise errors.ImportFailed(
            f"{p.name} is {size / 1e6:.1f} MB; Chronoline imports texts up to {max_bytes / 1e6:.0f} MB. "
            + TOO_BIG_HINTS.get(p.suffix.lower(), "Split it into smaller files."))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise errors.ImportFailed(f"{p.name} cannot be read ({exc.strerror}).") from exc
    imported = reader_for(p)(p, raw, ReadOptions(whole_page=whole_page))
    if not imported.text.strip():
        raise errors.ImportFailed(f"{p.name} holds no readable text.")
    if not imported.title.strip():
        imported = replace(imported, title=title_from_name(p))
    return imported


def read_plain(p: Path, raw: bytes, options: ReadOptions) -> ImportedText:
    """Plain text and Markdown (and files of unknown type): decoded, title from the first line."""
    text, encoding = decode(raw, p.name)
    fmt = "markdown" if p.suffix.lower() in (".md", ".markdown") else "text"
    return replace(_plain(text, encoding, p), format=fmt)


def decode(raw: bytes, name: str = "the file", declared: str | None = None) -> tuple[str, str]:
    """Decode bytes: BOMs first, then strict UTF-8, then the `declared` encoding, then detection.

    Newlines become `\\n`.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as exc:
                raise errors.ImportFailed(
                    f"{name} starts like {enc.upper()} but is damaged at byte {exc.start}; "
                    "re-save it as UTF-8.") from exc
            return _clean_text(text, name), enc
    if b"\x00" in raw:
        raise errors.ImportFailed(f"{name} looks like a binary file (it contains NUL bytes), not text.")
    try:
        return _clean_text(raw.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = (declared if declared and _decodes(raw, declared) else None) or _detect(raw, name)
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise errors.ImportFailed(f"{name} could not be decoded as {encoding}; re-save it as UTF-8.") from exc
    return _clean_text(text, name), encoding


WESTERN = "cp1252"
WESTERN_TOLERANCE = 0.15  # how much more "chaos" cp1252 may show than the detector's favourite


def _detect(raw: bytes, name: str) -> str:
    """Guess a legacy encoding with charset-normalizer, leaning to Windows-1252 when it fits.

    On short Western European texts the detector often names a Baltic or Central European code
    page (mis-decoding "São" as "Sćo"); like browsers, prefer Windows-1252 when it decodes the
    bytes and the detector rates it (nearly) as plausible, or decodes them to the same text.
    """
    matches = from_bytes(raw[:2_000_000])
    best = matches.best()
    if best is None or best.encoding is None:
        raise errors.ImportFailed(
            f"{name} is not in an encoding Chronoline can recognise; re-save it as UTF-8.")
    sample = raw[:2_000_000]
    if best.encoding != WESTERN and _decodes(sample, WESTERN):
        western = next((m for m in matches if m.encoding == WESTERN), None)
        if western is not None and western.chaos <= best.chaos + WESTERN_TOLERANCE:
            return WESTERN
        if _decodes(sample, best.encoding) and sample.decode(best.encoding) == sample.decode(WESTERN):
            return WESTERN
    return best.encoding


def _decodes(raw: bytes, encoding: str) -> bool:
    try:
        raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(raw: bytes) -> str | None:
    """The encoding an HTML page declares in a `<meta charset>` within its first 4 KB, if valid."""
    m = _META_CHARSET.search(raw[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # As browsers do: pages labelled Latin-1 or ASCII are in practice Windows-1252.
    return WESTERN if name in ("iso8859-1", "latin-1", "ascii") else name


_CONTROL = re.compile(r"[\x00-\x08\x0d-\x1f]")  # control characters other than \t \n \v \f


def _clean_text(text: str, name: str) -> str:
    """Universal newlines (as Python's text mode reads files); refuse control-character soup."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise errors.ImportFailed(f"{name} looks like a binary file (it contains NUL characters), not text.")
    sample = text[:100_000]
    if sample:
        bad = len(_CONTROL.findall(sample))
        if bad / len(sample) > 0.05:
            raise errors.ImportFailed(f"{name} looks like a binary file, not text.")
    return text


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*")
_BYLINE = re.compile(r"^\s*(?:by|author:)\s+(.{2,80}?)\s*$", re.IGNORECASE)
# a first line that is only a name in brackets: "(Ahmad Ali)", "[By Sana Yousafzai]"
_NAME_LINE = re.compile(r"^\s*[(\[](?:[Bb]y\s+)?((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*)[)\]]\s*$")


def _plain(text: str, encoding: str, p: Path) -> ImportedText:
    """Plain text and Markdown: title from the first non-empty line, author from a `By …` line."""
    lines = text.split("\n")
    filled = [ln for ln in lines if ln.strip()]
    first = filled[0] if filled else ""
    author = ""
    m = _NAME_LINE.match(first)
    if m and len(filled) > 1:  # a byline such as "(Ahmad Ali)" above the text is no title
        author, first = m.group(1), filled[1]
    title = title_from_line(_MD_HEADING.sub("", first).strip().strip("*_").strip()) or title_from_name(p)
    for ln in lines[1:12] if not author else ():
        m = _BYLINE.match(ln)
        if m:
            author = m.group(1)
            break
    return ImportedText(title=title, text=text, encoding=encoding, filename=p.name, author=author)


def title_from_name(p: Path) -> str:
    """A title made from a file name: `army-begins_operation.html` → `Army begins operation`."""
    return p.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


def published_from_string(value: str) -> PartialDate | None:
    """A day-precision date from a metadata string such as `2024-08-02T09:30:00+05:00`, else None.

    The calendar day is the one written (an offset is not applied). The string is kept as the
    date's text when the date fields read it back the same way, else the ISO day is.
    """
    value = " ".join((value or "").split())
    if not value or len(value) > 80:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            dt = dateparser.isoparse(value)
        except (ValueError, OverflowError):
            try:
                dt = dateparser.parse(value, default=None, fuzzy=False)  # type: ignore[arg-type]
            except (ValueError, OverflowError, TypeError):
                return None
    if dt is None:
        return None
    d = date(dt.year, dt.month, dt.day)
    from db.dates import parse_date

    try:
        same = parse_date(value)
    except errors.DateError:
        same = None
    text = value if same is not None and (same.start, same.end) == (d, d) else d.isoformat()
    return PartialDate(d, d, "day", text)


def import_file(store, path: str | os.PathLike[str], *, title: str | None = None, author: str | None = None,
                source: str | None = None, published: PartialDate | None = None,
                url: str | None = None, whole_page: bool = False,
                on_warning: Callable[[str], None] | None = None) -> Article:
    """Read a file and store it as an article; keyword arguments override what the file says."""
    got = read_file(path, whole_page=whole_page)
    for warning in got.warnings if on_warning else ():
        on_warning(f"{got.filename}: {warning}")
    return store.articles.add(
        title=title or got.title, text=got.text, author=author if author is not None else got.author,
        source=source if source is not None else got.source, url=url if url is not None else got.url,
        published=published or got.published, encoding=got.encoding, filename=got.filename)
