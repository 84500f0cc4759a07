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
MIN_CONTEXT_SCORE_LONG = 50.0  # longer quotes must keep at least some of it
MIN_CONTEXT_CHARS = 8  # with less context than this there is no evidence a changed quote is ours
MAX_EDGE_SHIFT = 24
PRE_SCORE = 70.0  # windows rapidfuzz scores at least this are refined and judged
CANDIDATES = 4  # how many distinct passages are compared before accepting a fuzzy match  # how far (code points) a fuzzy match's edges may be moved to fit the quote
AMBIGUITY_MARGIN = 4.0  # a runner-up this close to the best match makes the match ambiguous
CONTEXT_MARGIN = 10.0  # a runner-up with this much better context is a rival too (within 2 margins)
QUOTE_MARGIN = 5.0  # likewise a runner-up whose quote matches this much better
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
    """How well the text around `start..end` matches the anchor's prefix and suffix (0-100).

    Each side is weighted by its length, so a two-character prefix at the start of a text does
    not count as much as a full 32-character suffix.
    """
    total = weight = 0.0
    if anchor.prefix:
        before = text[max(0, start - len(anchor.prefix)) : start]
        total += fuzz.ratio(before, anchor.prefix) * len(anchor.prefix)
        weight += len(anchor.prefix)
    if anchor.suffix:
        after = text[end : end + len(anchor.suffix)]
        total += fuzz.ratio(after, anchor.suffix) * len(anchor.suffix)
        weight += len(anchor.suffix)
    return total / weight if weight else 100.0


def _best_window(text: str, needle: str, offset: int) -> tuple[float, int, int]:
    """Best fuzzy alignment of `needle` inside `text`, as (score, start, end) shifted by `offset`."""
    if not text:
        return 0.0, offset, offset
    al = fuzz.partial_ratio_alignment(needle, text)
    if al is None:
        return 0.0, offset, offset
    return al.score, offset + al.dest_start, offset + al.dest_end


def _fuzzy(text: str, anchor: Anchor) -> Reanchored:
    """Fuzzy search that refuses weak, context-less or ambiguous matches.

    The few best candidate spans are judged on quote similarity and surrounding context
    together; when the runner-up is nearly as good as the best, the anchor is an orphan rather
    than a guess between look-alike passages.
    """
    needle = anchor.exact
    if len(anchor.prefix) + len(anchor.suffix) < MIN_CONTEXT_CHARS:
        return Reanchored(anchor.start, anchor.end, "orphan", 0.0)
    found = _candidates(text, anchor)
    if not found:
        return Reanchored(anchor.start, anchor.end, "orphan", 0.0)
    combined, score, ctx, start, end = found[0]
    if score < MIN_SCORE:
        return Reanchored(anchor.start, anchor.end, "orphan", score)
    for rival in found[1:]:
        # A rival nearly as good overall, or one that wins clearly on the quote or on the
        # surroundings while losing a little overall, means two passages could be ours: refuse.
        close = rival[0] >= combined - AMBIGUITY_MARGIN
        split = (rival[2] >= ctx + CONTEXT_MARGIN or rival[1] >= score + QUOTE_MARGIN) \
            and rival[0] >= combined - 2 * AMBIGUITY_MARGIN
        if close or split:
            return Reanchored(anchor.start, anchor.end, "orphan", score)
    # A look-alike passage elsewhere shares the quote's words but not its surroundings: demand
    # some of the old context (more of it for short quotes, where look-alikes are common).
    min_ctx = MIN_CONTEXT_SCORE if len(needle) < SHORT_QUOTE else MIN_CONTEXT_SCORE_LONG
    if ctx < min_ctx:
        return Reanchored(anchor.start, anchor.end, "orphan", score)
    return Reanchored(start, end, "fuzzy", round(combined, 1))


def _candidates(text: str, anchor: Anchor) -> list[tuple[float, float, float, int, int]]:
    """Distinct spans resembling the quote, best first: (combined, score, context, start, end).

    Candidates come from two searches: the quote alone (up to `CANDIDATES` passages, each
    masked before looking for the next) and the quote with its prefix and suffix (which finds
    the passage whose surroundings also match, even beside a look-alike). rapidfuzz's
    `partial_ratio` aligns a window as long as the quote, so after insertions or deletions it
    underrates the true passage and its edges are off: each window is refined (`_refine`) and
    judged by the text it then covers. Overlapping candidates are one passage.
    """
    needle = anchor.exact
    windows: list[tuple[int, int]] = []
    masked = text
    for _ in range(CANDIDATES):
        pre, ws, we = _best_window(masked, needle, 0)
        if pre < PRE_SCORE or we <= ws:
            break
        windows.append((ws, we))
        # Mask only the window's middle half, so a passage overlapping its edges (a look-alike
        # next door, or the true passage beside a near copy) can still be found next.
        quarter = (we - ws) // 4
        lo, hi = ws + quarter, max(ws + quarter + 1, we - quarter)
        masked = masked[:lo] + "\x00" * (hi - lo) + masked[hi:]
    full = anchor.prefix + needle + anchor.suffix
    al = fuzz.partial_ratio_alignment(full, text) if text else None
    if al is not None and al.score >= PRE_SCORE:
        ws = min(len(text), al.dest_start + len(anchor.prefix))
        we = max(ws + 1, min(len(text), al.dest_end - len(anchor.suffix)))
        windows.append((ws, min(we, len(text))))
    out: list[tuple[float, float, float, int, int]] = []
    for ws, we in windows:
        if we <= ws:
            continue
        combined, score, ctx, start, end = _refine(text, ws, we, anchor)
        if score >= PRE_SCORE and end > start:  # weaker ones still count as rivals
            out.append((combined, score, ctx, start, end))
    out.sort(key=lambda c: c[0], reverse=True)
    distinct: list[tuple[float, float, float, int, int]] = []
    for c in out:
        if not any(_overlaps(c[3], c[4], d[3], d[4]) for d in distinct):
            distinct.append(c)
    return distinct


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    """True when two spans share at least half of the shorter one (the same passage)."""
    shared = min(e1, e2) - max(s1, s2)
    return shared > 0 and shared * 2 >= min(e1 - s1, e2 - s2)


def _refine(text: str, start: int, end: int, anchor: Anchor) -> tuple[float, float, float, int, int]:
    """Move a window's edges (a little) to the span that best fits the quote and its context.

    Returns (combined, quote ratio, context score, start, end). Judging edges by the context
    too keeps an edited word at the edge inside the span instead of trimming it off.
    """
    needle = anchor.exact
    start, end = _trim(text, start, end, needle)
    reach = max(3, min(MAX_EDGE_SHIFT, len(needle) // 4))

    def judge(s: int, e: int) -> tuple[float, float, float]:
        ratio = fuzz.ratio(text[s:e], needle)
        ctx = _context_score(text, s, e, anchor)
        return 0.8 * ratio + 0.2 * ctx, ratio, ctx

    best = judge(start, end)
    for _ in range(3):
        moved = False
        for edge in ("start", "end"):
            centre = start if edge == "start" else end
            for pos in range(max(0, centre - reach), min(len(text), centre + reach) + 1):
                s, e = (pos, end) if edge == "start" else (start, pos)
                if e <= s:
                    continue
                got = judge(s, e)
                if got[0] > best[0]:
                    best, start, end, moved = got, s, e, True
        if not moved:
            break
    return (*best, start, end)


def _trim(text: str, start: int, end: int, needle: str) -> tuple[int, int]:
    """Drop leading/trailing white space the alignment picked up that the quote does not have."""
    while start < end and text[start].isspace() and not needle[:1].isspace():
        start += 1
    while end > start and text[end - 1].isspace() and not needle[-1:].isspace():
        end -= 1
    return start, end
