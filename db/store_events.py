"""Event rows with their source annotations; the search hit record and the FTS5 query builder."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from db import errors
from db.categories import canonical_category
from db.clock import new_id, now
from db.models import CATEGORIES, Event, PartialDate
from db.store_tx import Part

_COLUMNS = 'id, title, description, category, start, "end", precision, date_text, created, modified'
_ORDER = ' ORDER BY start, "end", title'


@dataclass(frozen=True)
class SearchHit:
    """One search result: an article passage or an annotation, with a snippet."""

    kind: str  # "article" | "annotation" | "tag"
    article_id: str
    article_title: str
    snippet: str
    annotation_id: str = ""
    start: int = -1
    end: int = -1


def _event(r: tuple, sources: Sequence[str]) -> Event:
    return Event(id=r[0], title=r[1], description=r[2], category=r[3],
                 date=PartialDate(date.fromisoformat(r[4]), date.fromisoformat(r[5]), r[6], r[7]),
                 source_ids=tuple(sources), created=r[8], modified=r[9])


class Events(Part):
    """`store.events`: event rows and their source links."""

    def add(self, title: str, when: PartialDate, *, description: str = "", category: str = "Other",
                  source_ids: Sequence[str] = (), expression: str = "", event_id: str | None = None) -> Event:
        """Create an event with zero or more source annotations."""
        title = title.strip()
        if not title:
            raise errors.ChronolineError("An event needs a title.")
        stamp = now()
        eid = event_id or new_id()
        category = self._category_spelling(category)
        with self._write() as conn:
            conn.execute(
                'INSERT INTO events (id, title, description, date_text, start, "end", precision, category, '
                "expression, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [eid, title, description, when.text or when.value, when.start.isoformat(),
                 when.end.isoformat(), when.precision, category or "Other", expression, stamp, stamp])
            for pos, aid in enumerate(dict.fromkeys(source_ids)):
                conn.execute("INSERT INTO event_sources (event_id, annotation_id, position) VALUES (?,?,?)",
                             [eid, aid, pos])
        return self.get(eid)

    def get(self, event_id: str) -> Event:
        """One event by id."""
        found = self.by_id([event_id])
        if not found:
            raise errors.NotFound(f"No event with id {event_id}.")
        return found[0]

    def all(self) -> list[Event]:
        """All events in date order (100,000 in well under a second)."""
        return self._events(f"SELECT {_COLUMNS} FROM events" + _ORDER,  # noqa: S608 - fixed fragments
                            "SELECT event_id, annotation_id FROM event_sources ORDER BY event_id, position", ())

    def by_id(self, ids: Sequence[str]) -> list[Event]:
        """Those of the events `ids` that exist, in date order."""
        wanted = (json.dumps(list(ids)),)
        return self._events(
            f"SELECT {_COLUMNS} FROM events WHERE id IN (SELECT value FROM json_each(?))" + _ORDER,  # noqa: S608
            "SELECT event_id, annotation_id FROM event_sources WHERE event_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY event_id, position", wanted)

    def _events(self, events_sql: str, sources_sql: str, params: tuple) -> list[Event]:
        try:
            cur = self.conn.cursor()
            cur.row_factory = None
            sources: dict[str, list[str]] = {}
            for eid, aid in cur.execute(sources_sql, params):
                sources.setdefault(eid, []).append(aid)
            return [_event(r, sources.get(r[0], ())) for r in cur.execute(events_sql, params).fetchall()]
        except sqlite3.Error as exc:
            raise errors.StoreError(f"Reading events failed: {exc}.") from exc

    def timeline_columns(self, with_first_source: bool = False) -> dict[str, Any]:
        """Every event as the timeline's columns in start order (db.timeline_rows: no object per row)."""
        from db.timeline_rows import timeline_columns

        return timeline_columns(self.conn, with_first_source=with_first_source)

    def timeline_rows(self, with_first_source: bool = False, ids: Sequence[str] | None = None) -> list[tuple]:
        """Every event (or only those of `ids`) as a light tuple for the timeline, in date order:
        (id, title, start, end, precision, category, date_text, source_count, first_source_article,
        first_source_tag); the last two are None unless `with_first_source`. Fast for 100,000 rows.
        """
        cur = self.conn.cursor()
        cur.row_factory = None
        only = " IN (SELECT value FROM json_each(?))" if ids is not None else ""
        args = [json.dumps(list(ids))] if ids is not None else []
        if not with_first_source:  # one statement, rows as SQLite gives them: no tuple rebuilt in Python
            # "+start": sorting in memory beats walking the start index (a table look-up per row)
            return cur.execute('SELECT e.id, e.title, e.start, e."end", e.precision, e.category, e.date_text, '  # noqa: S608
                               "(SELECT count(*) FROM event_sources s WHERE s.event_id = e.id), NULL, NULL "
                               "FROM events e" + (" WHERE e.id" + only if only else "") + " ORDER BY +e.start",
                               args).fetchall()
        where = " WHERE event_id" + only if only else ""
        counts = dict(cur.execute("SELECT event_id, count(*) FROM event_sources" + where  # noqa: S608
                                  + " GROUP BY event_id", args).fetchall())
        firsts: dict[str, tuple] = {}
        if with_first_source:
            for eid, art, tag in cur.execute(
                    "SELECT s.event_id, n.article_id, (SELECT t.name FROM annotation_tags x JOIN tags t "  # noqa: S608
                    "ON t.id = x.tag_id WHERE x.annotation_id = n.id ORDER BY x.position LIMIT 1) "
                    "FROM event_sources s JOIN annotations n ON n.id = s.annotation_id"
                    + (" WHERE s.event_id" + only if only else "") + " ORDER BY s.event_id, s.position DESC",
                    args).fetchall():
                firsts[eid] = (art, tag)
        rows = cur.execute('SELECT id, title, start, "end", precision, category, date_text FROM events'  # noqa: S608
                           + (" WHERE id" + only if only else "") + " ORDER BY start", args).fetchall()
        none = (None, None)
        return [(*r, counts.get(r[0], 0), *firsts.get(r[0], none)) for r in rows]

    def count(self) -> int:
        """How many events the database holds."""
        return self._read("SELECT count(*) FROM events")[0][0]

    def update(self, event_id: str, *, title: str | None = None, when: PartialDate | None = None,
                     description: str | None = None, category: str | None = None,
                     source_ids: Sequence[str] | None = None) -> Event:
        """Edit an event; `source_ids` replaces the sources in order."""
        self.get(event_id)
        fields: dict[str, object] = {}
        if title is not None:
            if not title.strip():
                raise errors.ChronolineError("An event needs a title.")
            fields["title"] = title.strip()
        if description is not None:
            fields["description"] = description
        if category is not None:
            fields["category"] = self._category_spelling(category)
        if when is not None:
            fields.update(date_text=when.text or when.value, start=when.start.isoformat(),
                          end=when.end.isoformat(), precision=when.precision)
        fields["modified"] = now()
        with self._write() as conn:
            sets = ", ".join(f'"{k}" = ?' for k in fields)
            conn.execute(f"UPDATE events SET {sets} WHERE id = ?", [*fields.values(), event_id])  # noqa: S608 - fixed column names
            if source_ids is not None:
                conn.execute("DELETE FROM event_sources WHERE event_id = ?", [event_id])
                for pos, aid in enumerate(dict.fromkeys(source_ids)):
                    conn.execute("INSERT INTO event_sources (event_id, annotation_id, position) VALUES (?,?,?)",
                                 [event_id, aid, pos])
        return self.get(event_id)

    def add_source(self, event_id: str, annotation_id: str) -> Event:
        """Add a source passage to an event (a second article's passage corroborates it)."""
        ev = self.get(event_id)
        if annotation_id in ev.source_ids:
            return ev
        return self.update(event_id, source_ids=[*ev.source_ids, annotation_id])

    def delete(self, event_id: str) -> Event:
        """Delete an event (its source annotations stay); returns it for undo."""
        ev = self.get(event_id)
        with self._write() as conn:
            conn.execute("DELETE FROM events WHERE id = ?", [event_id])
        return ev

    def by_annotation(self) -> dict[str, list[str]]:
        """annotation id → ids of the events it is a source of."""
        out: dict[str, list[str]] = {}
        for r in self._read("SELECT annotation_id, event_id FROM event_sources ORDER BY position"):
            out.setdefault(r[0], []).append(r[1])
        return out

    def _category_spelling(self, category: str) -> str:
        """A category as stored: "operation" is the existing "Operation" (no second lane for a case)."""
        same = self._read("SELECT category FROM events WHERE category = ? COLLATE NOCASE LIMIT 1",
                          [" ".join((category or "").split())])
        return canonical_category(category, [same[0][0]] if same else [])

    def categories(self) -> list[str]:
        """The default categories followed by any other category in use."""
        used = [r[0] for r in self._read("SELECT DISTINCT category FROM events ORDER BY category")]
        return list(CATEGORIES) + [c for c in used if c not in CATEGORIES]


_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: every word quoted, all required, last one a prefix."""
    words = _WORD.findall(text or "")
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
