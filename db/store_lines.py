"""Annotation export rows as ready-joined UTF-8 lines: the fast path behind the CSV export.

Every row comes out as one `bytes` line, its 21 cells (`db.columns.ANNOTATION_COLUMNS` order)
joined by `CELL` (0x1F, the ASCII unit separator), built by SQLite and handed over undecoded.
Python only puts in the article's title, source and publication date, looked up once per article.

Tags and events, which only some annotations have, are first gathered into two temporary tables
keyed by the annotation's rowid; the main query reaches them with an integer-key join. (A
correlated subquery per annotation, or a side query sorted like the main one, costs a random
lookup of the big annotations table per tag; this costs a lookup in its small id index.)

The main query sorts a full scan of the table instead of following the (article, start) index: on
a large database whose annotations were not written article by article, the index order jumps
around the file and costs several times more than sorting.

A cell that itself holds `CELL` or `ROW` (control characters real text practically never
contains) would make a line ambiguous; `db.export` counts the separators of every batch and falls
back to the exact, slower path when they do not add up.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from db import errors
from db.columns import ANNOTATION_COLUMNS, check_covers
from db.store_rows import COLOR_CELL, date_label
from db.store_tx import Part

_IDLE_EVERY = 0.1  # seconds
CELL = b"\x1f"
ROW = b"\x1e"

_PUBLISHED = """CASE published_precision WHEN 'day' THEN published_start
  WHEN 'month' THEN substr(published_start, 1, 7) WHEN 'year' THEN substr(published_start, 1, 4)
  WHEN 'span' THEN published_start || '/' || published_end ELSE '' END"""

# The article cells of a line, looked up once per article.
# Texts come back as BLOBs, i.e. as undecoded UTF-8 `bytes`, whatever the connection's text_factory.
_ARTICLE_CELLS = {"article_id": "id", "article_title": "title", "article_source": "source",
                  "article_published": _PUBLISHED}
_ARTICLES = f"""SELECT {", ".join(f"CAST({sql} AS BLOB)" for sql in _ARTICLE_CELLS.values())}
  FROM articles"""  # noqa: S608 - fixed fragment

_TAGS_TABLE, _EVENTS_TABLE = "temp.chronoline_export_tags", "temp.chronoline_export_events"
_TEMP_TABLES = (
    f"CREATE TEMP TABLE {_TAGS_TABLE.split('.')[1]} (rid INTEGER PRIMARY KEY, tags TEXT NOT NULL, color TEXT)",
    f"CREATE TEMP TABLE {_EVENTS_TABLE.split('.')[1]} (rid INTEGER PRIMARY KEY, ids TEXT NOT NULL, "
    "titles TEXT NOT NULL, dates TEXT NOT NULL, starts TEXT NOT NULL, ends TEXT NOT NULL)",
)
# Scanning the link tables in key order (annotation id first) makes the id-index lookups run
# through that index in order too.
_TAG_ROWS = """SELECT n.rowid, t.name, t.color FROM annotation_tags x NOT INDEXED
  JOIN annotations n ON n.id = x.annotation_id JOIN tags t ON t.id = x.tag_id
  ORDER BY n.rowid, x.position, t.name"""
_EVENT_ROWS = """SELECT n.rowid, e.id, e.title, e.start, e."end", e.precision FROM event_sources s NOT INDEXED
  JOIN annotations n ON n.id = s.annotation_id JOIN events e ON e.id = s.event_id
  ORDER BY n.rowid, s.event_id"""

# Everything after the article columns, each cell led by CELL. One printf per row builds it: a
# chain of `||` allocates a new string per operator, which made the query three times slower.
# printf's %s stops at a NUL character, so the query also returns the byte length the cells should
# have; `_lines` compares the two and gives up on the fast path (`Ambiguous`) when they differ.
_TAIL_SQL = {"start": "n.start", "end": 'n."end"', "quote": "n.exact", "prefix": "n.prefix", "suffix": "n.suffix",
             "note": "n.note", "tags": "ifnull(xt.tags, '')", "color": COLOR_CELL.format(tag_color="xt.color"),
             "author": "n.author", "created": "n.created", "modified": "n.modified",
             "event_ids": "ifnull(xe.ids, '')", "event_titles": "ifnull(xe.titles, '')",
             "event_dates": "ifnull(xe.dates, '')", "event_start": "ifnull(xe.starts, '')",
             "event_end": "ifnull(xe.ends, '')"}
# a line: the annotation id, the article cells, the tail
check_covers(ANNOTATION_COLUMNS, {"annotation_id": "n.id", **_ARTICLE_CELLS, **_TAIL_SQL}, "store.lines.annotations")
_TAIL_CELLS = tuple(_TAIL_SQL.values())
_TAIL = f"printf('{'%s'.join([CELL.decode()] * len(_TAIL_CELLS))}%s', {', '.join(_TAIL_CELLS)})"
_TAIL_BYTES = " + ".join(f"length(CAST({column} AS BLOB))" for column in _TAIL_CELLS)
_MAIN = f"""SELECT CAST(n.id AS BLOB), CAST(n.article_id AS BLOB), CAST({_TAIL} AS BLOB), {_TAIL_BYTES}
  FROM annotations n NOT INDEXED
  LEFT JOIN {_TAGS_TABLE} xt ON xt.rid = n.rowid LEFT JOIN {_EVENTS_TABLE} xe ON xe.rid = n.rowid
  ORDER BY n.article_id, n.start, n.rowid"""  # noqa: S608 - fixed fragment


class Ambiguous(Exception):
    """The fast lines cannot represent this database exactly; use the row-by-row path."""


class ExportLines(Part):
    """`store.lines`: the fast export path."""

    def annotations(self, batch: int = 5000, *, idle: Callable[[], None] | None = None) -> Iterator[list[bytes]]:
        """Lists of export lines (UTF-8, cells joined by `CELL`), in article and position order.

        `idle()` is called about every 0.1 s while SQLite works on a query (the first batch waits
        for a sort of the whole table); an exception raised by it interrupts the query and ends
        the iteration with that exception.
        """
        try:
            with self._snapshot() as conn:
                # the callback may run Qt's event loop, which must not reach a connection that is
                # in the middle of a query: only a connection of its own gets one
                with _idle_calls(conn, None if conn is self.conn else idle):
                    yield from self._lines(conn, batch)
        except sqlite3.Error as exc:
            raise errors.StoreError(f"Reading the database failed: {exc}.") from exc

    def _lines(self, conn: sqlite3.Connection, batch: int) -> Iterator[list[bytes]]:
        if conn.execute("PRAGMA encoding").fetchone()[0] != "UTF-8":
            raise Ambiguous
        meta = {aid: CELL.join((aid, title or b"", source or b"", published or b""))
                for aid, title, source, published in _cursor(conn, _ARTICLES) if aid is not None}
        _gather(conn)
        cur = _cursor(conn, _MAIN)
        try:
            separators = len(_TAIL_CELLS)
            while rows := cur.fetchmany(batch):
                try:
                    expected = separators * len(rows) + sum(map(itemgetter(3), rows))
                    if sum(map(len, map(itemgetter(2), rows))) != expected:  # a NUL cut a cell short
                        raise Ambiguous
                    try:
                        lines = [ann_id + CELL + meta[aid] + tail for ann_id, aid, tail, _ in rows]
                    except KeyError:  # an annotation whose article is gone: kept, with empty article cells
                        lines = [ann_id + CELL + meta.get(aid, aid + CELL * 3) + tail for ann_id, aid, tail, _ in rows]
                except TypeError:  # a NULL where none should be (an id, a length)
                    raise Ambiguous from None
                yield lines
        finally:
            cur.close()  # an abandoned statement would keep the temp tables locked

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        """A connection whose queries all read one snapshot, with empty export temp tables.

        A file database gets a read-only connection of its own (the window's stays free for writes
        while an export runs). When that cannot be had — the file was moved or replaced since the
        store opened it, or its path does not make a SQLite URI (a Windows network share) — and
        for an in-memory database, the store's own connection is used.
        """
        conn = None if self.tx.memory else self._own_reader()
        own = conn is not None
        conn = conn or self.conn
        try:
            _drop_temp(conn)
            for sql in _TEMP_TABLES:
                conn.execute(sql)
            yield conn
        finally:
            if own:
                conn.close()
            else:
                with contextlib.suppress(sqlite3.Error):
                    _drop_temp(conn)

    def _own_reader(self) -> sqlite3.Connection | None:
        """A read-only connection to the store's file, inside a read transaction; None if unavailable."""
        if not self.tx.same_file():
            return None
        try:
            conn = sqlite3.connect(Path(self.tx.abs_path).as_uri() + "?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False)
        except (sqlite3.Error, ValueError):
            return None
        try:
            conn.execute("PRAGMA threads = 2")  # the sorter may use a second core
            conn.execute("BEGIN")  # every query of the export reads one snapshot …
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # … taken here
            if self.tx.same_file():
                return conn
        except sqlite3.Error:
            pass
        conn.close()
        return None


@contextlib.contextmanager
def _idle_calls(conn: sqlite3.Connection, idle: Callable[[], None] | None) -> Iterator[None]:
    """Call `idle()` at most every 0.1 s from SQLite's progress handler while a query runs."""
    if idle is None:
        yield
        return
    last = time.monotonic()
    failure: list[BaseException] = []

    def handler() -> int:
        nonlocal last
        now = time.monotonic()
        if now - last < _IDLE_EVERY:
            return 0
        last = now
        try:
            idle()
        except BaseException as exc:  # noqa: BLE001 - re-raised below, outside SQLite
            failure.append(exc)
            return 1  # interrupts the query
        return 0

    conn.set_progress_handler(handler, 20_000)
    try:
        yield
    except sqlite3.OperationalError:
        if failure:
            raise failure[0] from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _gather(conn: sqlite3.Connection) -> None:
    """Fill the temp tables: each tagged annotation's tags (and its first tag's colour), each
    cited annotation's events (ids, titles, date labels, ISO starts and ends)."""
    def tags() -> Iterator[tuple]:
        for rid, group in groupby(_rows(conn, _TAG_ROWS), key=itemgetter(0)):
            items = list(group)
            yield rid, ";".join(str(r[1]) for r in items), items[0][2]

    def events() -> Iterator[tuple]:
        for rid, group in groupby(_rows(conn, _EVENT_ROWS), key=itemgetter(0)):
            items = [(str(r[1]), str(r[2]), date_label(r[3], r[4], r[5]), str(r[3]), str(r[4])) for r in group]
            yield (rid, *(";".join(item[i] for item in items) for i in range(5)))

    conn.executemany(f"INSERT INTO {_TAGS_TABLE} VALUES (?, ?, ?)", tags())  # noqa: S608
    conn.executemany(f"INSERT INTO {_EVENTS_TABLE} VALUES (?, ?, ?, ?, ?, ?)", events())  # noqa: S608


def _drop_temp(conn: sqlite3.Connection) -> None:
    for table in (_TAGS_TABLE, _EVENTS_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {table}")


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple]:
    cur = _cursor(conn, sql)
    while batch := cur.fetchmany(2000):
        yield from batch


def _cursor(conn: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    """`sql` executed on a cursor giving plain tuples (the connection's row factory left alone)."""
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql)
