"""Parse what an analyst types in a date field into a PartialDate (python-dateutil underneath)."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from dateutil import parser as du_parser

from db.errors import DateError
from db.models import PartialDate
from db.temporal.calendar import (
    MONTHS,
    WEEKDAYS,
    interval_precision,
    month_end,
    precision_of,
    third,
    value_interval,
)

EXAMPLES = "2024-06-22, 22 June 2024, June 2024, 2024, March–June 2024, 2009–2017, Q1 2024, early 2024"
_DASHES = re.compile(r"[‐‑‒–—―−]")
_LEAD = re.compile(r"^(?:(?P<est>c\.|ca\.|circa|around|about|approx\.?|approximately|~|≈)\s*|(?:in|on|during|since)\s+)", re.I)
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WD = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_Y = r"(?P<y>\d{3,4})"
_POINTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"{_Y}"), "y"),
    (re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})"), "ym"),
    (re.compile(r"(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})"), "dmy"),
    (re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"), "ymd"),
    (re.compile(rf"(?P<mn>{_MONTH}),?\s+(?:of\s+)?{_Y}", re.I), "ym"),
    (re.compile(rf"(?P<wd>{_WD})?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH}),?\s+{_Y}", re.I), "ymd"),
    (re.compile(rf"(?P<wd>{_WD})?(?P<mn>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}", re.I), "ymd"),
]
_PART = re.compile(
    r"(?:the\s+)?(?:(?P<q>q[1-4])|(?P<h>h[12])|(?P<o>first|second|third|fourth|1st|2nd|3rd|4th)\s+"
    r"(?P<u>quarter|half))(?:\s+of)?[\s,-]*(?P<y>\d{4})|(?P<y2>\d{4})[\s-]*(?P<q2>q[1-4]|h[12])", re.I)
_EARLY = re.compile(r"(?:the\s+)?(?P<w>early|mid|late|start of|beginning of|middle of|end of)[\s-]*(?P<rest>.+)", re.I)
_SEASON = re.compile(r"(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<y>\d{4})", re.I)
# ISO 8601 date-times as pages and feeds write them: the calendar day as written (offsets are not applied)
_ISO_DATETIME = re.compile(r"(?P<d>\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?", re.I)
_DECADE = re.compile(r"(?:the\s+)?(?P<d>\d{3})0['’]?s", re.I)
_RANGE = re.compile(r"\s*(?:–|\s-\s|/|\bto\b|\bthrough\b|\bthru\b|\buntil\b|\btill\b|\band\b)\s*", re.I)
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_EDGE = {"early": 0, "start of": 0, "beginning of": 0, "mid": 1, "middle of": 1, "late": 2, "end of": 2}


def _fail(text: str, reason: str) -> DateError:
    """A DateError saying what was wrong and what works."""
    shown = text if len(text) <= 40 else text[:37] + "…"
    return DateError(f"Can't read “{shown}” as a date: {reason}. Try e.g. {EXAMPLES}.")


def _year(s: str, text: str) -> int:
    """A year 1..9999."""
    y = int(s)
    if not 1 <= y <= 9999:
        raise _fail(text, f"the year {s} is outside 1–9999")
    return y


def _mk(text: str, y: int, m: int | None = None, d: int | None = None) -> tuple[date, date]:
    """Interval of a year, month or day, with a clear error for impossible values."""
    if m is not None and not 1 <= m <= 12:
        raise _fail(text, f"there is no month {m}")
    if m is None:
        return date(y, 1, 1), date(y, 12, 31)
    if d is None:
        return date(y, m, 1), month_end(y, m)
    if not 1 <= d <= month_end(y, m).day:
        raise _fail(text, f"{date(y, m, 1).strftime('%B')} {y} has no day {d}")
    return date(y, m, d), date(y, m, d)


def _point(s: str, text: str) -> tuple[date, date] | None:
    """Interval of one typed point or named part of a year, or None if not recognised."""
    s = s.strip().strip(",.").strip()
    if re.fullmatch(r"\d{5,}", s):
        raise _fail(text, f"the year {s} is outside 1–9999")
    for rx, kind in _POINTS:
        m = rx.fullmatch(s)
        if m:
            y = _year(m["y"], text)
            mo = MONTHS[re.sub(r"[^a-z]", "", m["mn"].lower())] if "mn" in m.groupdict() else int(m["m"]) if kind != "y" else None
            d = int(m["d"]) if kind in ("ymd", "dmy") else None
            if kind == "dmy" and mo is not None and d is not None and mo > 12 >= d:
                mo, d = d, mo
            iv = _mk(text, y, mo, d)
            wd = m.groupdict().get("wd")
            if wd and _weekday_of(wd) not in (None, iv[0].weekday()):
                raise _fail(text, f"{iv[0].isoformat()} was a {iv[0].strftime('%A')}")
            return iv
    if m := _PART.fullmatch(s):
        y = _year(m["y"] or m["y2"], text)
        code = (m["q"] or m["h"] or m["q2"] or "").upper() or (
            ("Q" if m["u"].lower() == "quarter" else "H") + str(_ORD[m["o"].lower()]))
        if code[0] == "H" and code[1] not in "12":
            raise _fail(text, "a year has only two halves")
        return value_interval(f"{y:04d}-{code}")
    if m := re.fullmatch(r"(?P<y>\d{4})-?W(?P<w>\d{1,2})", s, re.I):
        iv = value_interval(f"{_year(m['y'], text):04d}-W{int(m['w']):02d}")
        if not iv:
            raise _fail(text, f"{m['y']} has no week {m['w']}")
        return iv
    if m := _SEASON.fullmatch(s):
        return value_interval(f"{_year(m['y'], text):04d}-{ {'spring': 'SP', 'summer': 'SU', 'autumn': 'FA', 'fall': 'FA', 'winter': 'WI'}[m['s'].lower()]}")
    if m := _DECADE.fullmatch(s):
        return value_interval(m["d"]) if int(m["d"]) > 0 else None
    if m := _EARLY.fullmatch(s):
        inner = _point(m["rest"], text)
        return third(inner, _EDGE[" ".join(m["w"].lower().split())]) if inner else None
    return None


def _weekday_of(s: str) -> int | None:
    """Weekday number of a (possibly abbreviated) weekday name."""
    key = re.sub(r"[^a-z]", "", s.lower())[:3]
    return next((v for k, v in WEEKDAYS.items() if k.startswith(key)), None)


def _dateutil(s: str, text: str) -> tuple[date, date] | None:
    """Fallback for numeric or unusual layouts (22/06/2024, 22-Jun-2024) via python-dateutil."""
    if not re.search(r"\d{4}", s) or re.search(r"[^\w\s/.,:+-]", s):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            a = du_parser.parse(s, default=datetime(1, 1, 1), dayfirst=True)
            b = du_parser.parse(s, default=datetime(2, 2, 2), dayfirst=True)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.tzinfo is not None or a.time() != datetime.min.time() or b.time() != datetime.min.time():
        # a date-time (`Nov 19, 2019, 07:47 PM EST`): its calendar day, when the day is fully written
        return _mk(text, a.year, a.month, a.day) if (a.year, a.month, a.day) == (b.year, b.month, b.day) else None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return _mk(text, a.year)
    return _mk(text, a.year, a.month, None if a.day != b.day else a.day)


def _range(s: str, text: str, today: date) -> tuple[date, date] | None:
    """Interval of `A–B`, `A to B`, `between A and B`, `from A to B`, `A/B`."""
    s = re.sub(r"^(?:between|from)\s+", "", s, flags=re.I)
    if m := re.fullmatch(r"(\d{4})\s*-\s*(\d{4}|\d{2})", s):
        if len(m[2]) == 2 and int(m[2]) <= 12 and not m[0][4:5].isspace():
            return None
        s = f"{m[1]}–{m[2] if len(m[2]) == 4 else m[1][:2] + m[2]}"
    for sep in _RANGE.finditer(s):
        left, right = s[: sep.start()], s[sep.end() :]
        if not left.strip() or not right.strip():
            continue
        b = _point(right, text) or _dateutil(right, text)
        if b is None and re.fullmatch(r"\d{1,2},?\s+\d{4}", right.strip()):
            mn = re.match(rf"{_MONTH}", left.strip(), re.I)
            b = _point(f"{mn.group()} {right}", text) if mn else None
        if b is None:
            continue
        a = _point(left, text) or _dateutil(left, text)
        if a is None and re.fullmatch(rf"{_MONTH}", left.strip(), re.I):
            a = _point(f"{left} {b[1].year}", text)
            if a and a[0] > b[1]:
                a = _point(f"{left} {b[1].year - 1}", text)
        if a is None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", left.strip()):
            a = _mk(text, b[0].year, b[0].month, int(re.match(r"\d+", left.strip()).group()))
        if a is None and re.fullmatch(rf"{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?", left.strip(), re.I):
            a = _point(f"{left}, {b[1].year}", text)
        if a is None:
            continue
        if b[1] < a[0]:
            raise _fail(text, f"the end ({b[1].isoformat()}) is before the start ({a[0].isoformat()})")
        return a[0], b[1]
    return None


def _relative(s: str, today: date) -> tuple[tuple[date, date], str] | None:
    """Interval of a relative expression (`last year`, `yesterday`) covering all of s."""
    from db.temporal.extract import extract

    for pre in ("", "in "):
        found = extract(pre + s, PartialDate(today, today, "day"))
        if len(found) == 1 and found[0].interval and (found[0].start, found[0].end) == (len(pre), len(pre + s)):
            return found[0].interval, found[0].precision
    return None


def _partial(iv: tuple[date, date], text: str, estimate: bool) -> PartialDate:
    """A PartialDate whose precision is day, month or year when the interval is exactly one."""
    a, b = iv
    return PartialDate(a, b, interval_precision(a, b), text, estimate)  # type: ignore[arg-type]


def _parse(text: str, today: date) -> PartialDate:
    """parse_date without the catch-all."""
    if not isinstance(text, str):
        raise _fail(str(text), "expected text")
    s = " ".join(_DASHES.sub("–", text).split())
    if not s:
        raise _fail(text, "the date is empty")
    if len(s) > 80:
        raise _fail(text, "that is too long for a date")
    estimate = False
    if m := _LEAD.match(s):
        estimate = bool(m["est"])
        s = s[m.end() :].strip()
    if "/" in s and re.fullmatch(r"[\d\-W/QH]+", s):
        iv = value_interval(s) if s.count("/") == 1 else None
        if iv is None and s.count("/") == 1 and all(value_interval(p) for p in s.split("/")):
            raise _fail(text, "the end is before the start")
        if iv:
            return _partial(iv, text, estimate)
    if m := _ISO_DATETIME.fullmatch(s):
        y, mo, d = (int(x) for x in m["d"].split("-"))
        return _partial(_mk(text, _year(str(y), text), mo, d), text, estimate)
    iv = _range(s, text, today) if re.fullmatch(r"\d{4}\s*-\s*\d{2}", s) else None
    iv = iv or _point(s, text) or _range(s, text, today) or _dateutil(s, text)
    if iv is None and (rel := _relative(s, today)):
        iv = rel[0]
    if iv is None:
        raise _fail(text, "that is not a date I recognise")
    return _partial(iv, text, estimate)


def parse_date(text: str, today: date | None = None) -> PartialDate:
    """Parse a typed date (`2024-06-22`, `June 2024`, `2009–2017`, `Q1 2024`); DateError if bad."""
    try:
        return _parse(text, today or date.today())
    except DateError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract is: DateError and nothing else
        raise _fail(str(text)[:40], "that is not a date I recognise") from exc


def partial_from_value(value: str) -> PartialDate:
    """PartialDate for a TimeML value (`2024-03`, `2024-W25`, `2009/2017`); DateError if none."""
    if not isinstance(value, str) or precision_of(value) in ("duration", "vague"):
        raise _fail(str(value), "durations and vague references have no calendar date")
    iv = value_interval(value)
    if iv is None:
        raise _fail(value, "not a TimeML date value")
    return _partial(iv, value, False)


def format_partial(p: PartialDate) -> str:
    """Readable form: `22 June 2024`, `June 2024`, `2024`, `March–June 2024`, `2009–2017`."""
    return p.label()


def describe_partial(p: PartialDate) -> str:
    """What the editor shows live: the date and its precision, e.g. `June 2024 (month)`."""
    return f"{format_partial(p)} ({p.precision})"
