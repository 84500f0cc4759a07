"""One article's annotations as records, read for opening it (10,000 in one statement, no Python call each).

The tags come from a second statement over the same annotations (grouped in Python) and the frozen
records are filled by C-level maps: opening a 1 MB article with 10,000 annotations spends
its time painting, not building records.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from functools import lru_cache
from itertools import repeat
from operator import itemgetter

from db import errors
from db.models import Annotation

FIELDS = ("id", "article_id", "start", "end", "exact", "prefix", "suffix", "note", "color", "author", "status",
          "created", "modified")  # the order of the selected columns
_SQL = (
    'SELECT n.id, n.article_id, n.start, n."end", n.exact, n.prefix, n.suffix, n.note, n.color, n.author, '
    "n.status, n.created, n.modified "
    "FROM annotations n WHERE n.article_id = ? ORDER BY n.start"  # by the index; then by end in Python
)
# the tags of the same annotations, in one statement beside it (a sub-query per row costs a third more)
_TAGS_SQL = (
    "SELECT x.annotation_id, t.name FROM annotations n JOIN annotation_tags x ON x.annotation_id = n.id "
    "JOIN tags t ON t.id = x.tag_id WHERE n.article_id = ? ORDER BY x.annotation_id, x.position"
)


def article_annotations(conn: sqlite3.Connection, article_id: str) -> list[Annotation]:
    """The annotations of one article in text order (start, then end), tags in their order."""
    cur = conn.cursor()
    cur.row_factory = None
    own = not conn.in_transaction  # both reads see one state of the file (another window may be writing)
    try:
        if own:
            cur.execute("BEGIN")
        try:
            rows = cur.execute(_SQL, [article_id]).fetchall()
            tag_rows = cur.execute(_TAGS_SQL, [article_id]).fetchall()
        finally:
            if own:
                cur.execute("COMMIT")
    except sqlite3.Error as exc:
        raise errors.StoreError(f"Reading annotations failed: {exc}.") from exc
    rows.sort(key=itemgetter(2, 3))
    return records(rows, _grouped(tag_rows))


def _grouped(tag_rows: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """annotation id → its tag names in order (rows come sorted by annotation, then position)."""
    out: dict[str, list[str]] = {}
    for aid, name in tag_rows:
        out.setdefault(aid, []).append(name)
    return {aid: _tags(tuple(names)) for aid, names in out.items()}


def records(rows: list[tuple], tags: dict[str, tuple[str, ...]]) -> list[Annotation]:
    """Frozen Annotation records from rows of FIELDS and each id's tags, without the dataclass __init__.

    The generated __init__ of a frozen dataclass sets each field through object.__setattr__;
    filling each instance dictionary directly gives equal records (same fields, same values).
    """
    fields = list(map(dict, map(zip, repeat(FIELDS), rows)))
    none: tuple[str, ...] = ()
    deque(map(dict.__setitem__, fields, repeat("tags"), map(tags.get, map(itemgetter(0), rows), repeat(none))),
          maxlen=0)
    out = list(map(object.__new__, repeat(Annotation, len(rows))))
    deque(map(object.__setattr__, out, repeat("__dict__"), fields), maxlen=0)
    return out


@lru_cache(maxsize=4096)
def _tags(names: tuple[str, ...]) -> tuple[str, ...]:
    """One shared tuple per distinct tag list (annotations share a few)."""
    return names
