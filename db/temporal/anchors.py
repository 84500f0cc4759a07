"""Resolve anaphoric expressions against the date last mentioned: `three weeks later`, `the
following year`, `that day`, `a year earlier` (the reported quarter a year before, in results)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from db.temporal.calendar import point_value, shift, value_interval, weekday_after, weekday_before
from db.temporal.context import Cand

GRAIN = {"year": 0, "month": 1, "day": 2}
QUARTER = re.compile(r"\d{4}-Q[1-4]")
_SPEC = re.compile(r"@(?P<n>-?\d+):(?P<unit>[a-z]+)(?::(?P<flags>[a-zA-Z]*))?(?::(?P<tod>T[A-Z]{2}))?")
# a comparison with an earlier period: `up from $3 million a year ago`, `compared with ... last year`
_CMP = re.compile(
    r"(?i)\b(?:from|with|than|versus|vs\.|against|over)\b(?:[^.;!?\n]|\.\d){0,60}$|\b(?:year|period)[- ]on[- ]year\W*$"
)
_FIGURE = re.compile(r"(?:[$£€]\s?\d[\d.,]*(?:\s+(?:million|billion))?|\bcents\s+a\s+share)\W*$")
_LONGER = re.compile(
    r"(?i)\b(?:nine|six|9|6|twelve|12)[- ]months?\b|\bfirst\s+half\b|\b(?:full|fiscal)[- ]year\b|\byear[- ]to[- ]date\b"
)
_PLAIN_QUARTER = re.compile(r"(?i)(?:the\s+)?quarter")
_RESULTS = re.compile(
    r"(?i)[- ]?\s*(?:net\s+|operating\s+|pretax\s+)?(?:results|earnings|profits?|loss(?:es)?|revenues?|sales|net\b|income)"
)
_FISCAL = re.compile(r"(?i)\bfiscal\b")
_YEAR_AGO_START = re.compile(r"\s*(?i:the\s+)?$")  # the year-ago reference opens its sentence
_UNDER_WAY = timedelta(days=45)
_FOCUS = 3000  # a quarter named this far back is still the one being reported
_REACH = 2500  # a narrative date this far back still anchors `the following year`


def is_anchor(c: Cand) -> bool:
    """True for a candidate later expressions can count from: a day, month, year or quarter."""
    if c.mod or (c.span and not QUARTER.fullmatch(c.span)):
        return False
    return c.precision in GRAIN or bool(QUARTER.fullmatch(c.value))


def resolve_anchors(cands: list[Cand], dct: date, text: str) -> list[Cand]:
    """Resolve anchored candidates (value `@n:unit[:flags][|fallback|precision]`) in text order.

    The anchor is the day, month, year or quarter last mentioned (anchored ones included, so
    a narrative can step on: `In 2019 ... The following year ... Two years later`). Flags:
    `q` - in a comparison (`up from $3m a year earlier`) the quarter being reported moved by n
    years; `Q` - the same without the comparison test (`the year-ago quarter`); `Y` - the reported
    quarter in the fallback's year (`the 1988 period`); `d` - count
    from the publication date (the fallback), never from a narrative date; `c` - a unit finer
    than the anchor keeps the anchor's grain (`In 2019 ... three weeks later` is 2019). A last
    `:TMO` part puts a day in that part of it (`in the morning`).
    Without an anchor the fallback is used, or the candidate dropped when there is none.
    `quarter-ref` candidates (`the quarter`, `the latest period`) take the quarter last named
    that had begun by the DCT (the one being reported, not one planned); `quarter-that` ones
    (`that quarter`) the quarter last named, whichever it was, and are dropped without one."""
    out: list[Cand] = []
    anchor: Cand | None = None
    named_q: str | None = None  # the quarter last named, for `that quarter`
    quarter: str | None = None
    fiscal: str | None = None
    q_end = -1
    for c in cands:
        if fiscal and c.value != fiscal and _PLAIN_QUARTER.fullmatch(text, c.start, c.end) and QUARTER.fullmatch(c.value):
            # `the quarter ended Sept. 29` after `the fiscal first quarter`: the same, by its fiscal name
            c = replace(c, value=fiscal)
        if c.precision == "quarter-ref":
            c = replace(c, value=quarter or c.value, precision="span")
        if c.precision == "quarter-that":
            if named_q is None:
                continue  # `that quarter` with no quarter named before it: nothing to refer to
            c = replace(c, value=named_q, precision="span")
        if QUARTER.fullmatch(c.value):
            named_q = c.value
        if c.precision == "anchor":
            focus = quarter if quarter and c.start - q_end <= _FOCUS else None
            if anchor is not None and c.start - anchor.end > _REACH:
                anchor = None
            resolved = _anchored(c, anchor, focus, text)
            if resolved is None:
                continue
            out.append(resolved)
            if is_anchor(resolved):
                anchor = resolved
            continue
        if is_anchor(c):
            anchor = c
        qv = c.value
        iv = value_interval(qv) if QUARTER.fullmatch(qv) else None
        if iv and (QUARTER.fullmatch(c.span) or _FISCAL.search(text, max(0, c.start - 12), c.end)
                   or (quarter is None and iv[1] > dct and _RESULTS.match(text, c.end))):
            # a company's fiscal quarter (also results for a quarter the calendar has not finished,
            # as a story's first quarter: `fourth-quarter earnings` in November): later references
            # keep its name
            fiscal = qv
        # the quarter being reported: one already over, or well under way (in the first weeks of
        # a quarter, `fourth-quarter` talk is a forecast and `the quarter` the one just closed);
        # an earlier quarter named in passing (`after a flat second quarter`) does not replace it
        if iv and (fiscal == qv or ((iv[1] <= dct or iv[0] <= dct - _UNDER_WAY) and (
                quarter is None or c.start - q_end > _FOCUS or qv >= quarter))):
            quarter, q_end = qv, c.end
        out.append(c)
    return out


WEEKDAY_SPEC = "@wd"  # `@wd-4|fallback|day`: the Friday before the anchor day (`+` after it)


def _weekday_from(c: Cand, anchor: Cand | None) -> Cand:
    """`the previous Friday` after a named day: the Friday before it (the fallback without one)."""
    spec, value, _ = c.value.split("|")
    if anchor is not None and anchor.precision == "day" and (iv := value_interval(anchor.value[:10])):
        wd = int(spec[len(WEEKDAY_SPEC) + 1 :])
        d = weekday_before(iv[0], wd, strict=True) if spec[len(WEEKDAY_SPEC)] == "-" else (
            weekday_after(iv[0], wd, strict=True))
        value = d.isoformat()
    return replace(c, value=value, precision="day", relative=True)


def _anchored(c: Cand, anchor: Cand | None, quarter: str | None, text: str) -> Cand | None:
    """The value of one anchored candidate (see resolve_anchors)."""
    if c.value.startswith(WEEKDAY_SPEC):
        return _weekday_from(c, anchor)
    spec, *fallback = c.value.split("|")
    m = _SPEC.fullmatch(spec)
    if m is None:
        return None
    n, unit, flags = int(m["n"]), m["unit"], m["flags"] or ""
    fb = replace(c, value=fallback[0], precision=fallback[1], relative=True) if fallback else None
    cmp = "q" in flags and _comparison(text, c.start)
    if quarter and unit == "year" and ("Q" in flags or cmp):
        y = int(fallback[0][:4]) if "Y" in flags else int(quarter[:4]) + n
        if _longer_period(text, c.start):
            return replace(c, value=f"{y:04d}", precision="year", relative=True)
        return replace(c, value=f"{y:04d}{quarter[4:]}", precision="span", relative=True)
    if "d" in flags or cmp or anchor is None:
        return fb
    is_q = bool(QUARTER.fullmatch(anchor.value))
    a_grain = 1 if is_q else GRAIN[anchor.precision]
    grain = {"week": 2}.get(unit, GRAIN.get(unit, 0))
    iv = value_interval(anchor.value)
    if iv is None:
        return fb
    coarse = grain > a_grain
    if coarse and "c" not in flags:
        return fb
    try:
        moved = shift(iv[0], unit, n)
    except (ValueError, OverflowError):
        return fb
    if is_q and unit in ("year", "month") and (unit == "year" or n % 3 == 0):
        return replace(c, value=point_value(moved, "quarter"), precision="span", relative=True)
    if coarse:
        unit = ("year", "month", "day")[a_grain]
    prec = {"day": "day", "month": "month", "year": "year"}.get(unit, "span")
    tod = m["tod"] if m["tod"] and unit == "day" else ""  # `in the morning`: that day's morning
    return replace(c, value=point_value(moved, unit) + tod, precision=prec, relative=True)


def _longer_period(text: str, pos: int) -> bool:
    """True when the sentence before pos reports a period longer than a quarter (`For the nine
    months, net rose ... from a year earlier`): the comparison is with that year, not a quarter."""
    window = text[max(0, pos - 300) : pos]
    cut = max(window.rfind(". "), window.rfind("\n"))
    if _LONGER.search(window[cut + 1 :]):
        return True
    # `In the nine months, net was ... in the 1988 period. The year-ago results included ...`
    prev = window[: max(cut, 0)]
    cut2 = max(prev.rfind(". "), prev.rfind("\n"))
    return bool(_YEAR_AGO_START.match(window, cut + 1)) and bool(_LONGER.search(prev[cut2 + 1 :]))


def _comparison(text: str, pos: int) -> bool:
    """True when the words before pos compare a figure with an earlier period, or state one
    for it (`The thrift had net income of $132,000, or three cents a share, a year ago`)."""
    return bool(_CMP.search(text, max(0, pos - 80), pos) or _FIGURE.search(text, max(0, pos - 60), pos))
