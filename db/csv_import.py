"""Import an exported annotations CSV: same ids, re-anchored by quote; all rows or none."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from db import errors
from db.anchoring import reanchor
from db.export import ANNOTATION_COLUMNS, unsafe_cell
from db.models import Anchor

REQUIRED = ("annotation_id", "article_id", "article_title", "start", "end", "quote", "prefix", "suffix",
            "note", "tags", "color", "author", "created", "modified")
MAX_CELL = 1_000_000


@dataclass(frozen=True)
class CsvImportResult:
    added: int
    skipped: int  # already present (same id)
    moved: int  # re-anchored to a different position


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

    articles = {a.id: a for a in store.articles()}
    by_title: dict[str, list[str]] = {}
    for a in articles.values():
        by_title.setdefault(a.title, []).append(a.id)
    texts: dict[str, str] = {}
    existing = store.existing_annotation_ids(unsafe_cell(r.get("annotation_id") or "") for r in rows)
    prepared: list[dict] = []
    skipped = moved = 0
    for line, row in enumerate(rows, start=2):
        fields = {k: unsafe_cell(row.get(k) or "") for k in REQUIRED}
        if any(len(v) > MAX_CELL for v in fields.values()):
            raise _bad(p, line, "a cell is larger than 1 MB")
        if not fields["annotation_id"]:
            raise _bad(p, line, "annotation_id is empty")
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
            texts[article_id] = store.article(article_id).text
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
    if prepared:
        store.add_annotations(prepared)
    return CsvImportResult(added=len(prepared), skipped=skipped, moved=moved)


def _bad(p: Path, line: int, why: str) -> errors.CsvImportError:
    return errors.CsvImportError(f"{p.name}, row {line}: {why}. Nothing was imported.")
