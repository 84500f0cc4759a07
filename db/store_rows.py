"""Streaming row sources for exports: one cursor, rows in CSV column order, constant memory."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from db import errors
from db.columns import ANNOTATION_COLUMNS, CITING_EVENT_COLUMNS, STORED_EVENT_COLUMNS, check_covers
from db.models import PartialDate
from db.store_tx import Part

_PUBLISHED = """CASE a.published_precision WHEN 'day' THEN a.published_start
  WHEN 'month' THEN substr(a.published_start, 1, 7) WHEN 'year' THEN substr(a.published_start, 1, 4)
  WHEN 'span' THEN a.published_start || '/' || a.published_end ELSE '' END"""

# The `color` cell: the annotation's own colour, else its first tag's (the colour the reading pane
# draws it in); empty for an untagged annotation without a colour of its own.
COLOR_CELL = "CASE WHEN n.color <> '' THEN n.color ELSE ifnull({tag_color}, n.color) END"
_FIRST_TAG_COLOR = """(SELECT t.color FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
  WHERE x.annotation_id = n.id ORDER BY x.position, t.name LIMIT 1)"""


@lru_cache(maxsize=65536)
def date_label(start: object, end: object, precision: object) -> str:
    """The canonical label of an event's date (`22 June 2024`, `2009–2017`), as the app shows it."""
    try:
        return PartialDate(date.fromisoformat(str(start)), date.fromisoformat(str(end)), str(precision)).label()
    except ValueError:  # a row written by another program: show what is stored
        return f"{start}/{end}" if start != end else str(start)


# The cells of each export column (`db.columns`) before the events citing the annotation.
# Most annotations carry no tag: an EXISTS probe skips the costlier subquery (it sorts by position).
_ANNOTATION_CELLS = {
    "annotation_id": "n.id", "article_id": "n.article_id", "article_title": "a.title", "article_source": "a.source",
    "article_published": _PUBLISHED, "start": "n.start", "end": 'n."end"', "quote": "n.exact",
    "prefix": "n.prefix", "suffix": "n.suffix", "note": "n.note",
    "tags": """CASE WHEN EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = n.id) THEN
         (SELECT group_concat(name, ';') FROM (SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
            WHERE x.annotation_id = n.id ORDER BY x.position, t.name)) END""",
    "color": COLOR_CELL.format(tag_color=_FIRST_TAG_COLOR), "author": "n.author", "created": "n.created",
    "modified": "n.modified",
}
# (the events citing the annotation come last, split from one JSON cell below)
check_covers(ANNOTATION_COLUMNS, {**_ANNOTATION_CELLS, **dict.fromkeys(CITING_EVENT_COLUMNS, "")},
             "store.rows.annotations")

# The event columns come from one subquery as JSON (an EXISTS probe first: most annotations cite
# no event), split in Python only for the rows that have events.
_ANNOTATION_ROWS = f"""
SELECT {", ".join(_ANNOTATION_CELLS.values())},
       CASE WHEN EXISTS (SELECT 1 FROM event_sources s WHERE s.annotation_id = n.id) THEN
         (SELECT json_group_array(json_array(id, title, start, "end", precision)) FROM (SELECT e.id, e.title,
            e.start, e."end", e.precision FROM event_sources s JOIN events e ON e.id = s.event_id
            WHERE s.annotation_id = n.id ORDER BY s.event_id)) END
FROM annotations n LEFT JOIN articles a ON a.id = n.article_id
ORDER BY n.article_id, n.start, n.rowid
"""  # noqa: S608 - a fixed fragment, no user input

_EVENT_CELLS = {
    "event_id": "e.id", "title": "e.title", "description": "e.description", "date_text": "e.date_text",
    "start": "e.start", "end": 'e."end"', "precision": "e.precision", "category": "e.category",
    "source_count": "(SELECT count(*) FROM event_sources s WHERE s.event_id = e.id)",
    "source_annotation_ids": """(SELECT group_concat(annotation_id, ';') FROM (SELECT annotation_id FROM event_sources s
          WHERE s.event_id = e.id ORDER BY s.position))""",
    "created": "e.created", "modified": "e.modified",
}
check_covers(STORED_EVENT_COLUMNS, _EVENT_CELLS, "store.rows.events")
_EVENT_ROWS = f"""
SELECT {", ".join(_EVENT_CELLS.values())}
FROM events e ORDER BY e.start, e."end", e.title
"""  # noqa: S608 - a fixed fragment, no user input


class ExportRows(Part):
    """`store.rows`: every annotation or event as a tuple in its export columns' order, streamed."""

    def annotations(self) -> Iterator[tuple]:
        """Every annotation as a tuple in `db.columns.ANNOTATION_COLUMNS` order."""
        none5 = (None,) * 5
        for row in self._stream(_ANNOTATION_ROWS):
            events = row[-1]
            if events is None:
                yield row[:-1] + none5
            else:
                items = [(str(i), str(t), date_label(s, e, p), str(s), str(e)) for i, t, s, e, p in json.loads(events)]
                yield row[:-1] + tuple(";".join(item[k] for item in items) for k in range(5))

    def events(self) -> Iterator[tuple]:
        """Every event as a tuple in `db.columns.STORED_EVENT_COLUMNS` order (`db.export` adds the agreement)."""
        return self._stream(_EVENT_ROWS)

    def _stream(self, sql: str) -> Iterator[tuple]:
        try:
            cur = self.conn.cursor()
            cur.row_factory = None
            cur.execute(sql)
            while True:
                batch = cur.fetchmany(5000)
                if not batch:
                    return
                yield from batch
        except sqlite3.Error as exc:
            raise errors.StoreError(f"Reading the database failed: {exc}.") from exc
