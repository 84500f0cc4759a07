"""Light reads for source-date agreement: where each source passage is, which dates were decided."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from db import errors
from db.models import PartialDate
from db.store_tx import Part


def _source_spans_sql(cur: sqlite3.Cursor) -> str:
    """The read of every source passage's place: when most annotations are sources, a scan of the
    annotations (a third faster); else a look-up of each source (a passage that is the source of
    several events then comes once per event: the dict keeps one)."""
    annotations = cur.execute("SELECT count(*) FROM annotations").fetchone()[0]
    sources = cur.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    if annotations <= 2 * sources:
        return ('SELECT n.id, n.article_id, n.start, n."end" FROM annotations n '
                "WHERE EXISTS (SELECT 1 FROM event_sources s WHERE s.annotation_id = n.id)")
    return ('SELECT s.annotation_id, n.article_id, n.start, n."end" FROM event_sources s '
            "JOIN annotations n ON n.id = s.annotation_id")


class Agreement(Part):
    """`store.agreement`: the bulk reads `db.agreement` uses (no tags or notes)."""

    def annotation_spans(self, ids: Sequence[str] | None = None) -> dict[str, tuple[str, int, int]]:
        """annotation id → (article id, start, end), for `ids` (missing ones left out) or for every
        annotation that is the source of an event."""
        try:
            cur = self.conn.cursor()
            cur.row_factory = None
            if ids is None:
                rows = cur.execute(_source_spans_sql(cur)).fetchall()
            else:
                rows = cur.execute('SELECT id, article_id, start, "end" FROM annotations WHERE id IN '
                                   "(SELECT value FROM json_each(?))", [json.dumps(list(ids))]).fetchall()
        except sqlite3.Error as exc:
            raise errors.StoreError(f"Reading source passages failed: {exc}.") from exc
        return {r[0]: r[1:] for r in rows}

    def event_date_rows(self, ids: Sequence[str] | None = None) -> list[tuple[str, str, str, str, str, tuple[str, ...]]]:
        """(id, start, end, precision, date_text, source ids) of every event or of `ids`: the light
        read agreement needs (10,000 events in a few tens of milliseconds)."""
        where, params = ("", ()) if ids is None else (" WHERE id IN (SELECT value FROM json_each(?))",
                                                      (json.dumps(list(ids)),))
        src_where = "" if ids is None else " WHERE event_id IN (SELECT value FROM json_each(?))"
        try:
            cur = self.conn.cursor()
            cur.row_factory = None
            sources: dict[str, list[str]] = {}
            for eid, aid in cur.execute("SELECT event_id, annotation_id FROM event_sources"  # noqa: S608
                                        + src_where + " ORDER BY event_id, position", params):
                got = sources.get(eid)
                if got is None:
                    sources[eid] = [aid]
                else:
                    got.append(aid)
            rows = cur.execute('SELECT id, start, "end", precision, date_text FROM events' + where,  # noqa: S608
                               params).fetchall()
        except sqlite3.Error as exc:
            raise errors.StoreError(f"Reading events failed: {exc}.") from exc
        return [(*r, tuple(sources.get(r[0], ()))) for r in rows]

    def article_keys(self, ids: Sequence[str]) -> dict[str, tuple[str, PartialDate | None]]:
        """article id → (SHA-256 of its text, publication date) for `ids` in one read (missing ones
        left out): enough to find an extraction kept from before without reading the text."""
        from db.store_articles import _published

        rows = self._read("SELECT id, sha256, published_start, published_end, published_precision, published_text, "
                          "published_estimate FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                          [json.dumps(list(ids))])
        return {r["id"]: (r["sha256"], _published(r)) for r in rows}

    def article_texts(self, ids: Sequence[str]) -> dict[str, str]:
        """article id → text for `ids` in one read (missing ones left out)."""
        rows = self._read("SELECT id, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                          [json.dumps(list(ids))])
        return {r[0]: r[1] for r in rows}

    def decisions_by_article(self, ids: Sequence[str]) -> dict[str, dict[tuple[int, int], tuple[str, str]]]:
        """article id → its suggestion decisions (as `store.decisions.of_article`) for `ids`, in one read;
        articles without decisions are left out."""
        rows = self._read('SELECT article_id, start, "end", decision, event_id FROM suggestion_decisions '
                          "WHERE article_id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))])
        out: dict[str, dict[tuple[int, int], tuple[str, str]]] = {}
        for r in rows:
            out.setdefault(r[0], {})[(r[1], r[2])] = (r[3], r[4] or "")
        return out

    def annotation_ids_starting(self, prefix: str, limit: int = 5) -> list[str]:
        """Ids of annotations whose id starts with `prefix` (at most `limit`)."""
        hi = prefix + "\U0010ffff"
        rows = self._read("SELECT id FROM annotations WHERE id >= ? AND id < ? LIMIT ?", [prefix, hi, limit])
        return [r[0] for r in rows]
