"""Rules for news phrasings the other rule sets miss: `July last year`, `January nineteen
ninety-seven`, `next year's first quarter`, `two and a half years`, `eight trading days`, `the
current fiscal year`, `the past two quarters`, `the next couple of years`, `at noon Thursday`."""

from __future__ import annotations

import re
from datetime import date, timedelta

from db.temporal.calendar import WEEKDAYS, month_value, number, weekday_after, weekday_before
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import MONTH_FULL, NUM, duration_value, unit_of
from db.temporal.rules_abs import mon, rule
from db.temporal.rules_dur import anchored_span
from db.temporal.rules_more import _ONES, _TEENS, _TENS
from db.temporal.rules_rel import _this_season as this_season

_SPOKEN = (
    rf"(?P<c>(?i:nineteen|eighteen|twenty))[- ](?P<r>(?i:{_TEENS})|(?i:{_TENS})(?:[- ](?i:{_ONES}))?)\b"
)
_SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}


def _spoken_value(m: re.Match[str]) -> int | None:
    """The year of a `_SPOKEN` match (`nineteen ninety-seven` -> 1997)."""
    lo = number(m["r"].replace(" ", "-"))
    if lo is None:
        return None
    return {"nineteen": 19, "eighteen": 18, "twenty": 20}[m["c"].lower()] * 100 + lo


@rule(
    rf"(?:(?:(?i:the)\s+)?(?P<s>(?i:spring|summer|autumn|fall|winter))\s+(?i:of)\s+|(?P<m>{MONTH_FULL})\s+){_SPOKEN}",
    "the spring summer autumn fall winter @month",
)
def _named_spoken(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`January nineteen ninety-seven`, `the winter of nineteen ninety-four` (transcripts)."""
    y = _spoken_value(m)
    if y is None:
        return None
    if m["m"]:
        return Cand(m.start(), m.end(), month_value(y, mon(m["m"])), "month", False)
    return Cand(m.start(), m.end(), f"{y:04d}-{_SEASON_CODE[m['s'].lower()]}", "span", False)


@rule(
    rf"(?P<m>{MONTH_FULL})\s+(?:(?i:of)\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year)\b(?![-‐’']\w)",
    "@month",
)
def _month_rel_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`July last year`, `March of next year`: that month of the year named."""
    y = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return Cand(m.start(), m.end(), month_value(y, mon(m["m"])), "month", True)


_ORD_Q = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@rule(
    r"(?P<rel>(?i:this|last|next))\s+(?i:year)['’]s\s+(?P<o>(?i:first|second|third|fourth))[- ](?i:quarter)\b",
    "this last next",
)
def _rel_year_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`next year's first quarter`: that quarter of the year named."""
    y = ctx.dct.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return Cand(m.start(), m.end(), f"{y:04d}-Q{_ORD_Q[m['o'].lower()]}", "span", True)


_HALF = {"year": "P{n}Y6M", "month": "P{n}M15D", "week": "P{d}DT12H", "day": "P{n}DT12H",
         "hour": "PT{n}H30M", "minute": "PT{n}M30S"}


@rule(
    rf"(?P<n>{NUM})(?:\s+1/2|\s*½|\s+(?i:and\s+a\s+half))\s+(?P<u>(?i:years?|months?|weeks?|days?|hours?|minutes?))\b"
    r"|(?P<a>(?i:an?|one))\s+(?P<v>(?i:year|month|week|day|hour|minute))\s+(?i:and\s+a\s+half)\b",
    "@num #digit",
)
def _and_a_half(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`2 1/2 years`, `two and a half years`, `a year and a half`: P2Y6M, P1Y6M, PT1M30S."""
    n = number(m["n"]) if m["n"] else 1
    if n is None or n > 1000:
        return None
    val = _HALF[unit_of(m["u"] or m["v"])].format(n=n, d=7 * n + 3)
    return Cand(m.start(), m.end(), val, "duration", False)


@rule(
    rf"(?P<n>{NUM})\s+(?i:(?:trading|business|working|school|calendar)\s+days)\b",
    "@num #digit",
)
def _working_days(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`eight trading days`, `10 business days`: a duration in days."""
    n = number(m["n"])
    if n is None or n > 5000 or m["n"].lower() in ("a", "an"):
        return None
    return Cand(m.start(), m.end(), f"P{n}D", "duration", False)


_FISCAL_STEP = {"current": 0, "this": 0, "new": 0, "latest": -1, "last": -1, "previous": -1,
                "past": -1, "prior": -1, "next": 1, "coming": 1}


@rule(
    r"(?:(?i:the)\s+)?(?:(?P<rel>(?i:current|latest|new|previous|past|prior|coming|next|last|this))\s+)?(?i:fiscal\s+year)\b"
    r"(?![-‐’']|\s+(?:ended|ending|to|that\s+ends?|\d))",
    "the current latest new previous past prior coming next last this fiscal",
)
def _fiscal_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the current fiscal year` (the year of publication), `the latest fiscal year` (the last
    completed one), `next fiscal year`; a bare `fiscal year` needs `the` or a `this/next`."""
    rel = (m["rel"] or "").lower()
    if not rel and not m.group()[:3].lower() == "the":
        return None
    if rel in ("last", "next", "this") and (m.group()[:3].lower() == "the" or ctx.word_before(m.start()) == "the"):
        return None  # `the last fiscal year of the plan`: an ordinal, not a date
    y = ctx.dct.year + _FISCAL_STEP.get(rel, 0)
    return Cand(m.start(), m.end(), f"{y:04d}", "year", True)


@rule(
    rf"(?:(?i:the)\s+)?(?P<rel>(?i:past|last|next|coming|previous|first|final|following|preceding))\s+"
    rf"(?:(?P<n>{NUM})|(?P<few>(?i:several|few)))\s+(?:(?i:straight|consecutive|successive|fiscal)\s+)?(?i:quarters)\b(?!\s+of\b)",
    "the past last next coming previous first final following preceding",
)
def _quarters(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the past two quarters` (P6M), `the next three quarters` (P9M), `the past several quarters`
    (PXQ); not the fraction `three quarters of`."""
    if m["few"]:
        return Cand(m.start(), m.end(), "PXQ", "vague", True)
    n = number(m["n"])
    if n is None or n > 400 or m["n"].lower() in ("a", "an"):
        return None
    rel = m["rel"].lower()
    span = anchored_span(ctx, 3 * n, "month", rel) if rel in ("past", "last", "next", "coming") else ""
    return Cand(m.start(), m.end(), f"P{3 * n}M", "duration", rel in ("past", "last", "next", "coming"), span=span)


@rule(
    r"(?:(?i:the)\s+)?(?P<rel>(?i:past|last|next|coming|previous|following))\s+(?i:couple)\s+(?:(?i:of)\s+)?"
    r"(?P<u>(?i:years|months|weeks|days|hours|decades))\b",
    "the past last next coming previous following",
)
def _couple(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the next couple of years`: two of them (P2Y)."""
    u, rel = unit_of(m["u"]), m["rel"].lower()
    span = anchored_span(ctx, 2, u, rel) if rel in ("past", "last", "next", "coming") else ""
    return Cand(m.start(), m.end(), duration_value(2, u), "duration", True, span=span)


_CLOCK_WORD = {"noon": "T12:00", "midday": "T12:00", "midnight": "T24:00", "mid-afternoon": "TAF",
               "midafternoon": "TAF", "mid afternoon": "TAF", "mid-morning": "TMO", "midmorning": "TMO",
               "mid morning": "TMO"}
_CLOCK_PREP = frozenset("at by until till before after around about from since shortly just near past".split())
_DAY_WORD = r"(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))|(?P<dx>(?i:yesterday|today|tomorrow))"


@rule(
    r"(?P<w>(?i:noon|midday|midnight|mid-?afternoon|mid\s+afternoon|mid-?morning|mid\s+morning))\b(?![-‐])"
    rf"(?:\s+(?:(?i:on)\s+)?(?:{_DAY_WORD})\b)?",
    "noon midday midnight mid midafternoon midmorning mid-afternoon mid-morning",
)
def _clock_word(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`at noon Thursday`, `by midday`, `mid-afternoon yesterday`: that day at that time (the
    publication day when no day is named); `High Noon` is not a time."""
    has_day = bool(m["wd"] or m["dx"])
    if not has_day and ctx.word_before(m.start()) not in _CLOCK_PREP:
        return None
    if m.group()[:1].isupper() and not ctx.sentence_start(m.start()) and not has_day:
        return None
    d = ctx.dct
    if m["dx"]:
        d = d + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[m["dx"].lower()])
    elif m["wd"]:
        wd = WEEKDAYS[m["wd"].lower()]
        fwd = ctx.forward(m.start()) or ctx.future(m.start())
        d = weekday_after(d, wd) if fwd else weekday_before(d, wd)
    key = " ".join(m["w"].lower().split())
    return Cand(m.start(), m.end(), f"{d.isoformat()}{_CLOCK_WORD[key]}", "day", True)



@rule(
    rf"(?:(?i:between)\s+)?(?P<a>{NUM})\s*(?:[-–]|\s(?i:to|or|and)\s)\s*(?P<b>{NUM})\s+(?P<u>(?i:seconds|minutes|hours|days|weeks|months|years|decades))\b(?!\s+(?i:old)\b|-)",
    "between @num #digit",
)
def _duration_range(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`two to three weeks`, `10-12 days`, `between two and four years`: a duration, valued at
    its lower bound as TimeML does (P2W)."""
    a, b = number(m["a"]), number(m["b"])
    if a is None or b is None or not 0 < a < b <= 5000 or m["a"].lower() in ("a", "an"):
        return None
    return Cand(m.start(), m.end(), duration_value(a, unit_of(m["u"])), "duration", False)


_MODS = {"early": "START", "mid": "MID", "late": "END"}


@rule(
    r"(?:(?i:the)\s+)?(?P<mod>(?i:early|mid|late))[- ]?(?P<s>(?i:spring|summer|autumn|winter)|[Ff]all)\b(?![-‐])"
    r"(?:\s+(?:(?i:of)\s+)?(?P<y>(?:1[89]|20)\d\d)\b)?",
    "the early mid late midsummer midwinter",
)
def _season_part(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the early summer`, `late autumn 2019`, `midwinter`: the season with TimeML's MOD (the
    season under way or last begun, as `in the summer`)."""
    code = _SEASON_CODE[m["s"].lower()]
    mod = _MODS[m["mod"].lower()]
    if m["y"]:
        return Cand(m.start(), m.end(), f"{m['y']}-{code}", "span", False, mod=mod)
    if m.group()[:3].lower() != "the" and ctx.word_before(m.start()) not in _SEASON_WORDS:
        return None
    c = this_season(m, ctx, code)
    return Cand(c.start, c.end, c.value, c.precision, True, mod=mod)


_SEASON_WORDS = frozenset("in into during by until till since through throughout over before after of this".split())


_PARTS = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV"}


@rule(r"(?P<p>(?i:in|during))\s+(?i:the)\s+(?P<w>(?i:morning|afternoon|evening))\b(?![-‐])", "in during")
def _in_the_morning(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`placed orders in the morning` after `Friday`: that day's morning; dropped without a day
    to refer to (`I run in the morning`) and after a clock time (`at 4 in the morning`)."""
    if _HOUR_BEFORE.search(ctx.before(m.start(), 8)):
        return None
    start = m.start("p") + len(m["p"]) + 1
    return Cand(start, m.end(), f"@0:day::{_PARTS[m['w'].lower()]}", "anchor", True)


_HOUR_BEFORE = re.compile(r"\b\d{1,2}(?::\d\d)?\s*$")


@rule(r"(?<![\w:.])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s+(?i:in\s+the)\s+(?P<w>(?i:morning|afternoon|evening))\b", "#digit")
def _hour_in_the(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`at 4 in the morning`: 04:00 (16:00 for `in the afternoon`) on the publication day."""
    h = int(m["h"]) % 12 + (0 if m["w"].lower() == "morning" else 12)
    return Cand(m.start(), m.end(), f"{ctx.dct.isoformat()}T{h:02d}:{m['mi'] or '00'}", "day", True)


@rule(r"(?<![\w-])(?i:post|pre)-(?P<y>(?:1[89]|20)\d\d)\b(?![\w-]|[.,]\d)", "post pre")
def _post_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`post-1959 politics`, `pre-2008 levels`: the year named."""
    return Cand(m.start(), m.end(), m["y"], "year", False)


@rule(r"\bElection\s+Day\b", "election")
def _election_day(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`Election Day` (US): the Tuesday after the first Monday of November of the publication year."""
    first_monday = weekday_after(date(ctx.dct.year, 11, 1), 0)
    return Cand(m.start(), m.end(), (first_monday + timedelta(days=1)).isoformat(), "day", True)


@rule(
    r"(?i:the)\s+(?:(?i:early|intervening|following|ensuing)\s+)?"
    r"(?P<u>(?i:years|decades|months|weeks|centuries))\b(?![-‐’'])",
    "the",
)
def _over_the_years(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`over the years`, `in the weeks ahead`, `in the early years`: an unspecified stretch (PXY)."""
    if ctx.word_before(m.start()) not in ("over", "in", "for", "during", "through", "throughout"):
        return None
    if ctx.word_after(m.end()).lower() in ("of", "to", "and", "or", "before", "after", "since", "leading", "preceding", "following"):
        return None  # `the years of plenty`, `the years to 2030`, `the weeks before the vote` (a date)
    return Cand(m.start(), m.end(), duration_value(None, unit_of(m["u"])), "vague", False)


@rule(
    r"(?:(?i:the)\s+(?:(?i:near|short|immediate)\s+term|(?i:near|short|immediate)-term\s+future)"
    r"|(?i:a\s+later\s+date)|(?P<f>(?i:future|coming|upcoming))\s+(?i:quarters|years|months|weeks))\b(?![-‐])",
    "the a future coming upcoming",
)
def _near_term(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`in the near term`, `at a later date`, `in future quarters`: the future (FUTURE_REF)."""
    if not m["f"] and m.group()[:1].lower() == "a" and ctx.word_before(m.start()) not in ("at", "to", "until", "for"):
        return None
    return Cand(m.start(), m.end(), "FUTURE_REF", "vague", True)
