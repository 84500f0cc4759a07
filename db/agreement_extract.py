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
from typing import NamedTuple

from db.dates import TemporalExpression, extract
from db.models import PartialDate

# The extractor looks at most 60 characters past an expression (`will`, `of`, a range's second end),
# so the text this far past the last sentence agreement reads is enough for its dates to come out
# as in a whole-article extraction; what comes before is always extracted (anaphora need it).
LOOKAHEAD = 400
KEEP = 20_000  # articles whose extraction is kept (least recently used dropped first)

# sentence separators: the spaces after . ! ? (and closing quotes), or newlines; a look-ahead the
# scanner can skip to instead of a look-behind tried at every character
_BREAK = re.compile(r"(?=[.!?\n])(?:([.!?])[\"”’)]*\s+|\n+)")


class Extracted(NamedTuple):
    """An article's datable expressions in text order, exact up to `covered`."""

    expressions: tuple[TemporalExpression, ...]
    covered: int


_kept: OrderedDict[tuple, Extracted] = OrderedDict()
_lock = threading.Lock()


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence separator."""
    return [(m.end(1) if m.start(1) >= 0 else m.start(), m.end()) for m in _BREAK.finditer(text)]


def extraction_end(text: str, upto: int, break_starts: list[int]) -> int:
    """Where extraction may stop for passages ending by `upto`: past their sentence's end by at
    least LOOKAHEAD characters, at a sentence break (len(text) when that is the end anyway)."""
    i = bisect_left(break_starts, upto)
    sentence_end = break_starts[i] if i < len(break_starts) else len(text)
    j = bisect_left(break_starts, sentence_end + LOOKAHEAD)
    return break_starts[j] if j < len(break_starts) else len(text)


def expressions_upto(text: str, published: PartialDate | None, upto: int | None,
                     break_starts: list[int]) -> Extracted:
    """The article's expressions, exact at least up to the sentence ending past `upto` (None: all)."""
    if published is None or not text:
        return Extracted((), len(text))
    cut = len(text) if upto is None else extraction_end(text, upto, break_starts)
    need = len(text) if cut >= len(text) else cut - LOOKAHEAD
    key = (hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest(), len(text),
           published.start, published.end, published.precision)
    with _lock:
        kept = _kept.get(key)
        if kept is not None and kept.covered >= need:
            _kept.move_to_end(key)
            return kept
    if cut >= len(text):
        found = Extracted(tuple(extract(text, published)), len(text))
    else:
        found = Extracted(tuple(x for x in extract(text[:cut], published) if x.start < need), need)
    with _lock:
        _kept[key] = found
        _kept.move_to_end(key)
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return found


def forget() -> None:
    """Drop every kept extraction (benchmarks measuring a cold start; tests)."""
    with _lock:
        _kept.clear()
