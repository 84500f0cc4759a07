"""The command line's interchange exports and the REFI-QDA import (XLSX, W3C JSON-LD, .qdpx). No Qt."""

from __future__ import annotations

import sys
from pathlib import Path

from db import errors
from db.wording import count

EXPORT_FORMATS = ("csv", "xlsx", "w3c", "timelinejs", "qdpx")
BY_EXTENSION = {".xlsx": "xlsx", ".jsonld": "w3c", ".json": "timelinejs", ".qdpx": "qdpx"}


def export_format(what: str, file: str, fmt: str | None) -> str:
    """The format asked for, else the one the file's extension names, else CSV; checked against `what`."""
    fmt = fmt or BY_EXTENSION.get(Path(file).suffix.lower(), "csv")
    if what == "project" and fmt != "qdpx":
        raise errors.ChronolineError("A project is exported as REFI-QDA: give a file name ending in .qdpx.")
    if fmt == "qdpx" and what != "project":
        raise errors.ChronolineError(f"A .qdpx file holds the whole project; use `export project {file}`.")
    if fmt == "w3c" and what != "annotations":
        raise errors.ChronolineError("W3C Web Annotation (JSON-LD) exports annotations only.")
    return fmt


def export_more(store, what: str, file: str, fmt: str) -> int:
    """Run an XLSX, W3C or REFI-QDA export and say on stderr what was written; returns the exit code."""
    if fmt == "xlsx":
        from db.export_xlsx import export_annotations_xlsx, export_events_xlsx

        res = (export_annotations_xlsx if what == "annotations" else export_events_xlsx)(store, file)
        cut = (f"; {count(res.cut, 'cell')} longer than Excel's 32,767 characters cut (marked “… [cut: N "
               "characters]”)") if res.cut else ""
        print(f"{count(res.rows, what.removesuffix('s'))} written to {file}{cut}", file=sys.stderr)
    elif fmt == "w3c":
        from db.export_w3c import export_w3c

        n = export_w3c(store, file)
        print(f"{count(n, 'annotation')} written to {file}", file=sys.stderr)
    else:
        from db.refi_qda import export_project

        res = export_project(store, file)
        print(f"{count(res.articles, 'article')}, {count(res.annotations, 'annotation')} and "
              f"{count(res.tags, 'tag')} written to {file}", file=sys.stderr)
    return 0


def import_project(store, path: str) -> int:
    """Import a .qdpx and say on stderr what was added; returns the exit code."""
    from db.refi_qda_import import import_project as read

    res = read(store, path)
    extra = f"; {count(res.reused, 'article')} already here" if res.reused else ""
    if res.other_sources:
        extra += f"; {count(res.other_sources, 'picture, PDF or media source')} not imported"
    print(f"{count(res.articles, 'article')}, {count(res.annotations, 'annotation')} and "
          f"{count(res.tags, 'new tag')} imported from {path}{extra}", file=sys.stderr)
    return 0
