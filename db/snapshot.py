"""Row snapshots for undo: the rows one compound action touches, captured before and after, put back exactly."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

# (table, key columns, has rowid) in insert order; deletes run in the reverse order.
_TABLES = (
    ("tags", ("id",), True),
    ("annotations", ("id",), True),
    ("events", ("id",), True),
    ("annotation_tags", ("annotation_id", "tag_id"), False),
    ("event_sources", ("event_id", "annotation_id"), False),
    ("suggestion_decisions", ("article_id", "start", "end"), False),
)


@dataclass(frozen=True)
class Scope:
    """Which rows a compound action may touch (ids of new rows included, chosen before writing)."""

    annotations: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    decisions: frozenset[tuple[str, int, int]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Snapshot:
    """The rows of a scope at one moment, tombstones included."""

    scope: Scope
    rows: dict[str, tuple[tuple, ...]]
    columns: dict[str, tuple[str, ...]]
    tombstones: tuple[tuple, ...]


def _where(table: str, scope: Scope) -> tuple[str, list] | None:
    """SQL condition and parameters selecting the rows of `table` within `scope` (None: no rows)."""
    wanted = {"tags": scope.tags, "annotations": scope.annotations, "events": scope.events,
              "annotation_tags": scope.annotations | scope.tags, "event_sources": scope.events | scope.annotations,
              "suggestion_decisions": scope.decisions}[table]
    if not wanted:
        return None
    a, e, t = (json.dumps(sorted(s)) for s in (scope.annotations, scope.events, scope.tags))
    inn = "IN (SELECT value FROM json_each(?))"
    if table == "tags":
        return f"id {inn}", [t]
    if table == "annotations":
        return f"id {inn}", [a]
    if table == "events":
        return f"id {inn}", [e]
    if table == "annotation_tags":
        return f"annotation_id {inn} OR tag_id {inn}", [a, t]
    if table == "event_sources":
        return f"event_id {inn} OR annotation_id {inn}", [e, a]
    keys = json.dumps(sorted(scope.decisions))
    return ('EXISTS (SELECT 1 FROM json_each(?) j WHERE json_extract(j.value, \'$[0]\') = article_id '
            'AND json_extract(j.value, \'$[1]\') = start AND json_extract(j.value, \'$[2]\') = "end")'), [keys]


def _tombstone_keys(store, scope: Scope) -> list[tuple[str, str]]:  # noqa: ANN001 - db.store.Store
    keys = [("annotation", i) for i in scope.annotations] + [("event", i) for i in scope.events]
    keys += [("tag", i) for i in scope.tags]
    for article_id, start, end in scope.decisions:
        rows = store.conn.execute("SELECT sha256 FROM articles WHERE id = ?", [article_id]).fetchall()
        if rows:
            keys.append(("decision", f"{rows[0][0]}:{start}:{end}"))
    return keys


def capture(store, scope: Scope) -> Snapshot:  # noqa: ANN001 - db.store.Store
    """Read every row of the scope (with rowids, so full-text indexes stay in step on restore)."""
    rows: dict[str, tuple[tuple, ...]] = {}
    columns: dict[str, tuple[str, ...]] = {}
    for table, _key, has_rowid in _TABLES:
        where = _where(table, scope)
        if where is None:
            columns[table], rows[table] = (), ()
            continue
        cond, params = where
        cur = store.conn.execute(f"SELECT {'rowid AS _rowid_, ' if has_rowid else ''}* FROM {table} "  # noqa: S608 - fixed names
                                 f"WHERE {cond}", params)
        columns[table] = tuple(d[0] for d in cur.description)
        rows[table] = tuple(tuple(r) for r in cur.fetchall())
    stones = []
    for kind, item in _tombstone_keys(store, scope):
        stones += [tuple(r) for r in store.conn.execute(
            "SELECT kind, id, deleted_at FROM tombstones WHERE kind = ? AND id = ?", [kind, item])]
    return Snapshot(scope, rows, columns, tuple(stones))


def restore(store, snap: Snapshot) -> None:  # noqa: ANN001 - db.store.Store
    """Make the scope's rows exactly as captured, in one transaction."""
    with store.atomic() as conn:
        for table, _key, _rowid in reversed(_TABLES):
            where = _where(table, snap.scope)
            if where is not None:
                conn.execute(f"DELETE FROM {table} WHERE {where[0]}", where[1])  # noqa: S608 - fixed names
        for table, _key, _rowid in _TABLES:
            cols = snap.columns[table]
            if not snap.rows[table]:
                continue
            names = ", ".join("rowid" if c == "_rowid_" else f'"{c}"' for c in cols)
            marks = ", ".join("?" for _ in cols)
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", snap.rows[table])  # noqa: S608
        for kind, item in _tombstone_keys(store, snap.scope):
            conn.execute("DELETE FROM tombstones WHERE kind = ? AND id = ?", [kind, item])
        conn.executemany("INSERT INTO tombstones (kind, id, deleted_at) VALUES (?,?,?)", snap.tombstones)


def rows_of(snap: Snapshot, table: str) -> Iterable[dict]:
    """The captured rows of one table as dicts (for naming what changed)."""
    cols = snap.columns[table]
    return (dict(zip(cols, r, strict=True)) for r in snap.rows[table])
