"""Import an exported annotations CSV: same ids, re-anchored by quote, events carried; all rows or none."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from db import errors
from db.anchoring import reanchor
from db.columns import ANNOTATION_COLUMNS, CITING_EVENT_COLUMNS, IMPORT_REQUIRED
from db.csv_events import EventFromCsv, gather, row_events, write_events
from db.export import unsafe_cell
from db.models import Anchor

REQUIRED = IMPORT_REQUIRED
OPTIONAL = CITING_EVENT_COLUMNS
MAX_CELL = 1_000_000


@dataclass(frozen=True)
class CsvImportResult:
    added: int
    skipped: int  # already present (same id)
    moved: int  # re-anchored to a different position
    events_added: int = 0  # events recreated from the event columns (same ids)
    events_linked: int = 0  # events already here that gained a source


def import_annotations_csv(store, path: str | os.PathLike[str]) -> CsvImportResult:
    """Validate every row first, then insert all in one transaction; a bad row imports nothing."""
    p = Path(path)
    if not p.is_file():
        raise errors.CsvImportError(f"{p} does not exist or is not a file.")
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                raise errors.CsvImportError(
                    f"{p.name} is missing the column(s) {', '.join(missing)}; expected the columns of a "
                    f"Chronoline annotations export ({', '.join(ANNOTATION_COLUMNS)}). Nothing was imported.")
            rows = list(reader)
    except UnicodeDecodeError as exc:
        raise errors.CsvImportError(f"{p.name} is not UTF-8 text; nothing was imported.") from exc
    except csv.Error as exc:
        raise errors.CsvImportError(f"{p.name} is not a valid CSV file ({exc}); nothing was imported.") from exc

    articles = {a.id: a for a in store.articles.all()}
    by_title: dict[str, list[str]] = {}
    for a in articles.values():
        by_title.setdefault(a.title, []).append(a.id)
    texts: dict[str, str] = {}
    existing = store.annotations.existing_ids(unsafe_cell(r.get("annotation_id") or "") for r in rows)
    prepared: list[dict] = []
    events: dict[str, EventFromCsv] = {}
    skipped = moved = 0
    for line, row in enumerate(rows, start=2):
        fields = {k: unsafe_cell(row.get(k) or "") for k in (*REQUIRED, *OPTIONAL)}
        if any(len(v) > MAX_CELL for v in fields.values()):
            raise _bad(p, line, "a cell is larger than 1 MB")
        if not fields["annotation_id"]:
            raise _bad(p, line, "annotation_id is empty")
        try:
            gather(events, fields["annotation_id"], row_events(fields))
        except ValueError as exc:
            raise _bad(p, line, str(exc)) from None
        if fields["annotation_id"] in existing:
            skipped += 1
            continue
        try:
            start, end = int(fields["start"]), int(fields["end"])
        except ValueError:
            raise _bad(p, line, f"start/end must be whole numbers (got {fields['start'][:20]!r}, "
                                f"{fields['end'][:20]!r})") from None
        if not fields["quote"]:
            raise _bad(p, line, "quote is empty")
        article_id = fields["article_id"]
        if article_id not in articles:
            ids = by_title.get(fields["article_title"], [])
            if len(ids) != 1:
                raise _bad(p, line, f"its article “{fields['article_title'][:60]}” is not in this database; "
                                    "import the article first")
            article_id = ids[0]
        if article_id not in texts:
            texts[article_id] = store.articles.get(article_id).text
        found = reanchor(texts[article_id], Anchor(start, end, fields["quote"], fields["prefix"], fields["suffix"]))
        if found.status not in ("exact", "moved"):
            raise _bad(p, line, f"its quote “{fields['quote'][:40]}” does not occur in the article")
        moved += found.status == "moved"
        prepared.append({
            "id": fields["annotation_id"], "article_id": article_id, "start": found.start, "end": found.end,
            "exact": texts[article_id][found.start:found.end], "prefix": fields["prefix"],
            "suffix": fields["suffix"], "note": fields["note"], "color": fields["color"],
            "author": fields["author"], "created": fields["created"], "modified": fields["modified"],
            "tags": [t for t in fields["tags"].split(";") if t.strip()],
        })
        existing.add(fields["annotation_id"])
    created = linked = 0
    if prepared or events:
        with store.atomic():
            for row in prepared:
                row["color"] = _own_color(store, row["tags"], row["color"])
            if prepared:
                store.annotations.add_many(prepared)
            if events:
                created, linked = write_events(store, events, existing)
    return CsvImportResult(added=len(prepared), skipped=skipped, moved=moved, events_added=created,
                           events_linked=linked)


def _own_color(store, tags: list[str], color: str) -> str:
    """The colour to store on the annotation: none when the file's colour is its first tag's.

    The export writes the colour the annotation is drawn in (its own, else its first tag's); a tag
    this import creates takes that colour, so the annotation keeps following its tag.
    """
    if not tags or not color:
        return color
    tag = store.tags.by_name(tags[0]) or store.tags.ensure(tags[0], color)
    return "" if tag.color.lower() == color.lower() else color


def _bad(p: Path, line: int, why: str) -> errors.CsvImportError:
    return errors.CsvImportError(f"{p.name}, row {line}: {why}. Nothing was imported.")
