"""Rules for calendar dates: full dates, months, years, ranges, decades, quarters and halves."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from db.temporal.calendar import MONTHS, month_end, month_value
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import (
    COUNT_NOUNS,
    DAY,
    MACROS,
    MONTH,
    MONTH_FULL,
    NON_NOUN_S,
    QUANTIFIERS,
    RANGE_SEP,
    TEMPORAL_PREPS,
    WEEKDAY_ANY,
    YEAR,
    sentence_tail,
)

Handler = Callable[[re.Match[str], Ctx], Cand | None]
RULES: list[tuple[re.Pattern[str], Handler, frozenset[str]]] = []
WD_PRE = rf"(?:{WEEKDAY_ANY},?\s+)?"
YEAR_REF = rf"(?:{YEAR}|(?i:this|last|next|the)\s+(?i:year)\b|(?i:the\s+(?:previous|current|past|following)\s+year)\b)"


def rule(pattern: str, starts: str, first: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler for a pattern tried at tokens whose lower-cased form is in starts.

    starts is a space-separated list of words and macros (`@month`, `@weekday`, `@num`,
    `@mod`, `#digit` for any token starting with a digit, `#apos` for `'90s`). A first rule
    wins ties (same start and length) against the rules registered before it. A handler's
    candidate lies within its match (extract skips matches already covered by longer ones).
    """
    keys: set[str] = set()
    for k in starts.split():
        keys.update(MACROS.get(k, (k,)))

    def deco(fn: Handler) -> Handler:
        entry = (re.compile(pattern), fn, frozenset(keys))
        if first:
            RULES.insert(0, entry)
        else:
            RULES.append(entry)
        return fn

    return deco


@lru_cache(maxsize=1024)
def mon(s: str) -> int:
    """Month number of a month name or abbreviation."""
    return MONTHS[_NOT_AZ.sub("", s.lower())]


def num(s: str) -> int:
    """Leading integer of `22nd`."""
    return int(_DIGITS.match(s).group())  # type: ignore[union-attr]


_NOT_AZ = re.compile(r"[^a-z]")
_DIGITS = re.compile(r"\d+")


def year_ref(s: str, ctx: Ctx) -> tuple[int, bool]:
    """Year of `2024`, `this year`, `last year`... and whether it is relative."""
    s = s.lower()
    if s[:1].isdigit():
        return int(s[:4]), False
    if "last" in s or "previous" in s or "past" in s:
        return ctx.dct.year - 1, True
    if "next" in s or "following" in s:
        return ctx.dct.year + 1, True
    return ctx.dct.year, True


def day_cand(m: re.Match[str], y: int, mo: int, d: int, rel: bool) -> Cand | None:
    """A day candidate, or None if the date does not exist."""
    try:
        return Cand(m.start(), m.end(), date(y, mo, d).isoformat(), "day", rel)
    except ValueError:
        return None


@rule(rf"(?<![\w,.]){WD_PRE}(?:(?i:the)\s+)?(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{MONTH}),?\s+(?P<y>{YEAR})", "@weekday the #digit")
def _dmy(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return day_cand(m, int(m["y"]), mon(m["m"]), num(m["d"]), False)


@rule(rf"(?<![\w,.]){WD_PRE}(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})", "@weekday @month")
def _mdy(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return day_cand(m, int(m["y"]), mon(m["m"]), num(m["d"]), False)


@rule(rf"(?<![\w,.]){WD_PRE}(?:(?i:the)\s+)?(?P<d>{DAY})(?:\s+(?i:of))?\s+(?P<m>{MONTH})", "@weekday the #digit")
def _dm(m: re.Match[str], ctx: Ctx) -> Cand | None:
    mo, d = mon(m["m"]), num(m["d"])
    y = ctx.day_year(mo, d, m.start())
    return day_cand(m, y, mo, d, True) if y else None


@rule(rf"(?<![\w,.]){WD_PRE}(?P<m>{MONTH})\s+(?P<d>{DAY})(?![,.]?\d|\s*(?:%|(?i:per|percent)))", "@weekday @month")
def _md(m: re.Match[str], ctx: Ctx) -> Cand | None:
    mo, d = mon(m["m"]), num(m["d"])
    y = ctx.day_year(mo, d, m.start())
    return day_cand(m, y, mo, d, True) if y else None


@rule(r"(?<![\w/.-])(?P<y>\d{4})(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\w/-]|\.\d)", "#digit")
def _iso(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return day_cand(m, int(m["y"]), int(m["m"]), int(m["d"]), False)


@rule(r"(?<![\w/.-])(?P<a>\d{1,2})(?P<s>[/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4})(?![\w/-]|\.\d)", "#digit")
def _numeric(m: re.Match[str], ctx: Ctx) -> Cand | None:
    a, b = int(m["a"]), int(m["b"])
    mo, d = (b, a) if a > 12 or m["s"] == "." else (a, b)
    return day_cand(m, int(m["y"]), mo, d, False)


@rule(r"(?<![\w/.-])(?P<y>(?:1\d|20)\d\d)-(?P<m>0[1-9]|1[0-2])(?![\w/-]|\.\d)", "#digit")
def _iso_month(m: re.Match[str], ctx: Ctx) -> Cand | None:
    if int(m["m"]) == (int(m["y"]) + 1) % 100:
        return None
    return Cand(m.start(), m.end(), month_value(int(m["y"]), int(m["m"])), "month", False)


@rule(rf"(?<![\w,.])(?P<m>{MONTH}),?\s+(?:(?i:of)\s+)?(?P<y>{YEAR})", "@month")
def _month_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return Cand(m.start(), m.end(), month_value(int(m["y"]), mon(m["m"])), "month", False)


@rule(
    rf"(?:(?i:between)\s+(?P<a>{MONTH})\s+(?i:and)\s+|(?:(?i:from)\s+)?(?P<b>{MONTH}){RANGE_SEP})"
    rf"(?P<m2>{MONTH}),?\s+(?:(?i:of)\s+)?(?P<y>{YEAR})",
    "between from @month",
)
def _month_range(m: re.Match[str], ctx: Ctx) -> Cand | None:
    y, m1, m2 = int(m["y"]), mon(m["a"] or m["b"]), mon(m["m2"])
    y1 = y if m1 <= m2 else y - 1
    return Cand(m.start(), m.end(), f"{month_value(y1, m1)}/{month_value(y, m2)}", "span", False)


@rule(
    rf"(?<![\w,.])(?:(?P<m>{MONTH})\s+(?P<d1>{DAY})\s*[-–—]\s*(?P<d2>{DAY})"
    rf"|(?P<e1>{DAY})\s*[-–—]\s*(?P<e2>{DAY})\s+(?P<n>{MONTH}))(?:,?\s+(?P<y>{YEAR}))?",
    "@month #digit",
)
def _day_range(m: re.Match[str], ctx: Ctx) -> Cand | None:
    mo = mon(m["m"] or m["n"])
    d1, d2 = num(m["d1"] or m["e1"]), num(m["d2"] or m["e2"])
    y = int(m["y"]) if m["y"] else ctx.day_year(mo, d1, m.start())
    if not y or d1 >= d2 or d2 > month_end(y, mo).day:
        return None
    val = f"{date(y, mo, d1).isoformat()}/{date(y, mo, d2).isoformat()}"
    return Cand(m.start(), m.end(), val, "span", not m["y"])


@rule(
    rf"(?<![\w,.$£€#/-])(?:(?i:between)\s+(?P<a>{YEAR})\s+(?i:and)\s+(?P<b>{YEAR})"
    rf"|(?:(?i:from)\s+)?(?P<c>{YEAR}){RANGE_SEP}(?P<d>\d{{4}}|\d\d)(?![\w%]|[.,]\d))",
    "between from #digit",
)
def _year_range(m: re.Match[str], ctx: Ctx) -> Cand | None:
    y1 = int(m["a"] or m["c"])
    s2 = m["b"] or m["d"]
    y2 = int(s2) if len(s2) == 4 else (y1 // 100) * 100 + int(s2)
    if len(s2) == 2 and y2 <= y1:
        y2 += 100
    if not y1 < y2 <= y1 + 200 or _count_context(ctx, m.start(), m.end()):
        return None
    return Cand(m.start(), m.end(), f"{y1:04d}/{y2:04d}", "span", False)


@rule(r"(?<![\w,.$£€#/:+-])(?:(?i:the\s+year)\s+)?(?P<y>\d{4})(?![\w%]|[.,:/]\d|-\d|\s?(?i:per\s?cent))", "the #digit")
def _year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    y = int(m["y"])
    if not 1000 <= y <= 2099 or _count_context(ctx, m.start(), m.end()):
        return None
    prev = ctx.word_before(m.start())
    raw = ctx.raw_word_before(m.start())
    if _NUM_BEFORE.search(ctx.before(m.start(), 2)) or _NUM_AFTER.match(ctx.after(m.end(), 2)):
        return None  # part of a phone or reference number: `+1 415 555 2030`
    if m.group().lower().startswith("the") or prev in TEMPORAL_PREPS or prev.endswith(("'s", "’s")):
        return Cand(m.start(), m.end(), f"{y:04d}", "year", False)
    if prev in QUANTIFIERS or not 1900 <= y <= 2099:
        return None
    if raw[:1].isupper() and not ctx.sentence_start(m.start() - len(raw) - 1):
        if raw.lower() not in MONTHS and not raw.isupper():
            return None
    return Cand(m.start(), m.end(), f"{y:04d}", "year", False)


_NUM_BEFORE = re.compile(r"\d[ .-]$")
_NUM_AFTER = re.compile(r"[ .-]\d")


def _count_context(ctx: Ctx, start: int, end: int) -> bool:
    """True when a number reads as a count: `1,500 troops`, `about 2000`, `2000 people`."""
    nxt = ctx.word_after(end)
    low = nxt.lower()
    if low in COUNT_NOUNS or nxt == "%":
        return True
    prev = ctx.word_before(start)
    if prev in QUANTIFIERS or ctx.before(start, 12).lower().rstrip().endswith("total of"):
        return True
    if prev in TEMPORAL_PREPS:
        return False
    return (
        nxt.islower() and len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss")
        and low not in NON_NOUN_S and prev not in ("the", "a", "an")
    )


@rule(r"(?<![\w.])(?:(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s?)(?P<y>(?:1\d|20)\d\d)\b", "fiscal fy")
def _fiscal(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return Cand(m.start(), m.end(), m["y"], "year", False)


@rule(
    r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[- ]?)?(?:(?P<d>1[89]\d|20\d)0|['’](?P<s>\d)0)['’]?s\b",
    "the early mid late #digit #apos",
)
def _decade(m: re.Match[str], ctx: Ctx) -> Cand | None:
    edge = re.match(r"(?i)(?:the\s+)?(early|mid|late)", m.group())
    mod = {"early": "START", "mid": "MID", "late": "END"}[edge[1].lower()] if edge else ""
    if m["d"]:
        return Cand(m.start(), m.end(), m["d"], "span", False, mod=mod)
    dec = int(m["s"])
    return Cand(m.start(), m.end(), f"19{dec}" if dec >= 3 else f"20{dec}", "span", False, mod=mod)


_CENT = {"nineteenth": 19, "twentieth": 20, "twenty-first": 21, "eighteenth": 18}


@rule(
    r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[- ]?)?(?P<n>1[5-9]th|2[01](?:st|th)|"
    r"(?i:eighteenth|nineteenth|twentieth|twenty-first))\s+(?i:century)\b",
    "the early mid late #digit eighteenth nineteenth twentieth twenty",
)
def _century(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n = _CENT.get(m["n"].lower()) or num(m["n"])
    return Cand(m.start(), m.end(), f"{n - 1:02d}", "span", False)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "final": 4, "last": 4, "latter": 2}


@rule(
    rf"(?:(?i:the)\s+)?(?P<o>(?i:first|second|third|fourth|1st|2nd|3rd|4th|final|last))[- ]"
    rf"(?i:quarter)\b(?:\s+(?i:of)\s+(?P<p>{YEAR_REF}))?",
    "the first second third fourth #digit final last",
)
def _quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    q = _ORD[m["o"].lower()]
    if m["p"]:
        y, rel = year_ref(m["p"], ctx)
    elif m["o"].lower() in ("last", "final"):
        return None
    else:
        y, rel = quarter_year(ctx, q, m.start(), m.end()), True
    ended = _ENDED.match(ctx.text, m.end())
    if ended and not m["p"]:
        # a fiscal quarter (`its fourth quarter ended Sept. 30`): TimeML keeps the company's
        # name for it; the calendar quarter it covers is the one ending that month
        mo = mon(ended["m"])
        mo -= mo % 3 != 0
        if mo and (mo + 2) // 3 != q:
            cal = f"{ctx.month_year(mo, m.start()):04d}-Q{(mo + 2) // 3}"
            return Cand(m.start(), m.end(), f"{y:04d}-Q{q}", "span", rel, span=cal)
    return Cand(m.start(), m.end(), f"{y:04d}-Q{q}", "span", rel)


_ENDED = re.compile(rf"\s+(?i:ended|ending)\s+(?P<m>{MONTH})")


def quarter_year(ctx: Ctx, q: int, start: int, end: int) -> int:
    """Year of a quarter named without one: the latest begun by the DCT; in a future clause
    (`production starts in Q2`) the next one not yet over.  Adjectival `fourth-quarter results`
    names a reported (past) quarter whatever the tense."""
    y = ctx.dct.year
    adjectival = "-" in ctx.text[start:end] or ctx.text[end : end + 1] == "-" or (
        ctx.word_after(end).lower() in _REPORT_NOUNS) or bool(_TO_REPORT.search(sentence_tail(ctx.before(start, 160))))
    if not adjectival and ctx.word_before(start) not in ("since", "from") and ctx.future(start, ahead_ok=False):
        return y if month_end(y, 3 * q) >= ctx.dct else y + 1
    return y - 1 if date(y, 3 * q - 2, 1) > ctx.dct else y


_TO_REPORT = re.compile(r"(?i)\b(?:to\s+report|to\s+post|to\s+release|to\s+take|to\s+record)\b[^;]*$")
_REPORT_NOUNS = frozenset(
    "results earnings profit profits revenue revenues sales loss losses growth figures output "
    "deliveries net gdp numbers report earnings-per-share margin margins".split()
)


@rule(
    rf"(?:(?i:the)\s+)?(?P<a>{MONTH_FULL})\s*[-–—/]\s*(?P<b>{MONTH_FULL})\s+(?i:quarter)\b(?:,?\s+(?:(?i:of)\s+)?(?P<y>{YEAR}))?",
    "the @month",
)
def _month_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    a, b = mon(m["a"]), mon(m["b"])
    if (b - a) % 12 != 2:
        return None
    if m["y"]:
        y, rel = int(m["y"]), False
    else:
        y, rel = ctx.dct.year, True
        if date(y, a, 1) > ctx.dct:
            y -= 1
    if a % 3 == 1:
        return Cand(m.start(), m.end(), f"{y:04d}-Q{(a + 2) // 3}", "span", rel)
    y2 = y + (b < a)
    return Cand(m.start(), m.end(), f"{month_value(y, a)}/{month_value(y2, b)}", "span", rel)


@rule(r"(?<![\w-])(?:Q(?P<q>[1-4])(?:\s*(?:of\s+)?(?P<y>(?:1\d|20)\d\d))?|(?P<z>(?:1\d|20)\d\d)[-\s]?Q(?P<r>[1-4]))\b", "q1 q2 q3 q4 #digit")
def _q_short(m: re.Match[str], ctx: Ctx) -> Cand | None:
    q = int(m["q"] or m["r"])
    ys = m["y"] or m["z"]
    y = int(ys) if ys else quarter_year(ctx, q, m.start(), m.end())
    return Cand(m.start(), m.end(), f"{y:04d}-Q{q}", "span", not ys)


@rule(
    rf"(?:(?i:the)\s+)?(?P<o>(?i:first|second|1st|2nd|latter|last))\s+(?i:half)\s+(?i:of)\s+"
    rf"(?:(?P<p>{YEAR_REF})|(?P<m>{MONTH_FULL})(?:,?\s+(?P<y>{YEAR}))?)|(?<![\w-])H(?P<h>[12])\s*(?P<z>{YEAR})",
    "the first second #digit latter last h1 h2",
)
def _half(m: re.Match[str], ctx: Ctx) -> Cand | None:
    h = int(m["h"]) if m["h"] else min(2, _ORD[m["o"].lower()])
    if m["m"]:
        mo = mon(m["m"])
        y = int(m["y"]) if m["y"] else ctx.month_year(mo, m.start())
        a, b = (1, 15) if h == 1 else (16, month_end(y, mo).day)
        val = f"{date(y, mo, a).isoformat()}/{date(y, mo, b).isoformat()}"
        return Cand(m.start(), m.end(), val, "span", not m["y"])
    y, rel = (int(m["z"]), False) if m["z"] else year_ref(m["p"], ctx)
    val = f"{y:04d}-01/{y:04d}-06" if h == 1 else f"{y:04d}-07/{y:04d}-12"
    return Cand(m.start(), m.end(), val, "span", rel)
