"""Rules for dates relative to publication: last year, on Friday, in March, so far this year."""

from __future__ import annotations

import re
from datetime import date, timedelta

from db.temporal.calendar import (
    MONTHS,
    SEASONS,
    WEEKDAYS,
    month_end,
    month_value,
    number,
    point_value,
    quarter_of,
    shift,
    week_value,
    weekday_after,
    weekday_before,
)
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import MONTH_FULL, NUM, PART_OF_DAY, WEEKDAY_FULL, YEAR
from db.temporal.rules_abs import YEAR_REF, mon, rule, year_ref

_REL_UNIT = r"(?i:week|month|year|quarter|decade|century|weekend)\b"


def rel_point(ctx: Ctx, rel: str, unit: str) -> str | None:
    """Value of `last|this|next <unit>` against the DCT."""
    d = ctx.dct
    step = -1 if rel in ("last", "previous", "past", "this past") else (
        1 if rel in ("next", "coming", "following", "this coming") else 0)
    if unit == "weekend":
        sat = weekday_before(d, 5) if d.weekday() >= 5 else weekday_after(d, 5)
        if step < 0:
            sat = weekday_before(d, 5, strict=True) if d.weekday() != 6 else sat - timedelta(7)
        elif step > 0:
            sat = weekday_after(d, 5, strict=True)
        return week_value(sat) + "-WE"
    if unit == "quarter":
        q = quarter_of(d) + step
        y = d.year + (q - 1) // 4
        return f"{y:04d}-Q{(q - 1) % 4 + 1}"
    return point_value(shift(d, unit, step), unit)


@rule(
    rf"(?P<rel>(?i:last|this|next|the\s+coming|the\s+previous|the\s+current|this\s+past|this\s+coming))"
    rf"\s+(?P<u>{_REL_UNIT})",
    "last this next the",
)
def _rel_unit(m: re.Match[str], ctx: Ctx) -> Cand | None:
    if m.group()[:1] == "T" and m["u"][:1].isupper() and not ctx.sentence_start(m.start()):
        return None  # a title: ABC's "This Week"
    rel = re.sub(r"^the\s+", "", " ".join(m["rel"].lower().split()))
    rel = "this" if rel == "current" else rel
    val = rel_point(ctx, rel, m["u"].lower())
    prec = {"month": "month", "year": "year"}.get(m["u"].lower(), "span")
    if val and rel == "this" and m["u"].lower() == "quarter" and _REPORTED.match(ctx.text, m.end()):
        d = ctx.dct - timedelta(days=45)
        if quarter_of(d) != quarter_of(ctx.dct):
            # `This quarter's loss includes ...` a month into the next quarter: results are only
            # out for the quarter just closed, the one being reported
            return Cand(m.start(), m.end(), f"{d.year:04d}-Q{quarter_of(d)}", "quarter-ref", True)
    return Cand(m.start(), m.end(), val, prec, True) if val else None


_REPORTED = re.compile(
    r"(?i)['’]s\s+(?:\w+\s+)?(?:results|earnings|profits?|loss(?:es)?|revenues?|sales|net|income|charges?)\b"
)


@rule(r"(?P<w>(?i:earlier|later))\s+(?P<rel>(?i:this|last|next))\s+(?P<u>(?i:week|month|year)\b)", "earlier later")
def _earlier_this(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u = m["u"].lower()
    val = rel_point(ctx, m["rel"].lower(), u)
    return Cand(m.start(), m.end(), val, {"week": "span"}.get(u, u), True) if val else None


@rule(
    r"(?i:so\s+far\s+this\s+(?P<u>year|month|week)\b|this\s+(?P<v>year|month|week)\s+so\s+far"
    r"|(?:the\s+)?(?P<w>year)[- ]to[- ]date)",
    "so this the year",
)
def _so_far(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u, d = (m["u"] or m["v"] or m["w"]).lower(), ctx.dct
    first = {"year": date(d.year, 1, 1), "month": d.replace(day=1),
             "week": d - timedelta(days=d.weekday())}[u]
    # TimeML values the period (`2024`); the expression covers its start up to publication
    return Cand(m.start(), m.end(), point_value(d, u), {"week": "span"}.get(u, u), True,
                span=f"{first.isoformat()}/{d.isoformat()}")


_PERIOD = (
    rf"(?:(?P<y>{YEAR})|(?P<m>{MONTH_FULL})(?:,?\s+(?P<my>{YEAR}))?"
    rf"|(?P<rel>(?i:this|last|next|the))\s+(?P<u>(?i:year|month|week|decade|century)\b))"
)


def period_value(m: re.Match[str], ctx: Ctx) -> tuple[str, str, bool] | None:
    """Value, precision, relative of the `_PERIOD` group in a match."""
    if m["y"]:
        return m["y"], "year", False
    if m["m"]:
        mo = mon(m["m"])
        y = int(m["my"]) if m["my"] else ctx.month_year(mo, m.start())
        return month_value(y, mo), "month", not m["my"]
    u, rel = m["u"].lower(), m["rel"].lower()
    val = rel_point(ctx, "this" if rel == "the" else rel, u)
    return (val, {"month": "month", "year": "year"}.get(u, "span"), True) if val else None


@rule(rf"(?P<mod>(?i:early|mid|late))(?:-|\s+|(?=\d)){_PERIOD}", "early mid late")
def _early_late(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`mid-2022`, `early June`: TimeML's value with its MOD (the interval is that third)."""
    pv = period_value(m, ctx)
    mod = {"early": "START", "mid": "MID", "late": "END"}[m["mod"].lower()]
    return Cand(m.start(), m.end(), *pv, mod=mod) if pv else None


@rule(
    rf"(?:(?i:the)\s+)?(?i:beginning|start|end|middle|close|turn)\s+(?i:of)\s+{_PERIOD}",
    "the beginning start end middle close turn",
)
def _edge_of(m: re.Match[str], ctx: Ctx) -> Cand | None:
    pv = period_value(m, ctx)
    if pv and re.search(r"(?i)\bturn\b", m.group()) and pv[0].isdigit() and len(pv[0]) in (2, 3):
        # the turn of the century / decade: the year where one ends and the next begins
        return Cand(m.start(), m.end(), f"{int(pv[0]) * (100 if len(pv[0]) == 2 else 10):04d}", "year", pv[2])
    edge = re.search(r"(?i)beginning|start|end|middle|close", m.group())
    mod = {"beginning": "START", "start": "START", "middle": "MID"}.get(edge.group().lower(), "END") if edge else ""
    return Cand(m.start(), m.end(), *pv, mod=mod) if pv else None


@rule(r"(?<![\w-])(?i:year(?P<h>-)end|year\s+end|year's\s+end|year’s\s+end)\b(?![-‐])", "year")
def _year_end(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`by year-end`: 31 December of this year (of last year after `since`); `by year's end`:
    the end of the year."""
    y = ctx.dct.year - (ctx.word_before(m.start()) == "since")
    if m["h"]:
        return Cand(m.start(), m.end(), f"{y:04d}-12-31", "day", True)
    return Cand(m.start(), m.end(), f"{y:04d}", "year", True, mod="END")


@rule(
    rf"(?:(?i:the)\s+)?(?P<o>(?i:first|last|final|opening|closing))\s+(?:(?P<n>{NUM})\s+)?"
    rf"(?P<u>(?i:months?|weeks?|days?))\s+(?i:of)\s+(?:(?P<p>{YEAR_REF})|(?P<m>{MONTH_FULL})(?:,?\s+(?P<my>{YEAR}))?)",
    "the first last final opening closing",
)
def _first_n(m: re.Match[str], ctx: Ctx) -> Cand | None:
    n = number(m["n"]) if m["n"] else 1
    u = m["u"].lower().rstrip("s")
    first = m["o"].lower() in ("first", "opening")
    if m["p"]:
        y, rel = year_ref(m["p"], ctx)
        lo, hi = date(y, 1, 1), date(y, 12, 31)
    else:
        mo = mon(m["m"])
        y = int(m["my"]) if m["my"] else ctx.month_year(mo, m.start())
        rel = not m["my"]
        lo, hi = date(y, mo, 1), month_end(y, mo)
    if not n or n < 1:
        return None
    if u == "month":
        if m["m"] or n > 12:
            return None
        a, b = (1, n) if first else (13 - n, 12)
        val = f"{month_value(y, a)}/{month_value(y, b)}"
    else:
        days = n * (7 if u == "week" else 1)
        if days > (hi - lo).days + 1:
            return None
        a_d, b_d = (lo, lo + timedelta(days - 1)) if first else (hi - timedelta(days - 1), hi)
        val = f"{a_d.isoformat()}/{b_d.isoformat()}"
    return Cand(m.start(), m.end(), val, "span", rel)


@rule(
    rf"(?:(?P<rel>(?i:this|last|next|the\s+coming|the\s+past|this\s+past))\s+)?(?:(?i:the)\s+)?"
    rf"(?P<s>(?i:spring|summer|autumn|winter)|[Ff]all)(?:\s+(?:(?i:of)\s+)?(?P<y>{YEAR}))?",
    "this last next the spring summer autumn winter fall",
)
def _season(m: re.Match[str], ctx: Ctx) -> Cand | None:
    code = SEASONS[m["s"].lower()]
    if m["y"]:
        return Cand(m.start(), m.end(), f"{m['y']}-{code}", "span", False)
    bare_the = not m["rel"] and m.group()[:4].lower() == "the "
    if bare_the and ctx.word_before(m.start()) in _SEASON_PREP and not ctx.after(m.end(), 4).lower().startswith(" of"):
        return _this_season(m, ctx, code)
    if not m["rel"] or "the " in m.group().lower().replace("the coming", "").replace("the past", ""):
        return None
    rel, d = m["rel"].lower(), ctx.dct
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    y = d.year if date(d.year, first, 1) <= d or rel == "this" else d.year - 1
    if rel == "this" and code == "WI" and d.month <= 2:
        y -= 1
    elif "last" in rel or "past" in rel:
        last = date(y, 12, 1) + timedelta(90) if code == "WI" else month_end(y, first + 2)
        y = y - 1 if last >= d else y
    elif "next" in rel or "coming" in rel:
        y += 1
    return Cand(m.start(), m.end(), f"{y:04d}-{code}", "span", True)


_SEASON_PREP = frozenset("in into during by until till since through throughout over before after".split())


def _this_season(m: re.Match[str], ctx: Ctx, code: str) -> Cand:
    """`in the autumn`: the season under way or most recently begun; the next one in a future clause."""
    d = ctx.dct
    first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
    start = date(d.year, first, 1) if code != "WI" or d.month == 12 else date(d.year - 1, 12, 1)
    if start > d:
        start = start.replace(year=start.year - 1)
    end = start + timedelta(days=91)
    nxt = start.replace(year=start.year + 1)
    # the future one in a future clause, or when it is nearer than the one long over
    if end < d and (ctx.future(m.start()) or (nxt - d).days < (d - end).days):
        start = nxt
    return Cand(m.start(), m.end(), f"{start.year:04d}-{code}", "span", True)


@rule(r"(?P<t>[Tt]he)\s+new\s+year\b(?![’']s|\s+(?:[Ee]ve|[Dd]ay))", "the")
def _new_year(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`in the new year`: next year late in the year, this year early in it."""
    y = ctx.dct.year + (ctx.dct.month >= 10)
    return Cand(m.start(), m.end(), f"{y:04d}", "year", True)


_GENERIC_AFTER = frozenset(
    "youth world society generation generations children kids young teenagers parents families consumers "
    "economy culture standards technology".split()
)


def _generic_deictic(m: re.Match[str], ctx: Ctx, w: str) -> bool:
    """`today's youth`, `in today's world`, `the cars of tomorrow`, `USA Today`: the present or
    future in general, or a name, not a day."""
    if w not in ("today", "tomorrow"):
        return False
    poss = _POSS_NOUN.match(ctx.text, m.end())
    if w == "today" and poss and poss[1].lower() in _GENERIC_AFTER:
        return True
    if w == "tomorrow" and not m["p"] and ctx.word_before(m.start()) == "of":
        return True
    raw = ctx.raw_word_before(m.start())
    return m.group()[:1].isupper() and raw[:1].isupper() and not ctx.sentence_start(m.start())


_POSS_NOUN = re.compile(r"['’]s\s+(\w+)")


@rule(
    r"(?P<w>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)))"
    r"(?:\s+(?P<p>(?i:morning|afternoon|evening|night))\b)?(?!\w)",
    "the today yesterday tomorrow tonight last this",
)
def _deictic(m: re.Match[str], ctx: Ctx) -> Cand | None:
    w = " ".join(m["w"].lower().split())
    if _generic_deictic(m, ctx, w):
        return None
    off = {"the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1,
           "tomorrow": 1, "last night": -1}.get(w, 0)
    part = m["p"] or (w.split()[-1] if w.startswith(("this", "last")) else None)
    if w == "tonight":
        part = "night"
    val = (ctx.dct + timedelta(days=off)).isoformat()
    if part:
        val += PART_OF_DAY[part.lower()]
    return Cand(m.start(), m.end(), val, "day", True)


@rule(
    rf"(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this|coming|past))\s+)?(?P<wd>{WEEKDAY_FULL})"
    rf"(?:\s+(?P<p>(?i:morning|afternoon|evening|night))\b)?(?![’']s\s+[A-Z])",
    "last next this coming past @weekday",
)
def _weekday(m: re.Match[str], ctx: Ctx) -> Cand | None:
    wd, d, rel = WEEKDAYS[m["wd"].lower()], ctx.dct, (m["rel"] or "").lower()
    nxt = ctx.word_after(m.end())
    if not rel and nxt[:1].isupper() and nxt.lower() not in MONTHS and ctx.word_before(m.start()) in ("the", "good"):
        return None  # a name: `the Tuesday Club`, `the Good Friday Agreement`
    if rel in ("last", "this past", "past"):
        day = weekday_before(d, wd, strict=True)
    elif rel in ("next", "this coming", "coming"):
        day = weekday_after(d, wd, strict=True)
    elif rel == "this":
        day = d + timedelta(days=wd - d.weekday())
    elif _AHEAD_OF.search(ctx.before(m.start(), 20)):
        day = weekday_after(d, wd)  # `ahead of Sunday's vote`, `the upcoming Sunday`
    elif _POSSESSIVE.match(ctx.text, m.end()):
        day = weekday_before(d, wd)  # `get around Wednesday's ruling`: something already done
    elif not m["p"] and _DECLARED.search(ctx.text, max(0, m.start() - 30), m.start()) and _DAY_OFF.match(ctx.text, m.end()):
        day = weekday_after(d, wd)  # `declared Tuesday a national holiday`: a day set aside ahead
    else:
        pos = m.start()
        if clock := _CLOCK_BEFORE.search(ctx.text, max(0, pos - 25), pos):
            pos = clock.start()  # `until 9 a.m. Tuesday` looks forward like `until Tuesday`
        ahead = ctx.forward(pos) or ctx.future(pos) or bool(_SCHEDULED.search(ctx.text, max(0, pos - 50), pos))
        day = weekday_after(d, wd) if ahead else weekday_before(d, wd)
    val = day.isoformat() + (PART_OF_DAY[m["p"].lower()] if m["p"] else "")
    return Cand(m.start(), m.end(), val, "day", True)


# a day set aside by decree: `declared Tuesday a national holiday`, `named Friday a day of mourning`
_DECLARED = re.compile(r"(?i)\b(?:declared?|declares|declaring|named?|names|proclaim(?:ed|s)?|designated?|designates)\s+$")
_DAY_OFF = re.compile(r"(?i)\s+(?:as\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,2}(?:holiday|day|day\s+of\s+\w+)\b")
_CLOCK_BEFORE = re.compile(r"(?:\b\d{1,2}(?::\d\d)?\s*(?:[ap]\.m\.|[ap]m\b)|\b(?:noon|midnight))(?:\s+[A-Z]{3})?,?\s+(?:on\s+)?$")
# a weekday owning something already done: `Wednesday's ruling`, `Tuesday's sharp drop` (not
# `Sunday's election`, which may be ahead)
_POSSESSIVE = re.compile(r"['’]s\s+(?:\w+\s+){0,2}?(?:ruling|decision|announcement|attacks?|bombings?|explosions?|blasts?|"
                         r"crash|shooting|killings?|remarks|comments|statement|speech|report|purchases|sale|"
                         r"close|closing|losses|gains|decline|drop|plunge|sell-?off|verdict|raid|arrests?)\b", re.IGNORECASE)
# the present tense of a scheduled event before the weekday: `Arafat and Netanyahu meet separately
# Monday`, `talks resume on Tuesday` (news use it for what is planned; the past would be `met`)
_SCHEDULED = re.compile(
    r"\b(?!(?:the|a|an|this|that|its|their|his|her|our|to|will|would|may|might|could|should|can|did|didn)\b)(?i:[a-z]+)\s+"
    r"(?:(?:meet|begin|start|open|resume|visit|travel|leave|arrive|hold|vote|convene|return|head|face|gather)s?|fl(?:y|ies))"
    r"(?:\s+(?:again|separately|together|jointly|here|there|briefly|privately|formally))?"
    r"(?:\s+(?:with|in|at)\s+(?:[A-Z][\w.]*\s+){1,3})?\s+(?:on\s+|next\s+)?$"
)
_AHEAD_OF = re.compile(r"(?i)\b(?:ahead\s+of|upcoming)\s+$")


_AS_SOON_AS = re.compile(r"(?i)\bas\s+(?:soon|early|late)\s+as\s+$")
_MONTH_CTX = frozenset(
    "in on since during until till through throughout by from to before after early mid late "
    "of last next this the between and or around".split()
)


_DETERMINERS = frozenset("a an its their his her our your".split())
_PREPS = frozenset("for of on to against in into at by from with through across around".split())


def _determined(ctx: Ctx, prev: str, end: int) -> bool:
    """True for a month used as a modifier after a determiner: `a June agreement`, `its March
    report` (not `a March for peace`, `a March on Washington`, nor a name: `a June Carter song`)."""
    nxt = ctx.word_after(end)
    return prev in _DETERMINERS and nxt[:1].islower() and nxt not in _PREPS


_MARCH_NAMED = re.compile(r"\s+(?:of|for|on|against)\s+(?:the\s+)?[A-Z]")


@rule(rf"(?:(?P<rel>(?i:last|next|this\s+past|this\s+coming|this))\s+)?(?P<m>{MONTH_FULL})(?!\s*\d|-)", "last next this @month")
def _bare_month(m: re.Match[str], ctx: Ctx) -> Cand | None:
    mo, rel, d = mon(m["m"]), (m["rel"] or "").lower(), ctx.dct
    if not rel:
        prev = ctx.word_before(m.start())
        name = m["m"].lower()
        if prev not in _MONTH_CTX and not _AS_SOON_AS.search(ctx.before(m.start(), 20)) and not _determined(ctx, prev, m.end()):
            if name in ("may", "march", "april", "june", "august"):
                return None
            if ctx.word_after(m.end())[:1].isupper():
                return None
        if name in ("may", "march") and prev in ("and", "or", "to"):
            return None
        if name == "march" and prev in _DETERMINERS | {"the", "annual"} and _MARCH_NAMED.match(ctx.text, m.end()):
            return None  # a march with a name: `the March of the Mothers`, `the annual March for Life`
        y = ctx.month_year(mo, m.start())
    elif "next" in rel or "coming" in rel:
        y = d.year if mo > d.month else d.year + 1
    elif rel == "this":
        y = d.year
    else:
        y = d.year if mo < d.month else d.year - 1
    return Cand(m.start(), m.end(), month_value(y, mo), "month", True)


@rule(r"(?P<t>[Tt]he)\s+quarter\b(?![-‐]|\s+(?:of|century|final|mile|point|[A-Z]))", "the")
def _the_quarter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`for the quarter`: the quarter last named (resolved later), else the one being reported."""
    if ctx.raw_word_before(m.start())[:1].isupper() and not ctx.sentence_start(m.start()):
        return None
    d = ctx.dct - timedelta(days=45)
    return Cand(m.start(), m.end(), f"{d.year:04d}-Q{quarter_of(d)}", "quarter-ref", True)


@rule(r"(?P<t>[Tt]he)\s+(?P<u>year|month|week|decade|weekend)\b(?!-\w|\s+(?:of(?!\s+[$£€\d])|before|after|earlier|later|ago|in\s+which|when|that|\d))", "the")
def _the_unit(m: re.Match[str], ctx: Ctx) -> Cand | None:
    u = m["u"]
    if u == "weekend":
        rel = "next" if ctx.future(m.start()) and ctx.dct.weekday() < 5 else "this"
        rel = "last" if rel == "this" and ctx.dct.weekday() < 5 else rel
        return Cand(m.start(), m.end(), rel_point(ctx, rel, "weekend") or "", "span", True)
    val = point_value(ctx.dct, u)
    return Cand(m.start(), m.end(), val, {"year": "year", "month": "month"}.get(u, "span"), True)
