"""The extractor: run every rule, keep the longest non-overlapping matches, join ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from db.models import PartialDate
from db.temporal import rules_dur, rules_rel  # noqa: F401  (register their rules)
from db.temporal.calendar import point_value, shift, value_interval
from db.temporal.context import Cand, Ctx
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

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dict with the keys start, end, text, value, precision, relative."""
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "precision": self.precision, "relative": self.relative}


_RANGE_GAP = re.compile(r"\s*(?:[-–—‒]|(?i:to|through|thru|until|till|and))\s*")
_RANGE_PRE = re.compile(r"(?i:\b(?P<w>between|from))\s+$")
_TIME_GAP = re.compile(r"\s*(?:,\s*)?(?:(?i:at)\s+)?")
_NO_INTERVAL = ("duration", "vague")


def extract(text: str, published: PartialDate) -> list[TemporalExpression]:
    """All temporal expressions in text, sorted, non-overlapping, resolved against published."""
    if not isinstance(text, str) or not text:
        return []
    ctx = Ctx(text, published.start)
    index, trigger = _index()
    cands: list[Cand] = []
    digit, apos, fy = index["#digit"], index["#apos"], index["fy"]
    for tok in trigger.finditer(text):
        w = tok.group()
        c0 = w[0]
        if c0.isdigit():
            rules = digit
        elif c0 in "'’":
            rules = apos
        elif len(w) == 3 and w[:2].lower() == "fy":
            rules = fy
        else:
            rules = index.get(w.lower(), ())
        pos = tok.start()
        for rank, rx, handler in rules:
            m = rx.match(text, pos)
            if m is None or m.end() <= pos:
                continue
            try:
                c = handler(m, ctx)
            except (ValueError, OverflowError, KeyError, IndexError, AttributeError, TypeError):
                c = None
            if c is not None and c.end > c.start:
                cands.append(Cand(c.start, c.end, c.value, c.precision, c.relative, rank))
    chosen = _select(cands)
    chosen = _join_ranges(text, chosen)
    chosen = _attach_times(text, chosen)
    chosen = _resolve_anchors(chosen, published.start)
    out = []
    for c in chosen:
        interval = None if c.precision in _NO_INTERVAL else value_interval(c.value)
        out.append(TemporalExpression(c.start, c.end, text[c.start : c.end], c.value,
                                      c.precision, interval, c.relative))
    return out


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


def _trie(words: list[str]) -> str:
    """A regex matching exactly the given words, factored by common prefixes (fast to scan)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
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


def _join_ranges(text: str, cands: list[Cand]) -> list[Cand]:
    """Join `between A and B`, `from A to B` and `A–B` into one span when both are dates."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        joined = _join(text, a, b) if b else None
        if joined:
            out.append(joined)
            i += 2
        else:
            out.append(a)
            i += 1
    return out


def _join(text: str, a: Cand, b: Cand) -> Cand | None:
    """The span `a/b` when text between them is a range connective, else None."""
    if a.precision in _NO_INTERVAL or b.precision in _NO_INTERVAL or "/" in a.value + b.value:
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


_GRAIN = {"year": 0, "month": 1, "day": 2}
_QUARTER = re.compile(r"\d{4}-Q[1-4]")


def _resolve_anchors(cands: list[Cand], dct: date) -> list[Cand]:
    """Resolve `N units later/earlier` against the date last mentioned before it (`earlier` falls
    back to the DCT, `later` is dropped without one), and `the quarter` against the quarter last
    named that had begun by the DCT (the one being reported, not one planned)."""
    out: list[Cand] = []
    anchor: Cand | None = None
    quarter: str | None = None
    for c in cands:
        if c.precision == "quarter-ref":
            c = Cand(c.start, c.end, quarter or c.value, "span", True, c.rank)
        if c.precision == "anchor":
            resolved = _anchored(c, anchor)
            if resolved is None:
                continue
            out.append(resolved)
            anchor = resolved if resolved.precision in _GRAIN or _QUARTER.fullmatch(resolved.value) else anchor
            continue
        if c.precision in _GRAIN or _QUARTER.fullmatch(c.value):
            anchor = c
        if _QUARTER.fullmatch(c.value) and (iv := value_interval(c.value)) and iv[0] <= dct:
            quarter = c.value
        out.append(c)
    return out


def _anchored(c: Cand, anchor: Cand | None) -> Cand | None:
    """The value of an `@n:unit[|fallback|precision]` candidate moved from anchor."""
    spec, *fallback = c.value[1:].split("|")
    n_s, unit = spec.split(":")
    n = int(n_s)
    fb = Cand(c.start, c.end, fallback[0], fallback[1], True, c.rank) if fallback else None
    if anchor is None:
        return fb
    is_q = bool(_QUARTER.fullmatch(anchor.value))
    grain = {"week": 2}.get(unit, _GRAIN.get(unit, 0))
    if grain > (1 if is_q else _GRAIN[anchor.precision]):
        return fb
    iv = value_interval(anchor.value)
    try:
        moved = shift(iv[0], unit, n) if iv else None
    except (ValueError, OverflowError):
        moved = None
    if moved is None:
        return fb
    if is_q and unit in ("year", "month") and (unit == "year" or n % 3 == 0):
        return Cand(c.start, c.end, point_value(moved, "quarter"), "span", True, c.rank)
    prec = {"day": "day", "month": "month", "year": "year"}.get(unit, "span")
    return Cand(c.start, c.end, point_value(moved, unit), prec, True, c.rank)


def _attach_times(text: str, cands: list[Cand]) -> list[Cand]:
    """Give clock times the day of an adjacent day expression (`Friday at 10 a.m.`)."""
    out = list(cands)
    for i, c in enumerate(out):
        if "T" not in c.value or not c.value[11:12].isdigit():
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(out) and out[j].precision == "day" and len(out[j].value) == 10:
                lo, hi = (out[j].end, c.start) if j < i else (c.end, out[j].start)
                if hi - lo <= 6 and _TIME_GAP.fullmatch(text[lo:hi]):
                    out[i] = Cand(c.start, c.end, out[j].value + c.value[10:], "day",
                                  out[j].relative, c.rank)
                    break
    return out
