"""Rules for the later days of a day list (`on April 24 and 25`: TimeML tags each day), the
movable feasts of Easter, the age of a truce or a ban (`the 8-month-old truce`) and sets of
named days (`every Thursday`, `each July`); `the previous Friday` counted from the day last named."""

from __future__ import annotations

import re
from datetime import date, timedelta

from db.temporal.anchors import WEEKDAY_SPEC
from db.temporal.calendar import month_end, number, week_value, weekday_after, weekday_before
from db.temporal.context import Cand, Ctx
from db.temporal.lexicon import (
    COUNT_NOUNS,
    DAY,
    MONTH,
    MONTH_FULL,
    NUM,
    WEEKDAY_FULL,
    YEAR,
    duration_value,
)
from db.temporal.rules_abs import mon, num, rule

# words after `March 5 and 6` that make the 6 a count (`6 people`, `6 percent`), not a day
_NOT_DAY_AFTER = COUNT_NOUNS | frozenset("others more of percent per points other".split())


@rule(
    rf"(?<![\w,.])(?P<m>{MONTH})\s+(?P<d>{DAY})\s+(?:and|&)\s+(?P<f>{DAY})(?:,?\s+(?P<y>{YEAR}))?(?![\w:.,]\d|\s*%)",
    "@month",
)
def _second_day(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`April 24 and 25`: the second day, in the first one's month (the first is its own rule's)."""
    mo, d, f = mon(m["m"]), num(m["d"]), num(m["f"])
    if m["y"] is None and ctx.word_after(m.end("f")).lower() in _NOT_DAY_AFTER:
        return None
    y = int(m["y"]) if m["y"] else ctx.day_year(mo, d, m.start())
    if y is None or not d < f <= month_end(y, mo).day:
        return None
    return Cand(m.start("f"), m.end("f"), date(y, mo, f).isoformat(), "day", not m["y"])


def easter(y: int) -> date:
    """Western Easter Sunday of year y (the anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 2 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


_FEAST_OFFSET = {"good friday": -2, "easter": 0, "easter sunday": 0, "easter day": 0, "easter monday": 1}


@rule(r"\b(?P<h>Good\s+Friday|Easter(?:\s+(?:Sunday|Day|Monday|[Ww]eek))?|Holy\s+Week)\b(?![-‐’']|\s+[A-Z])", "good easter holy")
def _easter(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`Easter`, `Good Friday`, `Easter Monday`; `Holy Week` and `Easter week` are the week that
    ends on Easter Sunday. The Easter within two months of publication, else by tense. Not in a
    name: `Easter Island`, `the Good Friday Agreement`."""
    key = " ".join(m["h"].lower().split())
    d = ctx.dct
    sunday = easter(d.year)
    if abs((sunday - d).days) > 60:
        if ctx.future(m.start()):
            sunday = sunday if sunday >= d else easter(d.year + 1)
        else:
            sunday = sunday if sunday <= d else easter(d.year - 1)
    if key in ("holy week", "easter week"):
        return Cand(m.start(), m.end(), week_value(sunday), "span", True)
    return Cand(m.start(), m.end(), (sunday + timedelta(days=_FEAST_OFFSET[key])).isoformat(), "day", True)


# things whose age is a stretch of time the story is about (a person's age is not)
_AGED_THINGS = frozenset(
    "truce ceasefire cease-fire war conflict dispute strike embargo ban blockade siege occupation "
    "insurgency uprising rebellion crisis standoff stand-off moratorium boycott campaign government "
    "coalition regime agreement accord deal treaty alliance policy program programme law slump "
    "recession boom drought famine feud rivalry investigation probe inquiry trial case lawsuit "
    "shutdown lockout protest protests occupation curfew".split()
)


@rule(rf"(?<![\w-])(?P<n>{NUM})[- ](?P<u>(?i:day|week|month|year|decade))(?P<s>s?)-old\b", "@num #digit")
def _age_of_thing(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`the 8-month-old truce`, `a two-year-old ban`: how long it has lasted (not `a 6-year-old boy`)."""
    n = number(m["n"])
    after = _WORDS_AFTER.match(ctx.text, m.end())
    if n is None or after is None or not _AGED_THINGS.intersection(after.group().lower().split()):
        return None
    start = m.start()
    if m["s"] and m["n"].lower() in ("a", "an"):
        n, start = None, m.start("u")  # `a years-old slump`: some years (the `a` is the slump's)
    return Cand(start, m.end(), duration_value(n, m["u"].lower()), "duration", False)


_WORDS_AFTER = re.compile(r"(?:\s+[A-Za-z-]+){1,3}")  # the noun and up to two words before it


_WEEKDAY_NO = {w: i for i, w in enumerate("monday tuesday wednesday thursday friday saturday sunday".split(), 1)}


@rule(
    rf"(?P<q>(?i:every|each))\s+(?:(?P<wd>{WEEKDAY_FULL})|(?P<m>{MONTH_FULL})(?:\s+(?P<d>{DAY}))?)(?!\s*\d|['’]s)",
    "every each",
)
def _set_named(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`every Thursday`, `each July`, `each July 1`: TimeML's sets XXXX-WXX-4, XXXX-07,
    XXXX-07-01 (no one date)."""
    if m["wd"]:
        return Cand(m.start(), m.end(), f"XXXX-WXX-{_WEEKDAY_NO[m['wd'].lower()]}", "vague", False)
    mo = mon(m["m"])
    if m["d"]:
        d = num(m["d"])
        return Cand(m.start(), m.end(), f"XXXX-{mo:02d}-{d:02d}", "vague", False) if d <= month_end(2024, mo).day else None
    return Cand(m.start(), m.end(), f"XXXX-{mo:02d}", "vague", False)


@rule(
    rf"(?i:the)\s+(?P<rel>(?i:previous|preceding|following|next|subsequent))\s+(?P<wd>{WEEKDAY_FULL})(?![’']s\s+[A-Z])",
    "the",
)
def _relative_weekday(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`down from the previous Friday`, `the following Monday`: the weekday before or after the
    day last mentioned (resolved later; without one, counted from publication)."""
    wd = _WEEKDAY_NO[m["wd"].lower()] - 1
    back = m["rel"].lower() in ("previous", "preceding")
    d = weekday_before(ctx.dct, wd, strict=True) if back else weekday_after(ctx.dct, wd, strict=True)
    return Cand(m.start(), m.end(), f"{WEEKDAY_SPEC}{'-' if back else '+'}{wd}|{d.isoformat()}|day", "anchor", True)


_ORDINALS = (
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|twentieth|thirtieth|\d{1,3}(?:st|nd|rd|th)"
)


@rule(
    rf"(?i:today|it|this)(?:\s+(?i:is)|['’]s)\s+(?P<x>(?i:the)\s+(?:(?i:{_ORDINALS}))(?:\s+(?i:straight|consecutive))?\s+(?i:day))\s+(?i:of|in|since)\b",
    "today it this",
)
def _nth_day_today(m: re.Match[str], ctx: Ctx) -> Cand | None:
    """`Today is the eighth day of the operation`, `It's the second day of an offensive`: the
    publication day, named by its place in a run of days."""
    return Cand(m.start("x"), m.end("x"), ctx.dct.isoformat(), "day", True)
