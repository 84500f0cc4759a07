"""The extractor: run every rule, keep the longest non-overlapping matches, join ranges."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from db.models import PartialDate
from db.temporal import rules_dur, rules_extra, rules_more, rules_news, rules_rel, rules_sets  # noqa: F401  (register their rules)
from db.temporal.anchors import resolve_anchors
from db.temporal.calendar import precision_of, third, value_interval
from db.temporal.context import Cand, Ctx
from db.temporal.digitstart import DigitStart
from db.temporal.nextword import ALWAYS, NextWord
from db.temporal.quarters import quarters_by_end
from db.temporal.rules_abs import RULES, Handler


@dataclass(frozen=True)
class TemporalExpression:
    """One temporal expression in a text, resolved against the publication date."""

    start: int
    end: int
    text: str
    value: str
    precision: str
    interval: tuple[date, date] | None
    relative: bool
    mod: str = ""
    parts: tuple[TemporalExpression, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict with the keys start, end, text, value, precision, relative (and mod,
        interval when there are)."""
        d: dict[str, object] = {"start": self.start, "end": self.end, "text": self.text,
                                "value": self.value, "precision": self.precision,
                                "relative": self.relative}
        if self.mod:
            d["mod"] = self.mod
        if self.interval and self.interval != value_interval(self.value):
            d["interval"] = [self.interval[0].isoformat(), self.interval[1].isoformat()]
        return d

    def timeml(self) -> list[TemporalExpression]:
        """TimeML's segmentation: a joined range (`from 2009 to 2017`) as its two ends."""
        return list(self.parts) or [self]


_RANGE_GAP = re.compile(r"\s*(?:[-–—‒]|(?i:to|through|thru|until|till|and))\s*")
_RANGE_PRE = re.compile(r"(?i:\b(?P<w>between|from))\s+$")
_TIME_GAP = re.compile(r"\s*(?:,\s*)?(?:\(?(?:[A-Z]{2,4}|(?i:local(?:\s+time)?))\)?,?\s*)?(?:(?i:at|on)\s+)?")
_NO_INTERVAL = ("duration", "vague")


def extract(text: str, published: PartialDate) -> list[TemporalExpression]:
    """All temporal expressions in text, sorted, non-overlapping, resolved against published."""
    if not isinstance(text, str) or not text:
        return []
    ctx = Ctx(text, published.start)
    index, trigger = _index()[0], _trigger()
    words = _next_words()
    found: list[_Found] = []
    digit, apos, fy = _digit_start(), index["#apos"], index["fy"]
    for tok in trigger.finditer(text):
        w = tok.group()
        c0 = w[0]
        if c0.isdigit():
            rules = digit.at(text, tok.start())
        elif c0 in "'’":
            rules = apos
        elif len(w) == 3 and w[:2].lower() == "fy":
            rules = fy
        else:
            nxt = words.get(w.lower())
            if nxt is None:
                continue
            rules = nxt.at(text, tok.end())
        pos = tok.start()
        for rank, rx, handler in rules:
            m = rx.match(text, pos)
            if m is None or m.end() <= pos:
                continue
            found.append((pos - m.end(), rank, pos, len(found), m, handler))
    chosen = _select_lazy(found, ctx)
    if chosen is None:  # a rule's candidate outside its match: every handler, as _select expects
        chosen = _select([c for f in found if (c := _candidate(f, ctx)) is not None])
    chosen = _attach_times(text, chosen)
    chosen = quarters_by_end(text, chosen)
    chosen = resolve_anchors(chosen, published.start, text)
    chosen = [_since(ctx, c) for c in chosen]
    parts: dict[int, tuple[Cand, Cand]] = {}
    chosen = _join_ranges(text, chosen, parts)
    return [_expression(text, c, parts.get(c.start)) for c in chosen]


# a rule's match not yet handled: (its start - end, rank, start, order found, match, handler)
_Found = tuple[int, int, int, int, re.Match[str], Handler]
_RULE_ERRORS = (ValueError, OverflowError, KeyError, IndexError, AttributeError, TypeError)


def _candidate(f: _Found, ctx: Ctx) -> Cand | None:
    """The candidate of a rule's match (None when its handler declines or fails, or it is empty)."""
    rank, m, handler = f[1], f[4], f[5]
    try:
        c = handler(m, ctx)
    except _RULE_ERRORS:
        return None
    if c is None or c.end <= c.start:
        return None
    return Cand(c.start, c.end, c.value, c.precision, c.relative, rank, c.mod, c.span)


def _select_lazy(found: list[_Found], ctx: Ctx) -> list[Cand] | None:
    """What _select keeps of the matches' candidates, calling a handler only when its match is
    not already covered by longer kept candidates; None when a candidate lies outside its match.

    A rule's candidate lies within its match, so the match's (-length, rank, start, order) is a
    lower bound of the candidate's place in _select's order: matches are taken best bound first,
    a handled one is put back at its candidate's place, and a match whose every character is
    already taken can only give a candidate _select would drop.
    """
    heap: list[tuple] = list(found)
    heapq.heapify(heap)
    taken = bytearray(len(ctx.text) + 1)
    kept: list[Cand] = []
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        f = pop(heap)
        c = f[4]
        if type(c) is not Cand:
            start, end = f[2], f[2] - f[0]
            if taken.find(0, start, end) < 0:
                continue
            c = _candidate(f, ctx)
            if c is None:
                continue
            if c.start < start or c.end > end:
                return None
            if c.start != start or c.end != end:
                push(heap, (c.start - c.end, f[1], c.start, f[3], c))
                continue
        if taken.find(1, c.start, c.end) >= 0:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _expression(text: str, c: Cand, parts: tuple[Cand, Cand] | None = None) -> TemporalExpression:
    """The public form of a candidate: its calendar interval narrowed by its modifier."""
    if c.span:
        interval = value_interval(c.span)
    else:
        interval = None if c.precision in _NO_INTERVAL else value_interval(c.value)
    if interval and c.mod in _THIRD:
        interval = third(interval, _THIRD[c.mod])
    sub = tuple(_expression(text, p) for p in parts) if parts else _range_ends(text, c)
    return TemporalExpression(c.start, c.end, text[c.start : c.end], c.value, c.precision,
                              interval, c.relative, c.mod, sub)


_THIRD = {"START": 0, "MID": 1, "END": 2}
_SINCE = re.compile(r"(?i)\b(?:ever\s+)?since\s+(?:at\s+least\s+|as\s+early\s+as\s+)?$")


def _since(ctx: Ctx, c: Cand) -> Cand:
    """`since March` covers March up to the publication date (TimeML keeps the value `2024-03`)."""
    if c.span or c.precision in _NO_INTERVAL or "T" in c.value:
        return c
    before = ctx.before(c.start, 30)
    if "nce" not in before.lower() or not _SINCE.search(before):  # `nce`: a cheap test first
        return c
    first = c.value.split("/")[0]
    iv = value_interval(first)
    if iv is None or iv[0] > ctx.dct:
        return c
    return replace(c, span=f"{first}/{ctx.dct.isoformat()}" if iv[1] < ctx.dct else first)
_ENDS = re.compile(r"(?i:(?:between|from)\s+)?(?P<a>[^\d]*?\d{4}|[A-Z][a-z]+\.?)\s*(?:[-–—]|\s(?i:to|and|through|until)\s)\s*(?P<b>.*\d{4})")


def _range_ends(text: str, c: Cand) -> tuple[TemporalExpression, ...]:
    """The two ends of a range one rule found whole (`between 1994 and 1997`, `March to June
    2024`), for TimeML's segmentation; () for anything else."""
    if c.span or "/" not in c.value:
        return ()
    m = _ENDS.fullmatch(text, c.start, c.end)
    if m is None:
        return ()
    av, bv = c.value.split("/")
    if len(av) > 7 or len(bv) > 7:
        return ()
    return tuple(
        TemporalExpression(m.start(g), m.end(g), m[g], v, precision_of(v), value_interval(v), c.relative)
        for g, v in (("a", av), ("b", bv))
    )


Indexed = tuple[tuple[int, re.Pattern[str], Handler], ...]


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Indexed], re.Pattern[str]]:
    """Rules keyed by the tokens a match can start with, and one regex finding those tokens."""
    idx: dict[str, list[tuple[int, re.Pattern[str], Handler]]] = {"#digit": [], "#apos": [], "fy": []}
    for rank, (rx, handler, keys) in enumerate(RULES):
        for k in keys:
            idx.setdefault(k, []).append((rank, rx, handler))
    words = [k for k in idx if not k.startswith("#")]
    trigger = re.compile(rf"(?<!\w)(?:\d|['’]\d0s\b|[Ff][Yy]\w|(?i:{_trie(words)})\b)")
    return {k: tuple(v) for k, v in idx.items()}, trigger


@lru_cache(maxsize=1)
def _next_words() -> dict[str, NextWord]:
    """For each trigger word, its rules filtered by the word that follows it."""
    return {k: NextWord(k, v) for k, v in _index()[0].items() if not k.startswith("#") and k != "fy"}


# frequent words whose rules need a particular next word: the trigger itself asks for it
_GATED = ("the", "this", "in", "that", "these", "at", "more", "over", "only", "new")


@lru_cache(maxsize=1)
def _trigger() -> re.Pattern[str]:
    """_index's token regex, but finding the _GATED words only where a next word their rules
    need follows (or where NextWord would keep them all: no space, a non-ASCII next word)."""
    idx = _index()[0]
    words = _next_words()
    gated = []
    for k in _GATED:
        nxt = words.get(k)
        if nxt is None or any(need is ALWAYS for need in nxt.needs):
            continue
        exact: set[str] = set()
        prefix: set[str] = set()
        for need in nxt.needs:
            for w, whole in need:  # type: ignore[attr-defined]
                (exact if whole else prefix).add(w)
        alts = [rf"{_trie(sorted(exact))}(?![^\W\d_])" if exact else "", _trie(sorted(prefix)) if prefix else ""]
        cond = "|".join(a for a in alts if a)
        if "" in prefix or not cond:
            continue
        gated.append((k, rf"(?-i:\b(?=(?!\s)|\s+(?:[a-zA-Z]*+[^\W\d_a-zA-Z]|(?i:{cond}))))"))
    # one trie for every word, a gated word's condition at its end: one descent per word start
    ends = dict(gated)
    words_all = [k for k in idx if not k.startswith("#")]
    return re.compile(rf"(?<!\w)(?:\d|['’]\d0s\b|[Ff][Yy]\w|(?i:{_trie(words_all, ends)}))")


@lru_cache(maxsize=1)
def _digit_start() -> DigitStart:
    """The rules of number tokens, filtered by the text that follows."""
    return DigitStart(_index()[0]["#digit"])


def _trie(words: list[str], ends: dict[str, str] | None = None) -> str:
    """A regex matching exactly the given words, factored by common prefixes (fast to scan).

    With ends, each word is followed by its end (a regex; `\\b` for a word not in ends), tried
    before the longer words for a word in ends, after them for the others (as `(?:...)?\\b`)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
        if ends is not None:
            node[""] = (w not in ends, ends.get(w, r"\b"))

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if ends is not None and "" in node:
            last, end = node[""]
            alts.insert(len(alts) if last else 0, end)
            return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _select(cands: list[Cand]) -> list[Cand]:
    """Longest candidates first (ties: earlier rule), skipping any that overlap a kept one."""
    cands.sort(key=lambda c: (c.start - c.end, c.rank, c.start))
    taken = bytearray()
    kept: list[Cand] = []
    size = max((c.end for c in cands), default=0)
    taken = bytearray(size)
    for c in cands:
        if any(taken[c.start : c.end]):
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _join_ranges(text: str, cands: list[Cand], parts: dict[int, tuple[Cand, Cand]]) -> list[Cand]:
    """Join `between A and B`, `from A to B` and `A–B` into one span when both are dates;
    parts records the two ends of each joined range (keyed by its start)."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        joined = _join(text, a, b) if b else None
        if joined:
            out.append(joined)
            parts[joined.start] = (a, b)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _join(text: str, a: Cand, b: Cand) -> Cand | None:
    """The span `a/b` when text between them is a range connective, else None."""
    if a.precision in _NO_INTERVAL or b.precision in _NO_INTERVAL or "/" in a.value + b.value:
        return None
    if a.mod or b.mod or a.span or b.span:
        return None
    gap = text[a.end : b.start]
    if len(gap) > 12 or not _RANGE_GAP.fullmatch(gap):
        return None
    pre = _RANGE_PRE.search(text, max(0, a.start - 12), a.start)
    word = pre["w"].lower() if pre else ""
    conn = gap.strip().lower()
    if (conn == "and") != (word == "between"):
        return None
    if conn in ("to", "through", "thru", "until", "till") and not word and a.precision != b.precision:
        return None
    av, bv = a.value, b.value
    if a.relative and not b.relative and a.precision == "month" and b.precision == "month":
        y = int(bv[:4]) - (int(av[5:7]) > int(bv[5:7]))
        av = f"{y:04d}{av[4:]}"
    ia, ib = value_interval(av), value_interval(bv)
    if not ia or not ib or ia[0] > ib[1]:
        return None
    start = pre.start("w") if pre else a.start
    return Cand(start, b.end, f"{av}/{bv}", "span", a.relative or b.relative, a.rank)


def _attach_times(text: str, cands: list[Cand]) -> list[Cand]:
    """Join a clock time and an adjacent day into one expression (`Friday at 10 a.m.`, `5 p.m.
    EST, Nov. 9`), valued at that day and time."""
    out = list(cands)
    i = 0
    while i < len(out):
        c = out[i]
        if "T" in c.value and c.value[11:12].isdigit():
            for j in (i - 1, i + 1):
                if 0 <= j < len(out) and out[j].precision == "day" and len(out[j].value) == 10:
                    lo, hi = (out[j].end, c.start) if j < i else (c.end, out[j].start)
                    if hi - lo <= 12 and _TIME_GAP.fullmatch(text[lo:hi]):
                        a, b = min(i, j), max(i, j)
                        out[a : b + 1] = [Cand(out[a].start, out[b].end, out[j].value + c.value[10:], "day",
                                               out[j].relative, c.rank)]
                        i = a
                        break
        i += 1
    return out
