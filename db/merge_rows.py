"""Reading one database's rows for a merge: plain tuples keyed for matching, and content hashes. No Qt."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field

ARTICLE_META = ("title", "source", "author", "url", "published_start", "published_end", "published_precision",
                "published_text", "published_estimate", "encoding", "filename", "modified")
ARTICLE_ALL = ("id", "sha256", "text", "created", *ARTICLE_META)
ANNOTATION_COLS = ("id", "article_id", "start", "end", "exact", "prefix", "suffix", "note", "color", "author",
                   "status", "created", "modified")
EVENT_COLS = ("id", "title", "description", "date_text", "start", "end", "precision", "category", "expression",
              "created", "modified")


def quoted(cols: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in cols)


@dataclass
class Side:
    """Everything of one database a merge compares, keyed the way the merge matches it."""

    articles: dict[str, dict] = field(default_factory=dict)  # sha256 → row
    article_sha: dict[str, str] = field(default_factory=dict)  # article id → sha256
    tags: dict[str, dict] = field(default_factory=dict)  # id → row
    annotations: dict[str, tuple] = field(default_factory=dict)  # id → ANNOTATION_COLS
    annotation_tags: dict[str, list[str]] = field(default_factory=dict)  # annotation id → tag ids in order
    events: dict[str, tuple] = field(default_factory=dict)  # id → EVENT_COLS
    event_sources: dict[str, list[str]] = field(default_factory=dict)  # event id → annotation ids in order
    decisions: dict[str, tuple] = field(default_factory=dict)  # "sha:start:end" → (decision, event_id, modified)
    tombstones: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) → deleted_at
    base: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (kind, id) → (hash, peer)


def read_side(conn: sqlite3.Connection, *, with_text: bool) -> Side:
    """Read a database's rows (article texts only when `with_text`: the other side's)."""
    s = Side()
    cur = conn.cursor()
    cur.row_factory = None
    cols = ARTICLE_ALL if with_text else tuple(c for c in ARTICLE_ALL if c != "text")
    for r in cur.execute(f"SELECT {quoted(cols)} FROM articles"):  # noqa: S608 - fixed names
        row = dict(zip(cols, r, strict=True))
        s.articles[row["sha256"]] = row
        s.article_sha[row["id"]] = row["sha256"]
    for r in cur.execute("SELECT id, name, color, created, modified FROM tags"):
        s.tags[r[0]] = dict(zip(("id", "name", "color", "created", "modified"), r, strict=True))
    for r in cur.execute(f"SELECT {quoted(ANNOTATION_COLS)} FROM annotations"):  # noqa: S608
        s.annotations[r[0]] = r
    for aid, tid in cur.execute("SELECT annotation_id, tag_id FROM annotation_tags ORDER BY annotation_id, position"):
        s.annotation_tags.setdefault(aid, []).append(tid)
    for r in cur.execute(f"SELECT {quoted(EVENT_COLS)} FROM events"):  # noqa: S608
        s.events[r[0]] = r
    for eid, aid in cur.execute("SELECT event_id, annotation_id FROM event_sources ORDER BY event_id, position"):
        s.event_sources.setdefault(eid, []).append(aid)
    for art, start, end, decision, event_id, modified in cur.execute(
            'SELECT article_id, start, "end", decision, event_id, modified FROM suggestion_decisions'):
        sha = s.article_sha.get(art)
        if sha:
            s.decisions[f"{sha}:{start}:{end}"] = (decision, event_id or "", modified)
    tables = {r[0] for r in cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "tombstones" in tables:
        s.tombstones = {(k, i): t for k, i, t in cur.execute("SELECT kind, id, deleted_at FROM tombstones")}
    if "merge_base" in tables:
        s.base = {(k, i): (h, p) for k, i, h, p in cur.execute("SELECT kind, id, hash, peer FROM merge_base")}
    return s


def digest(parts: object) -> str:
    """A short content hash of a value made of strings, numbers, lists and tuples."""
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324 - not for security


def annotation_hash(row: tuple, sha: str, tag_names: list[str]) -> str:
    """Hash of an annotation's content: its article by text hash, extent, quote, note, colour, author, tags."""
    return digest([sha, *row[2:12], tag_names])


def event_hash(row: tuple, sources: list[str]) -> str:
    """Hash of an event's content: title, description, date, category, expression and sources in order."""
    return digest([*row[1:10], sources])


def newer(a_modified: str, a_hash: str, b_modified: str, b_hash: str) -> bool:
    """True when version a wins over b: later `modified`, ties broken by hash (same answer both ways)."""
    return (a_modified, a_hash) > (b_modified, b_hash)
