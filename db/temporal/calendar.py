"""Calendar arithmetic and TimeML value helpers shared by the parser and the extractor."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "1st": 1, "2nd": 2,
    "3rd": 3, "4th": 4, "final": -1, "last": -1,
}


def number(word: str) -> int | None:
    """Integer for a digit string or an English number word (`six`, `twenty-five`, `a`)."""
    w = word.lower().strip()
    if w.isdigit():
        return int(w)
    if w in ("a", "an", "one", "a single", "single"):
        return 1
    if w in _SMALL:
        return _SMALL.index(w)
    if w in ("a hundred", "hundred", "one hundred"):
        return 100
    if w in ("a dozen", "dozen"):
        return 12
    if w in ("a couple of", "couple of", "a couple"):
        return 2
    parts = re.split(r"[- ]", w)
    if parts and parts[0] in _TENS:
        tail = _SMALL.index(parts[1]) if len(parts) == 2 and parts[1] in _SMALL[1:10] else 0
        return _TENS[parts[0]] + tail if len(parts) <= 2 else None
    return None


@lru_cache(maxsize=4096)
def month_end(year: int, month: int) -> date:
    """Last day of a month."""
    return date(year, month, 1) + relativedelta(months=1, days=-1)


def interval_precision(a: date, b: date) -> str:
    """day, month or year when the interval a..b (inclusive) is exactly one; else span."""
    if a == b:
        return "day"
    if a.day == 1 and b == month_end(a.year, a.month):
        return "month"
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
        return "year"
    return "span"


def week_value(d: date) -> str:
    """ISO week value (`2024-W25`) of the week containing d."""
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def month_value(y: int, m: int) -> str:
    """`YYYY-MM`."""
    return f"{y:04d}-{m:02d}"


def quarter_of(d: date) -> int:
    """Quarter number 1..4 of a date."""
    return (d.month - 1) // 3 + 1


def weekday_before(dct: date, wd: int, strict: bool = False) -> date:
    """Most recent weekday wd at or before dct (strictly before when strict)."""
    back = (dct.weekday() - wd) % 7
    if strict and back == 0:
        back = 7
    return dct - timedelta(days=back)


def weekday_after(dct: date, wd: int, strict: bool = False) -> date:
    """Next weekday wd at or after dct (strictly after when strict)."""
    ahead = (wd - dct.weekday()) % 7
    if strict and ahead == 0:
        ahead = 7
    return dct + timedelta(days=ahead)


def shift(d: date, unit: str, n: int) -> date:
    """d moved by n units (day, week, month, year, decade, century)."""
    kw = {"day": ("days", 1), "week": ("weeks", 1), "month": ("months", 1), "year": ("years", 1),
          "decade": ("years", 10), "century": ("years", 100)}[unit]
    return d + relativedelta(**{kw[0]: n * kw[1]})


def point_value(d: date, unit: str) -> str:
    """Value of the unit-sized period containing d: day, week, month, year, decade, century."""
    if unit == "day":
        return d.isoformat()
    if unit == "week":
        return week_value(d)
    if unit == "month":
        return month_value(d.year, d.month)
    if unit == "year":
        return f"{d.year:04d}"
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    if unit == "quarter":
        return f"{d.year:04d}-Q{quarter_of(d)}"
    raise ValueError(unit)


def third(iv: tuple[date, date], part: int) -> tuple[date, date]:
    """Early/mid/late third of a year (Jan–Apr, May–Aug, Sep–Dec), of a month (1–10, 11–20,
    21–end), of a decade (0–3, 4–6, 7–9) or of any other interval (by days)."""
    a, b = iv
    if a.month == 1 and a.day == 1 and b.month == 12 and b.day == 31 and a.year == b.year:
        return date(a.year, 4 * part + 1, 1), month_end(a.year, 4 * part + 4)
    if a.day == 1 and b == month_end(a.year, a.month):
        lo = date(a.year, a.month, 10 * part + 1)
        return lo, (b if part == 2 else date(a.year, a.month, 10 * part + 10))
    if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and b.year - a.year == 9 and a.year % 10 == 0:
        lo_y, hi_y = ((0, 3), (4, 6), (7, 9))[part]
        return date(a.year + lo_y, 1, 1), date(a.year + hi_y, 12, 31)
    days = (b - a).days + 1
    if days < 3:
        return iv
    cut1, cut2 = a + timedelta(days=days // 3), a + timedelta(days=2 * days // 3)
    return ((a, cut1 - timedelta(days=1)), (cut1, cut2 - timedelta(days=1)), (cut2, b))[part]


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11)}
_POINT_RES = (
    (re.compile(r"(\d{4})"), "year"),
    (re.compile(r"(\d{4})-(\d{2})"), "month"),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), "day"),
    (re.compile(r"(\d{4})-W(\d{2})(-WE)?"), "week"),
    (re.compile(r"(\d{4})-(Q[1-4]|H[12]|SP|SU|FA|WI)"), "part"),
    (re.compile(r"(\d{3})"), "decade"),
    (re.compile(r"(\d{2})"), "century"),
)


_TIME_PART = re.compile(r"T[0-9:.A-Z]*$")


def _point_interval(v: str) -> tuple[date, date] | None:
    """Calendar interval of one point value, or None."""
    for rx, kind in _POINT_RES:
        m = rx.fullmatch(v)
        if not m:
            continue
        g = [int(x) if x.isdigit() else x for x in m.groups() if x]
        if kind == "year":
            return date(g[0], 1, 1), date(g[0], 12, 31)
        if kind == "month":
            return date(g[0], g[1], 1), month_end(g[0], g[1])
        if kind == "day":
            d = date(g[0], g[1], g[2])
            return d, d
        if kind == "week":
            mon = date.fromisocalendar(g[0], g[1], 1)
            if len(g) == 3:
                return mon + timedelta(days=5), mon + timedelta(days=6)
            return mon, mon + timedelta(days=6)
        if kind == "decade":
            return date(max(1, g[0] * 10), 1, 1), date(g[0] * 10 + 9, 12, 31)
        if kind == "century":
            return date(max(1, g[0] * 100), 1, 1), date(g[0] * 100 + 99, 12, 31)
        y, p = g[0], g[1]
        if p == "WI":
            return date(y, 12, 1), month_end(y + 1, 2)
        if p in _SEASON_MONTHS:
            a, b = _SEASON_MONTHS[p]
        elif p[0] == "Q":
            a = 3 * int(p[1]) - 2
            b = a + 2
        else:
            a = 1 if p == "H1" else 7
            b = a + 5
        return date(y, a, 1), month_end(y, b)
    return None


def value_interval(value: str) -> tuple[date, date] | None:
    """Inclusive calendar interval of a TimeML-like value; None for durations, vague, bad."""
    return _cached_interval(value) if type(value) is str else _interval(value)


@lru_cache(maxsize=8192)
def _cached_interval(value: str) -> tuple[date, date] | None:
    """value_interval, remembered (values repeat: every `2024-06` of a desk)."""
    return _interval(value)


def _interval(value: str) -> tuple[date, date] | None:
    """value_interval's work."""
    v = _TIME_PART.sub("", value.strip())
    try:
        if "/" in v:
            a, _, b = v.partition("/")
            ia, ib = _point_interval(a), _point_interval(b)
            if ia and ib and ia[0] <= ib[1]:
                return ia[0], ib[1]
            return None
        return _point_interval(v)
    except (ValueError, OverflowError):
        return None


def precision_of(value: str) -> str:
    """day | month | year | span | duration | vague, from a value."""
    v = re.sub(r"T[0-9:.A-Z]*$", "", value)
    if value.endswith("_REF") or "X" in value:
        return "vague"
    if value.startswith("P"):
        return "duration"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return "day"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return "month"
    if re.fullmatch(r"\d{4}", v):
        return "year"
    return "span" if value_interval(value) else "vague"
