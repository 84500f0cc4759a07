"""W3C Web Annotation style anchors: code-point offsets plus exact/prefix/suffix, and re-anchoring.

Re-anchoring tries, in order: the stored offsets (`exact`), another exact occurrence of the quote
chosen by its context (`moved`), then a fuzzy search (`fuzzy`, with a score) that refuses weak or
ambiguous matches, so an annotation is never silently moved to a look-alike passage (`orphan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from db.models import Anchor

CONTEXT = 32
MIN_SCORE = 85.0  # minimum quote similarity (0-100) for a fuzzy match
MIN_CONTEXT_SCORE = 70.0  # short quotes must also keep most of their context
AMBIGUITY_MARGIN = 4.0  # a runner-up this close to the best match makes the match ambiguous
SHORT_QUOTE = 24

Status = Literal["exact", "moved", "fuzzy", "orphan"]


@dataclass(frozen=True)
class Reanchored:
    """Where an anchor lands in a (possibly changed) text."""

    start: int
    end: int
    status: Status
    score: float = 100.0


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """Anchor for `text[start:end]`, with up to 32 code points of context on each side."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is outside a text of {len(text)} characters")
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )


def reanchor(text: str, anchor: Anchor) -> Reanchored:
    """Find `anchor` in `text`; status says how sure the answer is."""
    exact = anchor.exact
    if not exact:
        return Reanchored(anchor.start, anchor.end, "orphan", 0.0)
    if text[anchor.start : anchor.end] == exact:
        return Reanchored(anchor.start, anchor.end, "exact")
    hits = _occurrences(text, exact)
    if hits:
        best = max(hits, key=lambda s: (_context_score(text, s, s + len(exact), anchor), -abs(s - anchor.start)))
        return Reanchored(best, best + len(exact), "moved")
    return _fuzzy(text, anchor)


def _occurrences(text: str, needle: str, limit: int = 1000) -> list[int]:
    """Start offsets of every occurrence of `needle` (overlapping allowed), up to `limit`."""
    out: list[int] = []
    i = text.find(needle)
    while i != -1 and len(out) < limit:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _context_score(text: str, start: int, end: int, anchor: Anchor) -> float:
    """How well the text around `start..end` matches the anchor's prefix and suffix (0-100)."""
    scores = []
    if anchor.prefix:
        before = text[max(0, start - len(anchor.prefix)) : start]
        scores.append(fuzz.ratio(before, anchor.prefix))
    if anchor.suffix:
        after = text[end : end + len(anchor.suffix)]
        scores.append(fuzz.ratio(after, anchor.suffix))
    return sum(scores) / len(scores) if scores else 100.0


def _best_window(text: str, needle: str, offset: int) -> tuple[float, int, int]:
    """Best fuzzy alignment of `needle` inside `text`, as (score, start, end) shifted by `offset`."""
    if not text:
        return 0.0, offset, offset
    al = fuzz.partial_ratio_alignment(needle, text)
    if al is None:
        return 0.0, offset, offset
    return al.score, offset + al.dest_start, offset + al.dest_end


def _fuzzy(text: str, anchor: Anchor) -> Reanchored:
    """Fuzzy search that refuses weak, context-less or ambiguous matches."""
    needle = anchor.exact
    score, start, end = _best_window(text, needle, 0)
    if score < MIN_SCORE or end <= start:
        return Reanchored(anchor.start, anchor.end, "orphan", score)
    start, end = _trim(text, start, end, needle)
    ctx = _context_score(text, start, end, anchor)
    if len(needle) < SHORT_QUOTE and ctx < MIN_CONTEXT_SCORE:
        return Reanchored(anchor.start, anchor.end, "orphan", score)
    # Look for a runner-up elsewhere: a look-alike passage makes the match ambiguous unless the
    # context clearly prefers the best one.
    masked = text[:start] + "\x00" * (end - start) + text[end:]
    runner, rs, re_ = _best_window(masked, needle, 0)
    if runner >= score - AMBIGUITY_MARGIN and re_ > rs:
        rctx = _context_score(masked, rs, re_, anchor)
        if rctx >= ctx - AMBIGUITY_MARGIN:
            return Reanchored(anchor.start, anchor.end, "orphan", score)
    combined = round(0.8 * score + 0.2 * ctx, 1)
    return Reanchored(start, end, "fuzzy", combined)


def _trim(text: str, start: int, end: int, needle: str) -> tuple[int, int]:
    """Drop leading/trailing white space the alignment picked up that the quote does not have."""
    while start < end and text[start].isspace() and not needle[:1].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not needle[-1:].isspace():
        end -= 1
    return start, end
