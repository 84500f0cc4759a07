"""Merge another analyst's database into this one, in one transaction; the other file is only read. No Qt.

Articles are matched by the SHA-256 of their text, everything else by its UUID (tags also by name).
New items are added, edited ones take the newer version, deletions travel as tombstones (a deletion
wins unless the other side edited the item after it), and an annotation or event both sides edited
since they last agreed (`merge_base`) is a conflict: the newer version is current, the other is kept
in `merge_conflicts` and listed in the report.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from db import errors
from db.clock import new_id, now
from db.merge_report import Conflict, Kept, MergeReport, Version
from db.merge_rows import (
    ANNOTATION_COLS,
    ARTICLE_ALL,
    ARTICLE_META,
    EVENT_COLS,
    Side,
    annotation_hash,
    digest,
    event_hash,
    quoted,
    read_side,
)

WAIT_MS = 3000  # how long to wait for a database another program is writing
_META_CMP = ARTICLE_META[:-1]  # everything but `modified`


def merge(mine, theirs_path: str | os.PathLike[str]) -> MergeReport:
    """Merge the database at `theirs_path` into the open Store `mine`; all or nothing."""
    path = Path(theirs_path)
    _check_not_itself(None if getattr(mine, "memory", False) else mine.abs_path, path)
    theirs = _open_theirs(path)
    try:
        other = _read_snapshot(theirs, path)
    finally:
        theirs.close()
    report = MergeReport(source=str(theirs_path))
    peers = ("" if getattr(mine, "memory", False) else os.path.realpath(mine.abs_path), os.path.realpath(path))
    with mine.atomic() as conn:
        here = read_side(conn, with_text=False)
        _Merger(conn, here, other, report, peers).run()
    return report


def check_source(mine_path: str | os.PathLike[str], theirs_path: str | os.PathLike[str]) -> None:
    """Refuse, before anything is opened for writing, a file that cannot be merged into `mine_path`."""
    path = Path(theirs_path)
    _check_not_itself(mine_path, path)
    theirs = _open_theirs(path)
    try:
        _tables_ok(theirs.conn, path)
    finally:
        theirs.close()


def _open_theirs(path: Path):  # noqa: ANN202
    """The other database, opened read-only (refusing non-SQLite, non-Chronoline and newer files)."""
    from db.store import Store

    if not path.exists():
        raise errors.StoreError(f"{path} does not exist; give the path of the database to merge.")
    if path.is_file() and path.stat().st_size == 0:
        raise errors.StoreError(f"{path} is empty, not a Chronoline database; nothing was merged.")
    return Store(path, readonly=True)


def _tables_ok(conn: sqlite3.Connection, path: Path) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"articles", "annotations", "events", "tags", "suggestion_decisions"} <= tables:
        raise errors.StoreError(f"{path} is an SQLite database, but not a Chronoline one; nothing was merged.")


def _check_not_itself(mine_path: str | os.PathLike[str] | None, path: Path) -> None:
    if mine_path is None or not path.exists() or not Path(mine_path).exists():
        return
    try:
        same = os.path.samefile(mine_path, path)
    except OSError:
        same = False
    if same:
        raise errors.ChronolineError(
            f"{path} is the database you have open; choose another analyst's database to merge.")


def _read_snapshot(theirs, path: Path) -> Side:
    """Everything of the other database, from one consistent read transaction."""
    conn = theirs.conn
    try:
        conn.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        _tables_ok(conn, path)
        conn.execute("BEGIN")
        try:
            return read_side(conn, with_text=True)
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        msg = str(exc).lower()
        if "locked" in msg or "busy" in msg:
            raise errors.StoreError(
                f"{path} is being written by another program; close it there (or wait) and merge again. "
                "Nothing was merged.") from exc
        raise errors.StoreError(f"{path} cannot be read ({exc}); nothing was merged.") from exc


def _newer(a_modified: str, a_hash: str, b_modified: str, b_hash: str) -> bool:
    """True when version a wins over b: later `modified`, ties broken by hash (same answer both ways)."""
    return (a_modified, a_hash) > (b_modified, b_hash)


class _Merger:
    """One merge's state: the id maps between the two databases and what is alive here afterwards."""

    def __init__(self, conn: sqlite3.Connection, mine: Side, theirs: Side, report: MergeReport,
                 peers: tuple[str, str]) -> None:
        self.conn, self.mine, self.theirs, self.report = conn, mine, theirs, report
        self.mine_path, self.theirs_path = peers
        self.stamp = now()
        self.article_id: dict[str, str] = {}  # sha256 → article id here
        self.gone_articles: set[str] = set()  # sha256 of articles deleted here by this merge
        self.tag_map: dict[str, str | None] = {}  # their tag id → tag id here (None: deleted here)
        self.alive_tags: set[str] = set(mine.tags)
        self.alive_annotations: set[str] = set()
        self.alive_events: set[str] = set()
        self.alive_decisions: set[str] = set(mine.decisions)
        self.base: list[tuple[str, str, str, str, str]] = []

    def run(self) -> None:
        self._articles()
        self._tags()
        self._annotations()
        self._events()
        self._decisions()
        self._carry_tombstones()
        self.conn.executemany(
            "INSERT OR REPLACE INTO merge_base (kind, id, modified, hash, peer) VALUES (?,?,?,?,?)",
            [(*b, self.theirs_path) for b in self.base if self.mine.base.get((b[0], b[1])) != (b[3], self.theirs_path)])

    # --- articles ------------------------------------------------------------------------------
    def _touched_after(self, side: Side, art: dict, deleted_at: str) -> bool:
        """The article, or one of its annotations on `side`, was edited after `deleted_at`."""
        if art["modified"] > deleted_at:
            return True
        return any(r[12] > deleted_at for r in side.annotations.values() if r[1] == art["id"])

    def _articles(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        for sha, t in theirs.articles.items():
            m = mine.articles.get(sha)
            if m is not None:
                self.article_id[sha] = m["id"]
                tm, mm = [t[c] for c in _META_CMP], [m[c] for c in _META_CMP]
                if tm != mm and _newer(t["modified"], digest(tm), m["modified"], digest(mm)):
                    sets = ", ".join(f'"{c}" = ?' for c in ARTICLE_META)
                    self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?",  # noqa: S608 - fixed names
                                      [*(t[c] for c in ARTICLE_META), m["id"]])
                    rep.updated["article"] += 1
                continue
            dead = mine.tombstones.get(("article", sha))
            if dead and not self._touched_after(theirs, t, dead):
                continue
            row = dict(t, id=t["id"] if t["id"] not in mine.article_sha else new_id())
            self.conn.execute(f"INSERT INTO articles ({quoted(ARTICLE_ALL)}) VALUES "  # noqa: S608
                              f"({', '.join('?' * len(ARTICLE_ALL))})", [row[c] for c in ARTICLE_ALL])
            self.article_id[sha] = row["id"]
            rep.added["article"] += 1
            if dead:
                rep.kept.append(Kept("article", sha, t["title"], t["author"], t["modified"], dead, "mine"))
        for sha, m in mine.articles.items():
            if sha in theirs.articles:
                continue
            dead = theirs.tombstones.get(("article", sha))
            if dead and not self._touched_after(mine, m, dead):
                self.conn.execute("DELETE FROM articles WHERE id = ?", [m["id"]])
                self.gone_articles.add(sha)
                rep.deleted["article"] += 1
                continue
            if dead:
                rep.kept.append(Kept("article", sha, m["title"], m["author"], m["modified"], dead, "theirs"))
            self.article_id[sha] = m["id"]

    # --- tags ----------------------------------------------------------------------------------
    def _tags(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        by_name = {m["name"].lower(): tid for tid, m in mine.tags.items()}
        for tid, t in theirs.tags.items():
            target = tid if tid in mine.tags else by_name.get(t["name"].lower())
            if target is None:
                dead = mine.tombstones.get(("tag", tid))
                if dead and not t["modified"] > dead:
                    self.tag_map[tid] = None
                    continue
                self.conn.execute("INSERT INTO tags (id, name, color, created, modified) VALUES (?,?,?,?,?)",
                                  [tid, t["name"], t["color"], t["created"], t["modified"]])
                mine.tags[tid] = dict(t)
                by_name[t["name"].lower()] = tid
                self.tag_map[tid] = tid
                self.alive_tags.add(tid)
                rep.added["tag"] += 1
                if dead:
                    rep.kept.append(Kept("tag", tid, t["name"], "", t["modified"], dead, "mine"))
                continue
            self.tag_map[tid] = target
            m = mine.tags[target]
            tv, mv = [t["name"], t["color"]], [m["name"], m["color"]]
            if tv != mv and _newer(t["modified"], digest(tv), m["modified"], digest(mv)):
                name = t["name"] if by_name.get(t["name"].lower(), target) == target else m["name"]
                self.conn.execute("UPDATE tags SET name = ?, color = ?, modified = ? WHERE id = ?",
                                  [name, t["color"], t["modified"], target])
                by_name.pop(m["name"].lower(), None)
                by_name[name.lower()] = target
                mine.tags[target] = dict(m, name=name, color=t["color"], modified=t["modified"])
                rep.updated["tag"] += 1
        mapped = set(self.tag_map.values())
        for tid, m in list(mine.tags.items()):
            dead = theirs.tombstones.get(("tag", tid))
            if tid in theirs.tags or tid in mapped or not dead:
                continue
            if m["modified"] > dead:
                rep.kept.append(Kept("tag", tid, m["name"], "", m["modified"], dead, "theirs"))
                continue
            self.conn.execute("DELETE FROM tags WHERE id = ?", [tid])
            self.alive_tags.discard(tid)
            rep.deleted["tag"] += 1

    # --- annotations ---------------------------------------------------------------------------
    def _their_annotation(self, aid: str) -> tuple[tuple, str, list[str], str] | None:
        """Their annotation with its article id and tags mapped here, and its hash; None without article."""
        t = self.theirs.annotations[aid]
        sha = self.theirs.article_sha[t[1]]
        art = self.article_id.get(sha)
        if art is None:
            return None
        tags = list(dict.fromkeys(m for x in self.theirs.annotation_tags.get(aid, ()) if (m := self.tag_map.get(x))))
        return (t[0], art, *t[2:]), sha, tags, annotation_hash(t, sha, self._names(tags))

    def _names(self, tag_ids: list[str]) -> list[str]:
        """Tag names (as they are here after the tag step) for hashing: the same in both directions."""
        return [self.mine.tags[t]["name"].lower() for t in tag_ids]

    def _annotations(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        inserts: list[tuple] = []
        new_tags: list[tuple[str, list[str]]] = []
        for aid, m in mine.annotations.items():
            sha = mine.article_sha[m[1]]
            if sha in self.gone_articles:
                continue
            if aid not in theirs.annotations:
                dead = theirs.tombstones.get(("annotation", aid))
                if dead and not m[12] > dead:
                    self.conn.execute("DELETE FROM annotations WHERE id = ?", [aid])
                    rep.deleted["annotation"] += 1
                    continue
                if dead:
                    rep.kept.append(Kept("annotation", aid, m[4], m[9], m[12], dead, "theirs"))
                self.alive_annotations.add(aid)
                continue
            self.alive_annotations.add(aid)
            found = self._their_annotation(aid)
            if found is None:
                continue
            t, _sha, ttags, th = found
            mtags = [x for x in mine.annotation_tags.get(aid, ()) if x in self.alive_tags]
            mh = annotation_hash(m, sha, self._names(mtags))
            if mh == th:
                if t[12] > m[12]:
                    self.conn.execute("UPDATE annotations SET modified = ? WHERE id = ?", [t[12], aid])
                self.base.append(("annotation", aid, max(t[12], m[12]), mh))
                continue
            theirs_wins = _newer(t[12], th, m[12], mh)
            win, lose = (t, m) if theirs_wins else (m, t)
            if theirs_wins:
                sets = ", ".join(f'"{c}" = ?' for c in ANNOTATION_COLS[2:])
                self.conn.execute(f"UPDATE annotations SET {sets} WHERE id = ?", [*t[2:], aid])  # noqa: S608
                self._set_tags(aid, ttags)
                rep.updated["annotation"] += 1
            if self._both_changed("annotation", aid, mh, th, m, t, 12, 11):
                self._conflict("annotation", aid, _ann_version(win), _ann_version(lose),
                               "theirs" if theirs_wins else "mine", th if not theirs_wins else mh)
            self.base.append(("annotation", aid, win[12], th if theirs_wins else mh))
        for aid in theirs.annotations.keys() - mine.annotations.keys():
            dead = mine.tombstones.get(("annotation", aid))
            t0 = theirs.annotations[aid]
            if dead and not t0[12] > dead:
                continue
            found = self._their_annotation(aid)
            if found is None:
                continue
            t, _sha, ttags, th = found
            inserts.append(t)
            new_tags.append((aid, ttags))
            self.alive_annotations.add(aid)
            rep.added["annotation"] += 1
            rep.added_by[t[9]] += 1
            if dead:
                rep.kept.append(Kept("annotation", aid, t[4], t[9], t[12], dead, "mine"))
            self.base.append(("annotation", aid, t[12], th))
        self._insert_annotations(inserts)
        self.conn.executemany("INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?,?,?)",
                              [(aid, tid, pos) for aid, tags in new_tags for pos, tid in enumerate(tags)])

    def _insert_annotations(self, rows: list[tuple]) -> None:
        """Insert many annotations, indexing them for search in one statement (as add_annotations does)."""
        if not rows:
            return
        first = self.conn.execute("SELECT coalesce(max(rowid), 0) FROM annotations").fetchone()[0]
        self.conn.execute("UPDATE _bulk SET active = 1 WHERE id = 1")
        self.conn.executemany(f"INSERT INTO annotations ({quoted(ANNOTATION_COLS)}) VALUES "  # noqa: S608
                              f"({', '.join('?' * len(ANNOTATION_COLS))})", rows)
        self.conn.execute("INSERT INTO annotations_fts (rowid, exact, note) "
                          "SELECT rowid, exact, note FROM annotations WHERE rowid > ?", [first])
        self.conn.execute("UPDATE _bulk SET active = 0 WHERE id = 1")

    def _set_tags(self, aid: str, tags: list[str]) -> None:
        self.conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", [aid])
        self.conn.executemany("INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?,?,?)",
                              [(aid, tid, pos) for pos, tid in enumerate(tags)])

    def _both_changed(self, kind: str, item: str, mh: str, th: str, m: tuple, t: tuple,
                      modified: int, created: int) -> bool:
        """Both sides edited the item since these two databases last agreed on it.

        `merge_base` records, per item, the version a merge left and the file merged from. No conflict
        when either side still holds the version these two files last agreed on, or when one side never
        edited the item at all; otherwise (to lose nothing) both edited it.
        """
        agreed = [h for h, peer in (self.mine.base.get((kind, item), ("", "")),
                                    self.theirs.base.get((kind, item), ("", "")))
                  if h and peer in (self.theirs_path, self.mine_path) and peer]
        if mh in agreed or th in agreed:  # one side has not changed it since the two agreed
            return False
        return m[modified] != m[created] and t[modified] != t[created]

    def _conflict(self, kind: str, item: str, current: Version, other: Version, side: str,
                  other_hash: str) -> None:
        self.report.conflicts.append(Conflict(kind, item, current, other, side))
        self.conn.execute(
            "INSERT OR IGNORE INTO merge_conflicts (kind, item_id, other_hash, current, other, source, merged_at) "
            "VALUES (?,?,?,?,?,?,?)", [kind, item, other_hash, json.dumps(current.__dict__, ensure_ascii=False),
                                       json.dumps(other.__dict__, ensure_ascii=False), self.report.source,
                                       self.stamp])

    # --- events --------------------------------------------------------------------------------
    def _sources(self, side: Side, eid: str) -> list[str]:
        return list(dict.fromkeys(a for a in side.event_sources.get(eid, ()) if a in self.alive_annotations))

    def _events(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        for eid, m in mine.events.items():
            if eid not in theirs.events:
                dead = theirs.tombstones.get(("event", eid))
                if dead and not m[10] > dead:
                    self.conn.execute("DELETE FROM events WHERE id = ?", [eid])
                    rep.deleted["event"] += 1
                    continue
                if dead:
                    rep.kept.append(Kept("event", eid, m[1], "", m[10], dead, "theirs"))
                self.alive_events.add(eid)
                continue
            self.alive_events.add(eid)
            t = theirs.events[eid]
            msrc, tsrc = self._sources(mine, eid), self._sources(theirs, eid)
            mh, th = event_hash(m, msrc), event_hash(t, tsrc)
            if mh == th:
                if t[10] > m[10]:
                    self.conn.execute("UPDATE events SET modified = ? WHERE id = ?", [t[10], eid])
                self.base.append(("event", eid, max(t[10], m[10]), mh))
                continue
            theirs_wins = _newer(t[10], th, m[10], mh)
            win, lose = (t, m) if theirs_wins else (m, t)
            if theirs_wins:
                sets = ", ".join(f'"{c}" = ?' for c in EVENT_COLS[1:])
                self.conn.execute(f"UPDATE events SET {sets} WHERE id = ?", [*t[1:], eid])  # noqa: S608
                self._set_sources(eid, tsrc)
                rep.updated["event"] += 1
            if self._both_changed("event", eid, mh, th, m, t, 10, 9):
                self._conflict("event", eid, _event_version(win), _event_version(lose),
                               "theirs" if theirs_wins else "mine", th if not theirs_wins else mh)
            self.base.append(("event", eid, win[10], th if theirs_wins else mh))
        for eid in theirs.events.keys() - mine.events.keys():
            t = theirs.events[eid]
            dead = mine.tombstones.get(("event", eid))
            if dead and not t[10] > dead:
                continue
            self.conn.execute(f"INSERT INTO events ({quoted(EVENT_COLS)}) VALUES "  # noqa: S608
                              f"({', '.join('?' * len(EVENT_COLS))})", t)
            tsrc = self._sources(theirs, eid)
            self._set_sources(eid, tsrc)
            self.alive_events.add(eid)
            rep.added["event"] += 1
            if dead:
                rep.kept.append(Kept("event", eid, t[1], "", t[10], dead, "mine"))
            self.base.append(("event", eid, t[10], event_hash(t, tsrc)))

    def _set_sources(self, eid: str, sources: list[str]) -> None:
        self.conn.execute("DELETE FROM event_sources WHERE event_id = ?", [eid])
        self.conn.executemany("INSERT INTO event_sources (event_id, annotation_id, position) VALUES (?,?,?)",
                              [(eid, aid, pos) for pos, aid in enumerate(sources)])

    # --- suggestion decisions ------------------------------------------------------------------
    def _decisions(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        for key, t in theirs.decisions.items():
            sha, start, end = key.rsplit(":", 2)
            art = self.article_id.get(sha)
            if art is None:
                continue
            m = mine.decisions.get(key)
            if m is None:
                dead = mine.tombstones.get(("decision", key))
                if dead and not t[2] > dead:
                    continue
                self.conn.execute('INSERT INTO suggestion_decisions (article_id, start, "end", decision, event_id, '
                                  "modified) VALUES (?,?,?,?,?,?)", [art, int(start), int(end), *t])
                self.alive_decisions.add(key)
                rep.added["decision"] += 1
            elif t[:2] != m[:2] and _newer(t[2], digest(t[:2]), m[2], digest(m[:2])):
                self.conn.execute('UPDATE suggestion_decisions SET decision = ?, event_id = ?, modified = ? '
                                  'WHERE article_id = ? AND start = ? AND "end" = ?', [*t, art, int(start), int(end)])
                rep.updated["decision"] += 1
        for key, m in mine.decisions.items():
            dead = theirs.tombstones.get(("decision", key))
            sha, start, end = key.rsplit(":", 2)
            if key in theirs.decisions or not dead or m[2] > dead or sha in self.gone_articles:
                continue
            self.conn.execute('DELETE FROM suggestion_decisions WHERE article_id = ? AND start = ? AND "end" = ?',
                              [self.article_id[sha], int(start), int(end)])
            self.alive_decisions.discard(key)
            rep.deleted["decision"] += 1

    # --- tombstones ----------------------------------------------------------------------------
    def _carry_tombstones(self) -> None:
        """Take over their tombstones of items not here, so a later merge carries the deletion on."""
        alive = {"annotation": self.alive_annotations, "event": self.alive_events, "tag": self.alive_tags,
                 "article": set(self.article_id), "decision": self.alive_decisions}
        rows = [(k, i, t) for (k, i), t in self.theirs.tombstones.items()
                if i not in alive.get(k, ()) and self.mine.tombstones.get((k, i), "") < t]
        self.conn.executemany(
            "INSERT INTO tombstones (kind, id, deleted_at) VALUES (?,?,?) ON CONFLICT (kind, id) "
            "DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)", rows)


def _ann_version(r: tuple) -> Version:
    return Version(summary=r[4], detail=r[7], author=r[9], modified=r[12])


def _event_version(r: tuple) -> Version:
    return Version(summary=r[1], detail=r[3] or (r[4] if r[4] == r[5] else f"{r[4]}–{r[5]}"), author="",
                   modified=r[10])
