"""The merge itself: articles, tags and suggestion decisions, tombstones and the merge base. No Qt."""

from __future__ import annotations

import sqlite3

from db.clock import new_id, now
from db.merge_items import ItemsMixin
from db.merge_report import Kept, MergeReport
from db.merge_rows import ARTICLE_ALL, ARTICLE_META, Side, digest, newer, quoted

_META_CMP = ARTICLE_META[:-1]  # everything but `modified`


class Merger(ItemsMixin):
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
        self.base: list[tuple[str, str, str, str]] = []  # (kind, id, modified, hash)

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
    def _touched_after(self, side: Side, other: Side, art: dict, deleted_at: str) -> bool:
        """The article, or one of its annotations on `side`, was edited after `deleted_at` (by `other`),
        or carries an annotation `other` never saw (deleting the article did not mean to delete that)."""
        if art["modified"] > deleted_at:
            return True
        return any(r[12] > deleted_at or ("annotation", r[0]) not in other.tombstones
                   for r in side.annotations.values() if r[1] == art["id"])

    def _articles(self) -> None:
        mine, theirs, rep = self.mine, self.theirs, self.report
        for sha, t in theirs.articles.items():
            m = mine.articles.get(sha)
            if m is not None:
                self.article_id[sha] = m["id"]
                tm, mm = [t[c] for c in _META_CMP], [m[c] for c in _META_CMP]
                if tm != mm and newer(t["modified"], digest(tm), m["modified"], digest(mm)):
                    sets = ", ".join(f'"{c}" = ?' for c in ARTICLE_META)
                    self.conn.execute(f"UPDATE articles SET {sets} WHERE id = ?",  # noqa: S608 - fixed names
                                      [*(t[c] for c in ARTICLE_META), m["id"]])
                    rep.updated["article"] += 1
                continue
            dead = mine.tombstones.get(("article", sha))
            if dead and not self._touched_after(theirs, mine, t, dead):
                continue
            row = dict(t, id=t["id"] if t["id"] not in mine.article_sha else new_id())
            self.conn.execute(f"INSERT INTO articles ({quoted(ARTICLE_ALL)}) VALUES "  # noqa: S608
                              f"({', '.join('?' * len(ARTICLE_ALL))})", [row[c] for c in ARTICLE_ALL])
            self.article_id[sha] = row["id"]
            rep.added["article"] += 1
            if dead and mine.tombstones.get(("article", sha), "") < dead:  # not reported yet
                rep.kept.append(Kept("article", sha, t["title"], t["author"], t["modified"], dead, "mine"))
        for sha, m in mine.articles.items():
            if sha in theirs.articles:
                continue
            dead = theirs.tombstones.get(("article", sha))
            if dead and not self._touched_after(mine, theirs, m, dead):
                self.conn.execute("DELETE FROM articles WHERE id = ?", [m["id"]])
                self.gone_articles.add(sha)
                rep.deleted["article"] += 1
                continue
            if dead and mine.tombstones.get(("article", sha), "") < dead:  # not reported yet
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
            if tv != mv and newer(t["modified"], digest(tv), m["modified"], digest(mv)):
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
                if mine.tombstones.get(("tag", tid), "") < dead:  # not reported yet
                    rep.kept.append(Kept("tag", tid, m["name"], "", m["modified"], dead, "theirs"))
                continue
            self.conn.execute("DELETE FROM tags WHERE id = ?", [tid])
            self.alive_tags.discard(tid)
            rep.deleted["tag"] += 1

    # --- annotations ---------------------------------------------------------------------------

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
            elif t[:2] != m[:2] and newer(t[2], digest(t[:2]), m[2], digest(m[:2])):
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
        """Take over their newer tombstones, so a later merge carries the deletion on (one of an item
        kept here because it was edited after the deletion marks that deletion as already reported)."""
        rows = [(k, i, t) for (k, i), t in self.theirs.tombstones.items() if self.mine.tombstones.get((k, i), "") < t]
        self.conn.executemany(
            "INSERT INTO tombstones (kind, id, deleted_at) VALUES (?,?,?) ON CONFLICT (kind, id) "
            "DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)", rows)
