"""Rules for narrative anaphora (`the following year`, `that day`), `9/11`-style dates, spoken
years (`nineteen ninety-six`), `the week of 6 March`, reporting periods and decade words."""

from __future__ import annotations

import re
from datetime import date

from db.temporal.calendar import number, point_value, shift, week_value
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import COUNT_NOUNS, DAY, MONTH, YEAR
from db.temporal.rules_abs import mon, num, rule

_UNIT_OF = {"morning": "day", "afternoon": "day", "evening": "day", "night": "day"}
_STEP = {"following": 1, "next": 1, "subsequent": 1, "previous": -1, "preceding": -1, "prior": -1}
_DUR_PREP = frozenset("in over within during for throughout".split())


def _fallback(ctx: Ctx, unit: str, n: int) -> str:
    """`|value|precision` counted from the publication date."""
    prec = {"day": "day", "month": "month", "year": "year"}.get(unit, "span")
    return f"|{point_value(shift(ctx.dct, unit, n), unit)}|{prec}"


@rule(
    r"(?i:the)\s+(?P<rel>(?i:following|next|subsequent|previous|preceding|prior))\s+"
    r"(?P<u>(?i:day|week|month|year|morning|afternoon|evening|night))\b(?![-‐’']|\s+(?i:or|and|of)\b)",
    "the",
    first=True,
)
def _following(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the following year`, `the next day`, `the previous month`: one unit on from the date last
    mentioned (from publication when none); `in the next year` is a duration, left to others."""
    rel, word = m["rel"].lower(), m["u"].lower()
    if rel == "next" and ctx.word_before(m.start()) in _DUR_PREP and word in ("week", "month", "year"):
        return None
    unit, n = _UNIT_OF.get(word, word), _STEP[rel]
    flags = "cq" if unit == "year" else "c"
    return Cand(m.start(), m.end(), f"@{n}:{unit}:{flags}{_fallback(ctx, unit, n)}", "anchor", True)


@rule(
    r"(?:(?P<w>(?i:earlier|later))\s+(?:(?i:in\s+)?(?i:that|the\s+same|that\s+same)|(?i:in\s+the))|"
    r"(?i:that\s+same|that|the\s+same|the\s+very\s+same))\s+"
    r"(?P<u>(?i:day|week|month|year|morning|afternoon|evening|night))\b(?![-‐’']|\s+(?:as|that|when|of|before|after)\b)",
    "earlier later that the",
)
def _that_day(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`that day`, `later that year`, `the same month`: the period of the date last mentioned
    (`earlier in the year` is of publication); dropped without a date to refer to."""
    unit = _UNIT_OF.get(m["u"].lower(), m["u"].lower())
    if " in the " in f" {m.group().lower()} " and " same" not in m.group().lower():
        return Cand(m.start(), m.end(), f"@0:{unit}:cd{_fallback(ctx, unit, 0)}", "anchor", True)
    return Cand(m.start(), m.end(), f"@0:{unit}:", "anchor", True)


@rule(
    r"(?:(?i:earlier|later)\s+(?:(?i:in)\s+)?)?(?i:that\s+same|that|the\s+same|the\s+very\s+same)\s+(?i:quarter)\b"
    r"(?![-‐’']|\s+(?:(?i:a|last|of\s+last|the\s+previous|the\s+year|of\s+the\s+year)\b|(?:(?i:of|in)\s+)?(?:19|20)\d\d\b))",
    "earlier later that the",
)
def _that_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`that quarter`, `the same quarter`: the quarter last named (not `the same quarter last
    year`, not a quarter of a year named after it); dropped when none was."""
    return Cand(m.start(), m.end(), "", "quarter-that", True)


@rule(
    r"(?i:the)\s+(?P<u>(?i:day|week|month|year))\s+(?P<d>(?i:before|after|earlier|later))(?=\s*[,.;:)]|\s+(?:and|when|but)\b)",
    "the",
    first=True,
)
def _day_before(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the day before.` / `the year after,` (no event named after it): from the last date."""
    unit, n = m["u"].lower(), (-1 if m["d"].lower() in ("before", "earlier") else 1)
    return Cand(m.start(), m.end(), f"@{n}:{unit}:c", "anchor", True)


_NAMED_AFTER = frozenset(
    "attack attacks attacker attackers hijacker hijackers commission memorial museum victims "
    "families era generation world anniversary report terror terrorist plot".split()
)
_DATE_PREP = frozenset("on since by until till before after from through of".split())


@rule(r"(?<![\w/.,$£€-])(?P<a>3[01]|[12]\d|0?[1-9])/(?P<b>3[01]|[12]\d|0?[1-9])(?![\w/%-]|[.,]\d)", "#digit")
def _numeric_day_month(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`on 9/11`, `by 7/15`, `on 25/12` after a preposition, when only one reading is a date
    (`9/11` is 11 September 2001 in a past clause). `3/4` (either way), `24/7`, `the 9/11
    attacks` and `3/4 of voters` are not dates."""
    if ctx.word_before(m.start()) not in _DATE_PREP or ctx.word_after(m.end()).lower() in _NAMED_AFTER:
        return None
    a, b = int(m["a"]), int(m["b"])
    if (a, b) == (9, 11):
        if not ctx.future(m.start()):
            return Cand(m.start(), m.end(), "2001-09-11", "day", False)
        mo, d = 9, 11
    elif a <= 12 < b:
        mo, d = a, b
    elif b <= 12 < a:
        mo, d = b, a
    else:
        return None
    y = ctx.day_year(mo, d, m.start())
    if y is None:
        return None
    return Cand(m.start(), m.end(), date(y, mo, d).isoformat(), "day", True)


_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"


@rule(
    rf"(?:(?P<the>(?i:the\s+year))\s+)?(?:(?P<c>(?i:nineteen|eighteen|twenty))[- ](?P<r>(?i:{_TEENS})|(?i:{_TENS})(?:[- ](?i:{_ONES}))?|(?i:hundred))"
    rf"|(?P<k>(?i:two\s+thousand))(?:(?:\s+(?i:and))?\s+(?P<kr>(?i:{_TEENS})|(?i:{_TENS})(?:[- ](?i:{_ONES}))?|(?i:{_ONES})))?)\b",
    "the nineteen eighteen twenty two",
)
def _spoken_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`nineteen ninety-six`, `the year two thousand` (broadcast transcripts); not counts."""
    if ctx.word_after(m.end()).lower() in COUNT_NOUNS:
        return None
    if m["k"]:
        if not m["the"] and ctx.word_before(m.start()) not in ("in", "since", "until", "by", "of", "from"):
            return None
        y = 2000 + (number(m["kr"].replace(" ", "-")) or 0 if m["kr"] else 0)
    else:
        hi = {"nineteen": 19, "eighteen": 18, "twenty": 20}[m["c"].lower()]
        r = m["r"].lower()
        lo = 0 if r == "hundred" else number(r.replace(" ", "-"))
        if lo is None or (hi == 20 and lo > 40):
            return None
        y = hi * 100 + lo
    return Cand(m.start(), m.end(), f"{y:04d}", "year", False)


@rule(
    rf"(?:(?i:the)\s+)?(?:(?i:fiscal)\s+)?(?P<u>(?i:year|quarter|(?:first\s+)?(?:nine|six|three)\s+months))"
    rf"(?=\s+(?i:ended|ending)\b(?:\s+(?P<m>{MONTH}))?)",
    "the fiscal year quarter first nine six three",
)
def _period_ended(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the year ended March 31`: a reporting period, a duration (P1Y, P9M); `the quarter ended
    Sept. 30` is the quarter that ends in (or just before) that month."""
    u = m["u"].lower()
    if u == "quarter" and m["m"]:
        mo = mon(m["m"])
        mo -= mo % 3 != 0
        y = ctx.month_year(mo, m.start())
        return Cand(m.start(), m.end(), f"{y:04d}-Q{(mo - 1) // 3 + 1}", "span", True) if mo else None
    if u == "year":
        val = "P1Y"
    elif u == "quarter":
        val = "P1Q"
    else:
        val = f"P{number(u.split()[-2])}M"
    return Cand(m.start(), m.end(), val, "duration", False)


@rule(r"(?:(?i:the)\s+)?(?P<y>(?:19|20)\d\d)\s+(?P<o>(?i:first|second|third|fourth))[- ](?i:quarter)\b", "the #digit")
def _year_ordinal_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the 1988 second quarter`."""
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m["o"].lower()]
    return Cand(m.start(), m.end(), f"{m['y']}-Q{q}", "span", False)


@rule(
    rf"(?:(?i:the)\s+)?(?i:week)\s+(?i:of)\s+(?:(?P<m>{MONTH})\s+(?P<d>{DAY})|(?P<e>{DAY})\s+(?P<n>{MONTH}))(?:,?\s+(?P<y>{YEAR}))?",
    "the week",
)
def _week_of(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the week of March 6`: the ISO week holding that day."""
    mo, d = mon(m["m"] or m["n"]), num(m["d"] or m["e"])
    y = int(m["y"]) if m["y"] else ctx.day_year(mo, d, m.start())
    if y is None:
        return None
    return Cand(m.start(), m.end(), week_value(date(y, mo, d)), "span", not m["y"])


_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


@rule(
    r"(?i:the)\s+(?:(?P<mod>(?i:early|mid|late))[- ])?(?P<d>(?i:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b",
    "the",
)
def _decade_word(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the nineties`: the 1990s (the 1920s for `the twenties`)."""
    mod = {"early": "START", "mid": "MID", "late": "END"}.get((m["mod"] or "").lower(), "")
    return Cand(m.start(), m.end(), f"19{_DECADE_WORDS[m['d'].lower()]}", "span", False, mod=mod)


@rule(r"(?:(?i:the)\s+)?(?i:full|entire|whole)\s+(?:(?i:fiscal|calendar)\s+)?(?i:year)\b(?![-‐’'])", "the full entire whole")
def _full_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the full year`: the year of publication."""
    return Cand(m.start(), m.end(), f"{ctx.dct.year:04d}", "year", True)


@rule(
    rf"(?:(?i:the)\s+)?(?i:first)\s+(?P<n>(?i:two|three|2|3))\s+(?i:quarters)\s+(?i:of)\s+(?P<y>{YEAR})",
    "the first",
)
def _first_quarters(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the first two quarters of 1990`: 1990-H1 (three quarters: January to September)."""
    n = number(m["n"]) or 0
    val = f"{m['y']}-H1" if n == 2 else f"{m['y']}-01/{m['y']}-09"
    return Cand(m.start(), m.end(), val, "span", False)

