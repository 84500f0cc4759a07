"""Streaming row sources for exports: one cursor, rows in CSV column order, constant memory."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from db import errors
from db.models import PartialDate

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


# Most annotations carry no tag and cite no event: an EXISTS probe skips the costlier subqueries
# (the tag one sorts by position), and the three event columns come from one subquery as JSON,
# split in Python only for the rows that have events.
_ANNOTATION_ROWS = f"""
SELECT n.id, n.article_id, a.title, a.source, {_PUBLISHED}, n.start, n."end", n.exact, n.prefix, n.suffix,
       n.note,
       CASE WHEN EXISTS (SELECT 1 FROM annotation_tags x WHERE x.annotation_id = n.id) THEN
         (SELECT group_concat(name, ';') FROM (SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id
            WHERE x.annotation_id = n.id ORDER BY x.position, t.name)) END,
       {COLOR_CELL.format(tag_color=_FIRST_TAG_COLOR)}, n.author, n.created, n.modified,
       CASE WHEN EXISTS (SELECT 1 FROM event_sources s WHERE s.annotation_id = n.id) THEN
         (SELECT json_group_array(json_array(id, title, start, "end", precision)) FROM (SELECT e.id, e.title,
            e.start, e."end", e.precision FROM event_sources s JOIN events e ON e.id = s.event_id
            WHERE s.annotation_id = n.id ORDER BY s.event_id)) END
FROM annotations n LEFT JOIN articles a ON a.id = n.article_id
ORDER BY n.article_id, n.start, n.rowid
"""  # noqa: S608 - a fixed fragment, no user input

_EVENT_ROWS = """
SELECT e.id, e.title, e.description, e.date_text, e.start, e."end", e.precision, e.category,
       (SELECT count(*) FROM event_sources s WHERE s.event_id = e.id),
       (SELECT group_concat(annotation_id, ';') FROM (SELECT annotation_id FROM event_sources s
          WHERE s.event_id = e.id ORDER BY s.position)),
       e.created, e.modified
FROM events e ORDER BY e.start, e."end", e.title
"""


class RowsMixin:
    """Export row iterators of `Store`."""

    def iter_annotation_rows(self) -> Iterator[tuple]:
        """Every annotation as a tuple in `db.export.ANNOTATION_COLUMNS` order."""
        none5 = (None,) * 5
        for row in self._stream(_ANNOTATION_ROWS):
            events = row[-1]
            if events is None:
                yield row[:-1] + none5
            else:
                items = [(str(i), str(t), date_label(s, e, p), str(s), str(e)) for i, t, s, e, p in json.loads(events)]
                yield row[:-1] + tuple(";".join(item[k] for item in items) for k in range(5))

    def iter_event_rows(self) -> Iterator[tuple]:
        """Every event as a tuple in `db.export.EVENT_COLUMNS` order."""
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
