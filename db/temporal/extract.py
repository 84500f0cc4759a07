"""The extractor: run every rule, keep the longest non-overlapping matches, join ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from db.models import PartialDate
from db.temporal import rules_dur, rules_rel  # noqa: F401  (register their rules)
from db.temporal.calendar import value_interval
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import TOKEN
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
    index = _index()
    cands: list[Cand] = []
    get = index.get
    for tok in TOKEN.finditer(text):
        w = tok.group().lower()
        rules = get(w)
        c0 = w[0]
        if c0.isdigit():
            rules = (rules or ()) + index["#digit"]
        elif c0 in "'’":
            rules = index["#apos"]
        elif w.startswith("fy") and len(w) > 2:
            rules = index["fy"]
        if not rules:
            continue
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
    out = []
    for c in chosen:
        interval = None if c.precision in _NO_INTERVAL else value_interval(c.value)
        out.append(TemporalExpression(c.start, c.end, text[c.start : c.end], c.value,
                                      c.precision, interval, c.relative))
    return out


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[tuple[int, re.Pattern[str], Handler], ...]]:
    """Rules keyed by the tokens a match can start with."""
    idx: dict[str, list[tuple[int, re.Pattern[str], Handler]]] = {"#digit": [], "#apos": [], "fy": []}
    for rank, (rx, handler, keys) in enumerate(RULES):
        for k in keys:
            idx.setdefault(k, []).append((rank, rx, handler))
    return {k: tuple(v) for k, v in idx.items()}


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
