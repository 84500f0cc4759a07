"""One article's annotations as records, read for opening it (10,000 in one statement, no Python call each).

The tags come with each row (a JSON array from a sub-query, parsed once per distinct tag list) and the
frozen records are filled by C-level maps: opening a 1 MB article with 10,000 annotations spends
its time painting, not building records.
"""

from __future__ import annotations

import json
import sqlite3
from collections import deque
from functools import lru_cache
from itertools import repeat
from operator import itemgetter

from db import errors
from db.models import Annotation

FIELDS = ("id", "article_id", "start", "end", "exact", "prefix", "suffix", "note", "color", "author", "status",
          "created", "modified")  # the order of the selected columns; `tags` follows them
_SQL = (
    'SELECT n.id, n.article_id, n.start, n."end", n.exact, n.prefix, n.suffix, n.note, n.color, n.author, '
    "n.status, n.created, n.modified, "
    "(SELECT json_group_array(name) FROM (SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id "
    "WHERE x.annotation_id = n.id ORDER BY x.position)) "
    "FROM annotations n WHERE n.article_id = ? ORDER BY n.start"  # by the index; then by end in Python
)


def article_annotations(conn: sqlite3.Connection, article_id: str) -> list[Annotation]:
    """The annotations of one article in text order (start, then end), tags in their order."""
    cur = conn.cursor()
    cur.row_factory = None
    try:
        rows = cur.execute(_SQL, [article_id]).fetchall()
    except sqlite3.Error as exc:
        raise errors.StoreError(f"Reading annotations failed: {exc}.") from exc
    rows.sort(key=itemgetter(2, 3))
    return records(rows)


def records(rows: list[tuple]) -> list[Annotation]:
    """Frozen Annotation records from rows of FIELDS + a JSON tag list, without the dataclass __init__.

    The generated __init__ of a frozen dataclass sets each field through object.__setattr__;
    filling each instance dictionary directly gives equal records (same fields, same values).
    """
    fields = list(map(dict, map(zip, repeat(FIELDS), rows)))  # zip stops before the tag column
    deque(map(dict.__setitem__, fields, repeat("tags"), map(_tags, map(itemgetter(len(FIELDS)), rows))), maxlen=0)
    out = list(map(object.__new__, repeat(Annotation, len(rows))))
    deque(map(object.__setattr__, out, repeat("__dict__"), fields), maxlen=0)
    return out


@lru_cache(maxsize=4096)
def _tags(names: str | None) -> tuple[str, ...]:
    """A JSON array of tag names as a tuple (cached: annotations share a few tag lists)."""
    return tuple(json.loads(names)) if names else ()
