"""The export columns, defined once, in order: what the annotations and events files hold.

CSV export (both the row-by-row and the fast path), XLSX and W3C export, and CSV import all read
the columns from here; the Store's export readers (`db/store_rows.py`, `db/store_lines.py`) build
their queries in this order and check at import that they cover exactly these columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of an export file."""

    name: str
    part: str  # "id" | "article" | "annotation" | "event" (the events citing the annotation) | "agreement"
    required: bool = False  # CSV import refuses a file without it
    kind: str = "t"  # XLSX cell kind: "t" text, "n" number, "d" ISO date
    width: int = 0  # XLSX column width (0: the default)


ANNOTATION = (
    Column("annotation_id", "id", True, width=38),
    Column("article_id", "article", True, width=38),
    Column("article_title", "article", True, width=40),
    Column("article_source", "article"),
    Column("article_published", "article", kind="d", width=12),
    Column("start", "annotation", True, kind="n", width=9),
    Column("end", "annotation", True, kind="n", width=9),
    Column("quote", "annotation", True, width=50),
    Column("prefix", "annotation", True, width=24),
    Column("suffix", "annotation", True, width=24),
    Column("note", "annotation", True, width=50),
    Column("tags", "annotation", True, width=20),
    Column("color", "annotation", True, width=9),
    Column("author", "annotation", True),
    Column("created", "annotation", True, width=24),
    Column("modified", "annotation", True, width=24),
    Column("event_ids", "event", width=38),
    Column("event_titles", "event", width=40),
    Column("event_dates", "event", width=18),
    Column("event_start", "event", kind="d", width=12),
    Column("event_end", "event", kind="d", width=12),
)

EVENT = (
    Column("event_id", "id", width=38),
    Column("title", "event", width=40),
    Column("description", "event", width=50),
    Column("date_text", "event", width=18),
    Column("start", "event", kind="d", width=9),
    Column("end", "event", kind="d", width=9),
    Column("precision", "event", width=9),
    Column("category", "event"),
    Column("source_count", "event", kind="n", width=9),
    Column("source_annotation_ids", "event", width=38),
    Column("created", "event", width=24),
    Column("modified", "event", width=24),
    Column("source_dates", "agreement", width=40),  # added by `db.export.with_agreement`
    Column("agreement", "agreement", width=11),
)

ANNOTATION_COLUMNS = tuple(c.name for c in ANNOTATION)
EVENT_COLUMNS = tuple(c.name for c in EVENT)
IMPORT_REQUIRED = tuple(c.name for c in ANNOTATION if c.required)
CITING_EVENT_COLUMNS = tuple(c.name for c in ANNOTATION if c.part == "event")
STORED_EVENT_COLUMNS = tuple(c.name for c in EVENT if c.part != "agreement")


def kinds(columns: tuple[Column, ...]) -> dict[str, str]:
    """Column name → XLSX cell kind, for the columns that are not plain text."""
    return {c.name: c.kind for c in columns if c.kind != "t"}


def widths() -> dict[str, int]:
    """Column name → XLSX width, over both files (a name means the same in both)."""
    return {c.name: c.width for c in (*ANNOTATION, *EVENT) if c.width}


def check_covers(columns: tuple[str, ...], cells: dict[str, str], what: str) -> None:
    """Raise at import when a reader's cells and the columns it must produce have drifted apart."""
    if tuple(cells) != columns:
        raise RuntimeError(f"{what} builds {tuple(cells)}, but db.columns lists {columns}")
