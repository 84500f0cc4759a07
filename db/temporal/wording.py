"""Resolved date expressions in words an analyst reads: `every day`, `for 48 hours`, `in the past`,
`the week of 17 June 2024`, `the 3rd quarter of 2024`, `2009–2017`; grouping of identical ones."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from db.models import MONTHS, PartialDate
from db.temporal.calendar import interval_precision, value_interval
from db.temporal.extract import TemporalExpression
from db.wording import count

_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter", "DE": "decade",
          "CE": "century", "E": "decade", "C": "century"}
_TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}
_REF = {"PAST_REF": "in the past", "PRESENT_REF": "the present", "FUTURE_REF": "the future"}
_PART_OF_DAY = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night"}
_SEASON = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}
_MOD = {"START": "early", "MID": "mid", "END": "late"}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_DURATION = re.compile(r"P(?:(?P<n>\d+|X)(?P<u>DE|CE|[YMWDQEC]))?(?:T(?P<tn>\d+|X)(?P<tu>[HMS]))?")


def _plural(n: str, unit: str) -> str:
    """`48 hours`, `1 day`, `several years`."""
    if n == "X":
        return f"several {'centuries' if unit == 'century' else unit + 's'}"
    return count(int(n), unit) if unit != "century" or n == "1" else f"{int(n):,} centuries"


def duration_words(value: str) -> str | None:
    """`48 hours` for PT48H, `10 years` for P10Y, `several years` for PXY; None if not one."""
    m = _DURATION.fullmatch(value)
    if m is None or not (m["n"] or m["tn"]):
        return _compound_words(value)
    if m["n"] and m["tn"]:
        return f"{_plural(m['n'], _UNITS[m['u']])} {_plural(m['tn'], _TIME_UNITS[m['tu']])}"
    if m["n"]:
        return _plural(m["n"], _UNITS[m["u"]])
    return _plural(m["tn"], _TIME_UNITS[m["tu"]])


_COMPOUND = re.compile(r"P((?:\d+[YMWD])*)(?:T((?:\d+[HMS])+))?")


def _compound_words(value: str) -> str | None:
    """`2 years 6 months` for P2Y6M, `1 hour 30 minutes` for PT1H30M; None if not one."""
    m = _COMPOUND.fullmatch(value)
    if m is None or not (m[1] or m[2]):
        return None
    parts = [_plural(n, _UNITS[u]) for n, u in re.findall(r"(\d+)([YMWD])", m[1] or "")]
    parts += [_plural(n, _TIME_UNITS[u]) for n, u in re.findall(r"(\d+)([HMS])", m[2] or "")]
    return " ".join(parts)


def _set_words(value: str) -> str | None:
    """`every day` for the set P1D, `every 2 weeks` for P2W."""
    m = _DURATION.fullmatch(value)
    if m is None or not (m["n"] or m["tn"]) or "X" in value:
        return None
    n, unit = (m["n"], _UNITS[m["u"]]) if m["n"] else (m["tn"], _TIME_UNITS[m["tu"]])
    return f"every {unit}" if n == "1" else f"every {_plural(n, unit)}"


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def point_words(value: str) -> str | None:
    """Words for one calendar value: `22 June 2024`, `the week of 17 June 2024`, `the 3rd quarter
    of 2024`, `summer 2024`, `the 1990s`, `the 20th century`; None if not a calendar value."""
    v = value.strip()
    time = ""
    if m := re.fullmatch(r"(.+?)T(\d\d:\d\d)(?::\d\d)?", v):
        v, time = m[1], ", midnight" if m[2] == "24:00" else f", {m[2]}"
    elif m := re.fullmatch(r"(.+?)T(MO|AF|EV|NI)", v):
        v, time = m[1], f" ({_PART_OF_DAY[m[2]]})"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", v):
        iv = value_interval(v)
        if iv is None:
            return None
        if m[3]:
            return f"the weekend of {iv[0].day}–{_day(iv[1])}" if iv[0].month == iv[1].month else (
                f"the weekend of {_day(iv[0])} – {_day(iv[1])}")
        return f"the week of {_day(iv[0])}"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
        return f"the {_ORDINAL[int(m[2])]} quarter of {int(m[1])}"
    if m := re.fullmatch(r"(\d{4})-H([12])", v):
        return f"the {'first' if m[2] == '1' else 'second'} half of {int(m[1])}"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", v):
        return f"{_SEASON[m[2]]} {int(m[1])}" if m[2] != "WI" else f"winter {int(m[1])}–{int(m[1]) + 1}"
    if re.fullmatch(r"\d{3}", v):
        return f"the {int(v) * 10}s"
    if re.fullmatch(r"\d{2}", v):
        n = int(v) + 1
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix} century"
    iv = value_interval(v)
    if iv is None:
        return None
    return _interval_words(iv) + time


def _interval_words(iv: tuple[date, date]) -> str:
    """A calendar interval at its natural precision (`March–June 2024`, `2009–2017`)."""
    a, b = iv
    return PartialDate(a, b, interval_precision(a, b)).label()  # type: ignore[arg-type]


def words(x: TemporalExpression) -> str:
    """What the analyst reads for one resolved expression (never a machine code)."""
    v = x.value
    if v in _REF:
        return _REF[v]
    if x.precision == "vague":
        if v.startswith("P"):
            if "X" in v:
                d = duration_words(v)
                return f"for {d}" if d else "for some time"
            return _set_words(v) or "repeatedly"
        if m := re.fullmatch(r"XXXX-WXX-([1-7])(?:T(MO|AF|EV|NI))?", v):
            part = f" {_PART_OF_DAY[m[2]]}" if m[2] else ""
            return f"every {_WEEKDAYS[int(m[1]) - 1]}{part}"
        if (m := re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", v)) and 1 <= int(m[1]) <= 12:
            month = MONTHS[int(m[1]) - 1]
            return f"every {int(m[2])} {month}" if m[2] else f"every {month}"
        if "X" in v:
            return "a date not given in full"
    if x.precision == "duration":
        d = duration_words(v) or "some time"
        if x.interval:
            return f"for {d} ({_interval_words(x.interval)})"
        return f"for {d}"
    base = point_words(v)
    if base is None:
        return _interval_words(x.interval) if x.interval else x.text
    if x.mod in _MOD:
        return _modified(x.text, x.mod, base)
    if x.interval and x.interval != value_interval(v):
        # `since March`: March 2024 up to publication
        a = value_interval(v)
        if a and x.interval[0] == a[0] and x.interval[1] > a[1]:
            return f"since {base} (to {_day(x.interval[1])})"
        return _interval_words(x.interval)
    return base


def _modified(text: str, mod: str, base: str) -> str:
    """`mid-2022`, `early June 2024`, `the late 1980s`, `the end of June 2024`."""
    if re.search(r"(?i)\b(?:end|close)\b", text):
        return f"the end of {base}"
    if re.search(r"(?i)\b(?:beginning|start)\b", text):
        return f"the start of {base}"
    word = _MOD[mod]
    if base.startswith("the "):
        return f"the {word} {base[4:]}"
    return f"mid-{base}" if word == "mid" else f"{word} {base}"


def is_duration(x: TemporalExpression) -> bool:
    """True for a length of time (`for 48 hours`, `three years`), not a date."""
    return x.precision == "duration" or (x.precision == "vague" and x.value.startswith("P"))


def offered_as_event(x: TemporalExpression) -> bool:
    """True when the expression can date an event: a calendar date or span, or a duration
    anchored to one (`the past decade`); not a bare duration, a set or `in the past`."""
    return x.interval is not None


def event_date(x: TemporalExpression) -> PartialDate | None:
    """The date an event takes from the expression (its interval at its natural precision)."""
    if x.interval is None:
        return None
    a, b = x.interval
    return PartialDate(a, b, interval_precision(a, b), x.text)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Group:
    """Expressions that read the same: `2024 — 8 mentions`, stepped through in text order."""

    words: str
    items: tuple[TemporalExpression, ...]

    @property
    def label(self) -> str:
        """`2024` for one mention, `2024 — 8 mentions` for several."""
        n = len(self.items)
        return self.words if n == 1 else f"{self.words} — {count(n, 'mention')}"


def group(exprs: list[TemporalExpression]) -> list[Group]:
    """Group expressions by their words, in order of first mention."""
    order: dict[str, list[TemporalExpression]] = {}
    for x in exprs:
        order.setdefault(words(x), []).append(x)
    return [Group(w, tuple(items)) for w, items in order.items()]
