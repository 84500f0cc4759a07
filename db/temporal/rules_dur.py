"""Rules for durations, `N years ago`, vague references (now, recently), sets (daily), times."""

from __future__ import annotations

import re
from datetime import date, timedelta

from db.temporal.calendar import number, point_value, shift, weekday_after
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import MOD, NUM, UNIT, UNIT_PL, VAGUE_Q, duration_value, unit_of
from db.temporal.rules_abs import rule

_CAL = ("day", "week", "month", "year", "decade", "century")


@rule(rf"{MOD}(?P<n>{NUM}|{VAGUE_Q})\s+(?P<u>{UNIT})\s+(?:(?i:or\s+so)\s+)?(?P<dir>(?i:ago|earlier|back|from\s+now|hence))\b", "@mod @num #digit few several many the")
def _ago(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n, u = number(m["n"]), unit_of(m["u"])
    future = m["dir"].lower() in ("from now", "hence")
    if n is None:
        return Cand(m.start(), m.end(), "FUTURE_REF" if future else "PAST_REF", "vague", True)
    if n > 5000:
        return None
    if u not in _CAL:
        return Cand(m.start(), m.end(), ctx.dct.isoformat(), "day", True)
    try:
        d = shift(ctx.dct, u, n if future else -n)
    except (ValueError, OverflowError):
        return None
    val = point_value(d, u)
    prec = {"day": "day", "month": "month", "year": "year"}.get(u, "span")
    if m["dir"].lower() == "earlier":
        # narrative: `two days earlier` counts back from the date last mentioned (the DCT if none);
        # in results, `up from $3m a year earlier` is the reported quarter a year before
        return Cand(m.start(), m.end(), f"@{-n}:{u}:q|{val}|{prec}", "anchor", True)
    if u == "year" and not future:
        return Cand(m.start(), m.end(), f"@{-n}:{u}:qd|{val}|{prec}", "anchor", True)
    return Cand(m.start(), m.end(), val, prec, True)


@rule(rf"{MOD}(?P<n>{NUM})\s+(?P<u>{UNIT})\s+(?P<dir>(?i:later|afterwards?|after\s+that))\b", "@mod @num #digit")
def _later(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n, u = number(m["n"]), unit_of(m["u"])
    if n is None or n > 5000 or u not in _CAL:
        return None
    return Cand(m.start(), m.end(), f"@{n}:{u}:c", "anchor", False)


@rule(r"(?<![\w-])(?P<u>(?i:days|weeks|months|years|decades))\s+(?i:ago)\b", "days weeks months years decades")
def _units_ago(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return Cand(m.start(), m.end(), "PAST_REF", "vague", True)


@rule(r"(?<![\w-])(?i:year-(?:earlier|ago))\b", "year")
def _year_ago(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`year-earlier profit`: the reported quarter a year before, else last year."""
    return Cand(m.start(), m.end(), f"@-1:year:Qd|{ctx.dct.year - 1:04d}|year", "anchor", True)


@rule(
    r"(?:(?i:the)\s+)?(?:(?i:comparable|same|corresponding|prior)\s+)?(?i:year-(?:ago|earlier)|prior-year|"
    r"year-before)\s+(?:(?P<o>(?i:first|second|third|fourth))[- ])?(?P<u>(?i:quarter|period|three\s+months))\b"
    r"|(?:(?i:the)\s+)?(?i:same|corresponding|comparable)\s+(?i:quarter|period)\s+(?:(?i:a|last|of\s+last|the\s+previous)\s+)?(?i:year)"
    r"(?:\s+(?i:ago|earlier|before))?\b|(?i:last\s+year['’]s)\s+(?:(?i:same\s+|comparable\s+))?(?i:quarter|period)\b"
    r"|(?i:the)\s+(?i:quarter|period)\s+(?i:a\s+year)\s+(?i:ago|earlier)\b",
    "the comparable same corresponding prior year last",
)
def _year_ago_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the year-ago quarter`, `the same period last year`: the reported quarter a year before."""
    if m["o"]:
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m["o"].lower()]
        y = ctx.dct.year - (date(ctx.dct.year, 3 * q - 2, 1) > ctx.dct) - 1
        return Cand(m.start(), m.end(), f"{y:04d}-Q{q}", "span", True)
    return Cand(m.start(), m.end(), f"@-1:year:Qd|{ctx.dct.year - 1:04d}|year", "anchor", True)


@rule(r"(?:(?i:the)\s+)?(?i:latest|most\s+recent|just-ended|just\s+ended|recent)\s+(?i:quarter|period|three\s+months)\b(?!-)", "the latest most just recent")
def _latest_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the latest quarter`: the quarter being reported (the last begun by the DCT if none named)."""
    d = ctx.dct - timedelta(days=45)
    return Cand(m.start(), m.end(), f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}", "quarter-ref", True)


@rule(r"(?:(?i:the)\s+)(?P<y>(?:19|20)\d\d)\s+(?i:period|quarter)\b", "the")
def _year_period(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the 1988 period`: the quarter being reported, in that year (else the year)."""
    return Cand(m.start(), m.end(), f"@0:year:QYd|{m['y']}|year", "anchor", False)


_DUR_CUE = frozenset(
    "for within over after lasting in spanning nearly almost about than take takes took taken taking "
    "last lasts lasted spend spent wait waited".split()
)
_OFFSET = frozenset("before after later earlier".split())
# a stretch of time given or measured: `as long as a month`, `delayed by a week`, `followed by one day`
_GIVEN_TIME = re.compile(r"(?i)\b(?:as\s+long\s+as|(?:delayed|postponed|extended|followed|put\s+off|pushed\s+back)\s+by)\s+$")
_SUPERLATIVE = re.compile(r"(?i)\b(?:first|only|\w+est|most|least|best|worst)\b[^.;]*$")
_OPEN_QUOTE = re.compile(r"(?:^|\s)(?:\"|''|``|“|‘|')$")
_NOT_A_STRETCH = re.compile(
    r"\s+(?:(?i:a|an|per|each)\s+(?i:day|week|month|year)\b|(?i:of)\s+(?:\w+\s+)?(?i:pay|salary|salaries|wages|rent|"
    r"income|severance|earnings|benefits|compensation|revenue|sales|output|production|supplies|imports|exports)\b)"
)
# `gave him a week to withdraw`: time allowed for something
_TIME_TO = re.compile(r"\s+to\s+(?!(?:the|a|an|his|her|its|their|date|come)\b)[a-z]+\b")


@rule(
    rf"(?:(?i:the)\s+)?(?:(?P<rel>(?i:past|last|next|previous|coming|first|final|following|preceding))\s+)?"
    rf"{MOD}(?P<n>{NUM})\s+(?:(?i:more|additional|extra|further)\s+)?(?P<u>{UNIT})(?!\s+(?i:old)\b|-)",
    "the past last next previous coming first final following preceding @mod @num #digit",
)
def _duration(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n, u = number(m["n"]), unit_of(m["u"])
    if n is None or n > 5000:
        return None
    if m["rel"] and m["rel"].lower() == "last" and m.start() == m.start("rel"):
        return None
    bare = m.start() == m.start("n")
    if bare and m["n"].lower() == "one" and u == "day" and ctx.word_before(m.start()) not in _DUR_CUE \
            and not _GIVEN_TIME.search(ctx.text, max(0, m.start() - 40), m.start()):
        return None
    nxt = ctx.word_after(m.end()).lower()
    if m["n"].lower() in ("a", "an") and bare and ctx.word_before(m.start()) not in _DUR_CUE and nxt not in _OFFSET \
            and not _GIVEN_TIME.search(ctx.text, max(0, m.start() - 40), m.start()) and not _TIME_TO.match(ctx.text, m.end()):
        return None
    if u == "second" and m["u"].lower() == "second" and nxt[:1].isalpha() and nxt not in _OFFSET | {"ago"}:
        return None  # `a second attack`, `over a second phase`: the ordinal
    if m["u"][:1].isupper() and _OPEN_QUOTE.search(ctx.text, max(0, m.start() - 3), m.start()):
        return None  # a quoted title: CBS's "60 Minutes"
    if not m["rel"] and _NOT_A_STRETCH.match(ctx.text, m.end()):
        return None  # a rate (`24 hours a day`) or an amount (`six months of base pay`), no stretch of time
    if bare and u in _CAL and ctx.word_before(m.start()) == "in" and ctx.future(m.start() - 3, ahead_ok=False) \
            and not _NOT_A_STRETCH.match(ctx.text, m.end()) and not _SUPERLATIVE.search(ctx.before(m.start(), 50)):
        # `the stock would be redeemed in five years`: TimeML's date that far ahead (not `will be
        # the first rise in five years`, a stretch back)
        d = shift(ctx.dct, u, n)
        grain = {"decade": "year", "century": "year"}.get(u, u)
        return Cand(m.start(), m.end(), point_value(d, grain), {"day": "day", "month": "month", "year": "year"}.get(
            grain, "span"), True)
    rel = bool(m["rel"]) and m["rel"].lower() in ("past", "last", "next", "coming")
    span = anchored_span(ctx, n, u, m["rel"].lower()) if rel else ""
    return Cand(m.start(), m.end(), duration_value(n, u), "duration", rel, span=span)


@rule(r"(?i:the)\s+(?P<rel>(?i:past|last|next|coming|previous))\s+(?P<u>(?i:year|month|week|decade|century|hour)\b)(?!\s+(?i:or|and)\b|-)", "the")
def _the_past_unit(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u, rel = unit_of(m["u"]), m["rel"].lower()
    span = anchored_span(ctx, 1, u, rel) if rel != "previous" else ""
    return Cand(m.start(), m.end(), duration_value(1, u), "duration", True, span=span)


def anchored_span(ctx: Ctx, n: int, unit: str, rel: str) -> str:
    """The calendar span of `the past N units` (ending at the DCT) or `the next N units`
    (starting at it): `the past decade` in a 2024 article is 2014/2024."""
    if unit not in _CAL or n > 1000:
        return ""
    step = n if rel in ("next", "coming") else -n
    try:
        other = shift(ctx.dct, unit, step)
    except (ValueError, OverflowError):
        return ""
    grain = {"decade": "year", "century": "year", "week": "day"}.get(unit, unit)
    a, b = sorted((other, ctx.dct))
    return f"{point_value(a, grain)}/{point_value(b, grain)}"


@rule(r"(?<![\w-])(?P<n>\d{1,3}|[A-Za-z]+(?:-[a-z]+)?)-(?P<u>(?i:second|minute|hour|day|week|month|year|decade|century))(?:-(?i:long))?\b(?!-(?i:old)|\s+(?i:old)\b)", "@num #digit multi many several")
def _adj_duration(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n = number(m["n"])
    if n is None:
        if m["n"].lower() in ("multi", "many", "several"):
            return Cand(m.start(), m.end(), duration_value(None, unit_of(m["u"])), "vague", False)
        return None
    if n > 5000 or m["n"].lower() in ("a", "an"):
        return None
    return Cand(m.start(), m.end(), duration_value(n, unit_of(m["u"])), "duration", False)


@rule(r"(?<![\w-])(?P<u>(?i:year|month|week|decade|day)s?)-long\b", "year years month months week weeks decade decades day days")
def _long(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u = m["u"].lower()
    n = None if u.endswith("s") else 1
    return Cand(m.start(), m.end(), duration_value(n, unit_of(u)), "vague" if n is None else "duration", False)


@rule(
    rf"(?:(?i:the)\s+)?(?:(?P<rel>(?i:past|last|next|coming|previous|recent))\s+)?(?P<q>{VAGUE_Q})\s+(?P<u>{UNIT_PL})",
    "the past last next coming previous recent a few several many",
)
def _vague_n(m: re.Match[str], ctx: Ctx) -> Cand | None:
    rel = (m["rel"] or "").lower()
    if not rel and ctx.word_before(m.start()) not in _DUR_CUE | {"the", "past", "last", "least"} and (
        ctx.word_after(m.end()).lower() not in _OFFSET  # `a few days later`
    ):
        return None
    return Cand(m.start(), m.end(), duration_value(None, unit_of(m["u"])), "vague", bool(rel))


@rule(r"(?:(?i:the\s+coming|the\s+next|coming|upcoming)\s+)(?P<u>(?i:days|weeks|months|years)\b)", "the coming upcoming")
def _coming(m: re.Match[str], ctx: Ctx) -> Cand | None:
    return Cand(m.start(), m.end(), "FUTURE_REF", "vague", True)


@rule(r"(?<![\w-])(?i:recent|past)\s+(?P<u>(?i:years|months|weeks|days|decades|times))\b", "recent past")
def _recent(m: re.Match[str], ctx: Ctx) -> Cand | None:
    if m.group().lower().startswith("past") and ctx.word_before(m.start()) not in ("in", "over", "the"):
        return None
    return Cand(m.start(), m.end(), "PAST_REF", "vague", True)


_BARE_CUE = frozenset("for in over within take takes took taken taking lasted spent".split())


@rule(r"(?<![\w-])(?P<u>(?i:years|decades|months|weeks|days|centuries))\b(?![-’'])(?!\s+(?:of|to|before|after|later|earlier|ago|and|or|\d))", "years decades months weeks days centuries")
def _for_years(m: re.Match[str], ctx: Ctx) -> Cand | None:
    if ctx.word_before(m.start()) not in _BARE_CUE or m.start() < 1 or ctx.text[m.start() - 1] != " ":
        return None
    return Cand(m.start(), m.end(), duration_value(None, unit_of(m["u"])), "vague", False)


_VAGUE = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
          "these days": "PRESENT_REF", "at present": "PRESENT_REF", "presently": "PRESENT_REF",
          "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF",
          "the present": "PRESENT_REF"}


@rule(r"(?<![\w-])(?P<w>(?i:now|currently|nowadays|these\s+days|at\s+present|recently|lately))\b(?![-’']\w)", "now currently nowadays these at recently lately")
def _vague_adv(m: re.Match[str], ctx: Ctx) -> Cand | None:
    if m["w"] == "Now" and ctx.after(m.end(), 1) == "," and ctx.sentence_start(m.start()):
        return None  # `Now, he says, ...`: a discourse marker, not the present
    return Cand(m.start(), m.end(), _VAGUE[" ".join(m["w"].lower().split())], "vague", True)


@rule(
    r"(?<=\b[iI]n\s)(?P<w>the\s+(?:(?:near|distant|foreseeable|immediate)\s+)?future|the\s+past)\b(?![-‐’']|\s+(?:\d|(?i:few|several|"
    r"many|couple|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|year|month|week|day|decade|"
    r"century|quarter|hour|tense|participle|perfect)\b|\s+\w+[- ](?:years?|months?|weeks?|days?)\b))",
    "the",
)
def _the_future(m: re.Match[str], ctx: Ctx) -> Cand | None:
    val = "PAST_REF" if m["w"].endswith("past") else "FUTURE_REF"
    return Cand(m.start(), m.end(), val, "vague", True)


_SETS = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y",
         "hourly": "PT1H", "nightly": "P1D", "biannually": "P6M", "quarterly": "P3M"}


@rule(r"(?<![\w])(?P<w>(?i:daily|weekly|monthly|yearly|annually|hourly|nightly|biannually))\b", "daily weekly monthly yearly annually hourly nightly biannually")
def _set_adv(m: re.Match[str], ctx: Ctx) -> Cand | None:
    w = m["w"]
    if w[0].isupper() and not ctx.sentence_start(m.start()) and ctx.word_after(m.end())[:1].isupper():
        return None
    if w[0].isupper() and ctx.word_before(m.start()) == "the":
        return None
    if w.lower() in _PAPERS and not ctx.sentence_start(m.start()) and _TITLE_AFTER.match(ctx.text, m.end()):
        return None  # a newspaper: `the Communist Party daily Granma`, `the weekly Der Spiegel`
    if _RATE_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start()):
        return None  # a rate, not a time: `rise 8.5% annually`, `save $2 million yearly`, `average daily volume`
    return Cand(m.start(), m.end(), _SETS[w.lower()], "vague", False)


# a growth rate or sum of money just before (`8.5%`, `$17.9 million`) or `average`: the word gives a
# rate (a count of things stays a set: `treats 1,200 patients daily`)
_RATE_BEFORE = re.compile(
    r"(?:\d\s*%|\d\s*(?i:percent|per\s+cent|points?)|[$£€]\s?\d[\d,.]*(?:\s*(?i:million|billion|thousand|trillion))?"
    r"|\d\s*(?i:million|billion|trillion)\s+(?i:dollars|euros|pounds|yen|yuan|francs|marks|rubles)|\b(?i:average))\s+$"
)


_PAPERS = frozenset("daily weekly".split())
# a title after the adjective, not a day or month (`daily Monday to Friday`)
_TITLE_AFTER = re.compile(
    r"\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|"
    r"July|August|September|October|November|December|I)\b)[A-Z][a-z]"
)


@rule(r"(?P<q>(?i:every|each))\s+(?P<u>(?i:day|week|month|year|quarter|morning|evening|night|weekend)\b)", "every each")
def _set_every(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u = m["u"].lower()
    val = {"morning": "P1D", "evening": "P1D", "night": "P1D", "weekend": "P1W", "quarter": "P1Q"}.get(u)
    return Cand(m.start(), m.end(), val or duration_value(1, u), "vague", False)


_FIXED = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25),
          "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31),
          "valentine's day": (2, 14)}


@rule(r"\b(?P<h>Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Eve|Day)|Halloween|Valentine['’]s\s+Day|Thanksgiving(?:\s+Day)?)\b", "christmas new halloween valentine thanksgiving")
def _holiday(m: re.Match[str], ctx: Ctx) -> Cand | None:
    key = " ".join(m["h"].lower().replace("’", "'").split())
    d, fut = ctx.dct, ctx.future(m.start())
    for y in ((d.year, d.year + 1) if fut else (d.year, d.year - 1)):
        if key.startswith("thanksgiving"):
            day = weekday_after(date(y, 11, 1), 3) + timedelta(days=21)
        else:
            day = date(y, *_FIXED[key])
        if (day >= d) if fut else (day <= d):
            return Cand(m.start(), m.end(), day.isoformat(), "day", True)
    return None


@rule(r"(?<![\w:.])(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)", "#digit")
def _clock(m: re.Match[str], ctx: Ctx) -> Cand | None:
    h = int(m["h"]) % 12 + (12 if m["ap"][0] in "pP" else 0)
    val = f"{ctx.dct.isoformat()}T{h:02d}:{m['mi'] or '00'}"
    return Cand(m.start(), m.end(), val, "day", True)


_OVERNIGHT_NEXT = frozenset(
    "on in at to and but with as after before from into near across while when amid following local "
    "into until the".split()
)


@rule(r"(?<![\w-])(?i:overnight)\b(?![-’'])", "overnight")
def _overnight(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """Adverbial `overnight` (the night before a news report), not `an overnight stay`."""
    nxt = ctx.after(m.end(), 2)
    word = ctx.word_after(m.end()).lower()
    if ctx.word_before(m.start()) in ("an", "the", "a") or not (
        not nxt.strip() and not word or nxt[:1] in ",.;:)!?\"'”’—–-" or word in _OVERNIGHT_NEXT
    ):
        return None
    return Cand(m.start(), m.end(), ctx.dct.isoformat(), "day", True)


def _hijri_to_date(y: int, mo: int, d: int) -> date:
    """Gregorian date of a day of the tabular Islamic calendar (within a day or two of sighting)."""
    jd = (11 * y + 3) // 30 + 354 * y + 30 * mo - (mo - 1) // 2 + d + 1948440 - 385
    return date.fromordinal(jd - 1721425)


_ISLAMIC = {"ramadan": (9, 1, 30), "ramazan": (9, 1, 30), "eid al-fitr": (10, 1, 1), "eid ul-fitr": (10, 1, 1),
            "eid-ul-fitr": (10, 1, 1), "eid al-adha": (12, 10, 1), "eid ul-adha": (12, 10, 1),
            "eid-ul-adha": (12, 10, 1), "ashura": (1, 10, 1), "muharram": (1, 1, 30)}


@rule(
    r"\b(?P<h>Rama[dz]an|Eid(?:[- ](?:al|ul)[- ]|\s+)(?:Fitr|Adha)|Ashura|Muharram)\b(?:\s+(?P<y>(?:19|20)\d\d)\b)?",
    "ramadan ramazan eid ashura muharram",
)
def _islamic(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """Islamic holidays and months: the one at or before the DCT (next one in a future clause)."""
    raw = ctx.raw_word_before(m.start())
    if raw[:1].isupper() and raw.lower() != "holy" and not ctx.sentence_start(m.start() - len(raw) - 1):
        return None  # a surname: `Tariq Ramadan`
    key = re.sub(r"\s+", " ", m["h"].lower())
    key = re.sub(r"^eid[- ]?(al|ul)?[- ]?", lambda k: f"eid {k[1] or 'al'}-", key).replace("eid ul-", "eid al-")
    if key not in _ISLAMIC:
        return None
    mo, d, n = _ISLAMIC[key]
    ref = date(int(m["y"]), 7, 1) if m["y"] else ctx.dct
    hy = (ref.toordinal() - date(622, 7, 16).toordinal()) * 30 // 10631 + 1
    spans = [(_hijri_to_date(y, mo, d), _hijri_to_date(y, mo, d) + timedelta(days=n - 1)) for y in (hy - 1, hy, hy + 1)]
    if m["y"]:
        a, b = min(spans, key=lambda ab: abs(ab[0].year - ref.year) * 400 + abs((ab[0] - ref).days))
        if a.year != ref.year:
            return None
    elif ctx.future(m.start()):
        a, b = next(ab for ab in spans if ab[1] >= ctx.dct)
    else:
        a, b = [ab for ab in spans if ab[0] <= ctx.dct][-1]
    val = a.isoformat() if n == 1 else f"{a.isoformat()}/{b.isoformat()}"
    return Cand(m.start(), m.end(), val, "day" if n == 1 else "span", not m["y"])
