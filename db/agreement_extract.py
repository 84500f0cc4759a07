"""The dates agreement reads from an article: extracted once per text and publication date, and only
as far into the text as its source passages reach.

Each article's extraction is kept (keyed by a digest of its text and its publication date, so an
edited text or date is extracted afresh) for the life of the process: a full recompute after a bulk
change, or two views of the same article, do not extract it again.
"""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_left
from collections import OrderedDict
from typing import TYPE_CHECKING

from db import dates
from db.models import PartialDate

if TYPE_CHECKING:
    from db.dates import TemporalExpression


# The extractor looks at most 60 characters past an expression (`will`, `of`, a range's second end),
# so the text this far past the last sentence agreement reads is enough for its dates to come out
# as in a whole-article extraction; what comes before is always extracted (anaphora need it).
LOOKAHEAD = 400
KEEP = 10_000  # articles kept (least recently used dropped first); a live AgreementIndex holds the same objects

# sentence separators: the spaces after . ! ? (and closing quotes), or newlines; a look-ahead the
# scanner can skip to instead of a look-behind tried at every character
_BREAK = re.compile(r"(?=[.!?\n])(?:([.!?])[\"”’)]*\s+|\n+)")


_kept: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def text_key(text: str) -> str:
    """The key of a text: its SHA-256, as the store keeps it in `articles.sha256`."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def published_key(published: PartialDate | None) -> tuple | None:
    """What of a publication date the extraction depends on."""
    return None if published is None else (published.start, published.end, published.precision)


def recall(key: tuple) -> object | None:
    """What was kept for key (a text key and publication key), or None."""
    with _lock:
        value = _kept.get(key)
        if value is not None:
            _kept.move_to_end(key)
        return value


def keep(key: tuple, value: object) -> None:
    """Keep value for key, dropping the least recently used beyond KEEP."""
    with _lock:
        _kept[key] = value
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence separator."""
    return [(m.end(1) if m.start(1) >= 0 else m.start(), m.end()) for m in _BREAK.finditer(text)]


def needed(length: int, upto: int | None, break_starts: list[int]) -> tuple[int, int]:
    """(cut, exact): extraction may stop at `cut` for passages ending by `upto` (None: the whole
    text), and its dates are then exact up to `exact` (the end of the sentence ending past `upto`).
    The cut is at a sentence break at least LOOKAHEAD characters past that sentence's end."""
    if upto is None:
        return length, length
    i = bisect_left(break_starts, upto)
    sentence_end = break_starts[i] if i < len(break_starts) else length
    j = bisect_left(break_starts, sentence_end + LOOKAHEAD)
    if j >= len(break_starts):
        return length, length
    return break_starts[j], break_starts[j] - LOOKAHEAD


def expressions_upto(text: str, published: PartialDate | None, cut: int, exact: int) -> list[TemporalExpression]:
    """The article's expressions starting before `exact`, extracted from the text up to `cut`."""
    if published is None or not text:
        return []
    if cut >= len(text):
        return dates.extract(text, published)
    return [x for x in dates.extract(text[:cut], published) if x.start < exact]


def forget() -> None:
    """Drop everything kept (benchmarks measuring a cold start; tests)."""
    with _lock:
        _kept.clear()
