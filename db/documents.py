"""Documents that are not plain text (PDF, Word, OpenDocument): which reader, size and zip limits."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from db import errors

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # all members of a .docx/.odt together, as the zip declares
MAX_RATIO = 200                         # a member may expand at most this much (zip bombs: ~1000:1)
MAX_MEMBERS = 5_000
LEGACY = {".doc": "a Word 97–2003 document (.doc)", ".rtf": "a Rich Text Format file (.rtf)"}


def read_document(p: Path):  # noqa: ANN201 - ImportedText (db.importing imports this module)
    """Read a PDF, .docx or .odt file through its reader, or raise `ImportFailed`."""
    suffix = p.suffix.lower()
    if suffix in LEGACY:
        raise errors.ImportFailed(f"{p.name} is {LEGACY[suffix]}, which Chronoline does not read; "
                                  "open it in your word processor and save it as .docx (or PDF), then import that.")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise errors.ImportFailed(f"{p.name} cannot be read ({exc.strerror}).") from exc
    if size == 0:
        raise errors.ImportFailed(f"{p.name} is empty; there is nothing to import.")
    if size > MAX_DOCUMENT_BYTES:
        raise errors.ImportFailed(
            f"{p.name} is {size / 1e6:.0f} MB; Chronoline imports documents up to "
            f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB. Split it into smaller files.")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise errors.ImportFailed(f"{p.name} cannot be read ({exc.strerror}).") from exc
    if suffix == ".pdf":
        from db.read_pdf import read_pdf

        return read_pdf(p, raw)
    if suffix == ".docx":
        from db.read_docx import read_docx

        return read_docx(p, raw)
    from db.read_odt import read_odt

    return read_odt(p, raw)


def open_zip(raw: bytes, name: str, kind: str) -> zipfile.ZipFile:
    """Open a .docx/.odt package after checking what its directory declares (zip bombs refused)."""
    if not raw.startswith(b"PK"):
        raise errors.ImportFailed(f"{name} is not a {kind} document (it is not a zip package); "
                                  "check that it is the right file, or save it again from its application.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise errors.ImportFailed(f"{name} is damaged (its zip package cannot be opened); "
                                  "save it again from its application.") from exc
    total = sum(i.file_size for i in infos)
    bomb = (len(infos) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES
            or any(i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos))
    if bomb:
        zf.close()
        raise errors.ImportFailed(
            f"{name} would unpack to {total / 1e6:,.0f} MB in {len(infos):,} parts, far more than a {kind} "
            "document holds; it looks like a zip bomb and was not opened.")
    return zf


def read_member(zf: zipfile.ZipFile, member: str, name: str, kind: str) -> bytes:
    """One member of a package, or `ImportFailed` naming what is missing or damaged."""
    try:
        return zf.read(member)
    except KeyError as exc:
        raise errors.ImportFailed(f"{name} is not a {kind} document (it has no {member}); "
                                  "save it again from its application.") from exc
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise errors.ImportFailed(f"{name} is damaged ({member} cannot be unpacked); "
                                  "save it again from its application.") from exc


def title_from_text(text: str, p: Path) -> str:
    """A title from the text's first line when short, else its first words; else from the file name."""
    first = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    if not first:
        return p.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"
    if len(first) <= 120:
        return first
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= 120:
        return sentence
    cut = first[:100].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—–- ") + "…"
