"""The merge of annotations and events: matched by UUID, the newer wins, conflicts kept. No Qt."""

from __future__ import annotations

import json
from collections.abc import Callable

from db.merge_report import Conflict, Kept, Version
from db.merge_rows import (
    ANNOTATION_COLS,
    EVENT_COLS,
    Side,
    annotation_hash,
    event_hash,
    newer,
    quoted,
)


class ItemsMixin:
    """Annotation and event steps of `Merger` (which holds the state they use)."""

    def _their_annotation(self, aid: str) -> tuple[tuple, str, list[str]] | None:
        """Their annotation with its article id and tags mapped here; None when its article is not here."""
        t = self.theirs.annotations[aid]
        sha = self.theirs.article_sha[t[1]]
        art = self.article_id.get(sha)
        if art is None:
            return None
        tags = list(dict.fromkeys(m for x in self.theirs.annotation_tags.get(aid, ()) if (m := self.tag_map.get(x))))
        return (t[0], art, *t[2:]), sha, tags

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
                if dead and mine.tombstones.get(("annotation", aid), "") < dead:  # not reported yet
                    rep.kept.append(Kept("annotation", aid, m[4], m[9], m[12], dead, "theirs"))
                self.alive_annotations.add(aid)
                continue
            self.alive_annotations.add(aid)
            found = self._their_annotation(aid)
            if found is None:
                continue
            t, _sha, ttags = found
            mtags = [x for x in mine.annotation_tags.get(aid, ()) if x in self.alive_tags]
            if m[2:] == t[2:] and mtags == ttags:  # the same (most of a merge): no hashing
                if m[12] != m[11]:  # edited once: remember the agreement (an unedited one needs none)
                    self.base.append(("annotation", aid, m[12], annotation_hash(m, sha, self._names(mtags))))
                continue
            mh = annotation_hash(m, sha, self._names(mtags))
            th = annotation_hash(t, sha, self._names(ttags))

            def take_theirs(aid: str = aid, t: tuple = t, ttags: list[str] = ttags) -> None:
                sets = ", ".join(f'"{c}" = ?' for c in ANNOTATION_COLS[2:])
                self.conn.execute(f"UPDATE annotations SET {sets} WHERE id = ?", [*t[2:], aid])  # noqa: S608
                self._set_tags(aid, ttags)

            self._settle("annotation", aid, (m, mh), (t, th), (12, 11), take_theirs, _ann_version)
        for aid in theirs.annotations.keys() - mine.annotations.keys():
            dead = mine.tombstones.get(("annotation", aid))
            t0 = theirs.annotations[aid]
            if dead and not t0[12] > dead:
                continue
            found = self._their_annotation(aid)
            if found is None:
                continue
            t, sha, ttags = found
            inserts.append(t)
            new_tags.append((aid, ttags))
            self.alive_annotations.add(aid)
            rep.added["annotation"] += 1
            rep.added_by[t[9]] += 1
            if dead:
                rep.kept.append(Kept("annotation", aid, t[4], t[9], t[12], dead, "mine"))
            if t[12] != t[11]:
                self.base.append(("annotation", aid, t[12], annotation_hash(t, sha, self._names(ttags))))
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

    def _settle(self, kind: str, key: str, mine: tuple[tuple, str], theirs: tuple[tuple, str],
                stamps: tuple[int, int], take_theirs: Callable[[], None],
                version: Callable[[tuple], Version]) -> None:
        """A row both sides have (`mine`/`theirs`: the row and its content hash; `stamps`: the columns of
        modified and created): the same content keeps the newer stamp; else the newer side wins, and a
        change on both sides is kept as a conflict."""
        (m, mh), (t, th), (mod, created) = mine, theirs, stamps
        if mh == th:
            if t[mod] > m[mod]:
                self.conn.execute(f"UPDATE {kind}s SET modified = ? WHERE id = ?", [t[mod], key])  # noqa: S608
            self.base.append((kind, key, max(t[mod], m[mod]), mh))
            return
        theirs_wins = newer(t[mod], th, m[mod], mh)
        win, lose = (t, m) if theirs_wins else (m, t)
        if theirs_wins:
            take_theirs()
            self.report.updated[kind] += 1
        if self._both_changed(kind, key, mh, th, m, t, mod, created):
            self._conflict(kind, key, version(win), version(lose), "theirs" if theirs_wins else "mine",
                           th if not theirs_wins else mh)
        self.base.append((kind, key, win[mod], th if theirs_wins else mh))

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
                if dead and mine.tombstones.get(("event", eid), "") < dead:  # not reported yet
                    rep.kept.append(Kept("event", eid, m[1], "", m[10], dead, "theirs"))
                self.alive_events.add(eid)
                continue
            self.alive_events.add(eid)
            t = theirs.events[eid]
            msrc, tsrc = self._sources(mine, eid), self._sources(theirs, eid)
            mh, th = event_hash(m, msrc), event_hash(t, tsrc)

            def take_theirs(eid: str = eid, t: tuple = t, tsrc: list[str] = tsrc) -> None:
                sets = ", ".join(f'"{c}" = ?' for c in EVENT_COLS[1:])
                self.conn.execute(f"UPDATE events SET {sets} WHERE id = ?", [*t[1:], eid])  # noqa: S608
                self._set_sources(eid, tsrc)

            self._settle("event", eid, (m, mh), (t, th), (10, 9), take_theirs, _event_version)
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


def _ann_version(r: tuple) -> Version:
    return Version(summary=r[4], detail=r[7], author=r[9], modified=r[12])


def _event_version(r: tuple) -> Version:
    return Version(summary=r[1], detail=r[3] or (r[4] if r[4] == r[5] else f"{r[4]}–{r[5]}"), author="",
                   modified=r[10])
