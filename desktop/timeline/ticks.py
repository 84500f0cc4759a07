"""Adaptive axis: years → quarters → months → weeks → days → hours, labels that never overlap."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.timeline.scale import EPOCH_ORDINAL, MAX_DAY, TimeScale, to_date, to_datetime, to_days

TextWidth = Callable[[str], float]
GAP = 6.0  # minimum free pixels between two labels
ROOM = 2 * GAP  # free pixels a level needs per label before it is chosen
PAD = 3.0
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Label:
    """A piece of axis text: its left edge and width in pixels."""

    text: str
    x: float
    width: float

    @property
    def right(self) -> float:
        """Right edge in pixels."""
        return self.x + self.width


@dataclass(frozen=True)
class Axis:
    """Tick positions (px) and labels for one scale: a minor row and a major context row."""

    unit: str
    minor_ticks: tuple[float, ...]
    major_ticks: tuple[float, ...]
    minor_labels: tuple[Label, ...]
    major_labels: tuple[Label, ...]


Bounds = Callable[[float, float], Iterator[float]]
Format = Callable[[float], str]


@dataclass(frozen=True)
class _Level:
    """One candidate tick spacing with its label formats, longest first."""

    name: str
    days: float
    bounds: Bounds
    formats: tuple[Format, ...]
    samples: tuple[str, ...]
    centred: bool
    major: str


def _years(step: int) -> Bounds:
    def gen(t0: float, t1: float) -> Iterator[float]:
        y = to_date(t0).year // step * step
        while y <= 9999:
            t = to_days(date(max(y, 1), 1, 1))
            yield t
            if t >= t1:
                return
            y += step
    return gen


def _months(step: int) -> Bounds:
    def gen(t0: float, t1: float) -> Iterator[float]:
        d = to_date(t0)
        m = (d.year * 12 + d.month - 1) // step * step
        while True:
            t = to_days(date(m // 12, m % 12 + 1, 1))
            yield t
            if t >= t1 or t >= MAX_DAY:
                return
            m += step
    return gen


def _days(step: float, offset: int = 0) -> Bounds:
    def gen(t0: float, t1: float) -> Iterator[float]:
        t = math.floor((t0 - offset) / step) * step + offset
        while True:
            yield t
            if t >= t1:
                return
            t += step
    return gen


def _ymd(t: float) -> date:
    return to_date(t + 1e-6)


def _hour(t: float) -> str:
    return f"{to_datetime(t + 1e-6):%H:%M}"


def _day_long(t: float) -> str:
    d = _ymd(t)
    return f"{WEEKDAYS[d.weekday()]} {d.day}"


def _day_month(t: float) -> str:
    d = _ymd(t)
    return f"{d.day} {MONTHS[d.month - 1][:3]}"


def _day(t: float) -> str:
    return str(_ymd(t).day)


def _month(t: float) -> str:
    return MONTHS[_ymd(t).month - 1]


def _month_short(t: float) -> str:
    return MONTHS[_ymd(t).month - 1][:3]


def _quarter(t: float) -> str:
    return f"Q{(_ymd(t).month - 1) // 3 + 1}"


def _year(t: float) -> str:
    return str(_ymd(t).year)


def _decade(t: float) -> str:
    return f"{_ymd(t).year}s"


def _full_day(t: float) -> str:
    d = _ymd(t)
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def _short_day(t: float) -> str:
    d = _ymd(t)
    return f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def _month_year(t: float) -> str:
    d = _ymd(t)
    return f"{MONTHS[d.month - 1]} {d.year}"


def _month_year_short(t: float) -> str:
    d = _ymd(t)
    return f"{MONTHS[d.month - 1][:3]} {d.year}"


_MONDAY_OFFSET = (1 - EPOCH_ORDINAL) % 7  # days since epoch ≡ this (mod 7) are Mondays

LEVELS: tuple[_Level, ...] = (
    *(_Level(f"{h}h", h / 24, _days(h / 24), (_hour,), ("00:00",), False, "day")
      for h in (1, 3, 6, 12)),
    _Level("day", 1, _days(1), (_day_long, _day), ("Wed 28", "28"), True, "month"),
    _Level("week", 7, _days(7, _MONDAY_OFFSET), (_day_month, _day), ("28 Sep", "28"), False,
           "month"),
    _Level("month", 30.4, _months(1), (_month, _month_short), ("September", "Sep"), True, "year"),
    _Level("quarter", 91.3, _months(3), (_quarter,), ("Q4",), True, "year"),
    _Level("year", 365.25, _years(1), (_year,), ("2024",), True, "decade"),
    *(_Level(f"{k}y", k * 365.25, _years(k), (_year,), ("2024",), False,
             "decade" if k < 10 else "")
      for k in (2, 5, 10, 20, 50, 100, 200, 500, 1000)),
)
_MAJOR: dict[str, tuple[Bounds, tuple[Format, ...]]] = {
    "day": (_days(1), (_full_day, _short_day)),
    "month": (_months(1), (_month_year, _month_year_short)),
    "year": (_years(1), (_year,)),
    "decade": (_years(10), (_decade,)),
}


def build_axis(scale: TimeScale, text_width: TextWidth) -> Axis:
    """Choose the finest tick level whose labels fit, plus major context labels above it."""
    width = scale.width
    for level in LEVELS:
        count = scale.span / level.days
        if count > width / 3:
            continue
        for fmt, sample in zip(level.formats, level.samples, strict=True):
            if level.days * scale.px_per_day * 0.9 < text_width(sample) + ROOM:
                continue
            bounds = list(level.bounds(scale.start, scale.end))
            labels = _fit_minor(scale, bounds, fmt, level.centred, text_width)
            if labels is not None:
                return _axis(scale, level, bounds, labels, text_width)
    level = LEVELS[-1]
    bounds = list(level.bounds(scale.start, scale.end))
    return _axis(scale, level, bounds, (), text_width)


def _axis(scale: TimeScale, level: _Level, bounds: list[float], labels: Sequence[Label],
          text_width: TextWidth) -> Axis:
    """Assemble the axis once the minor level is chosen."""
    ticks = tuple(x for x in (scale.x_of(t) for t in bounds) if 0 <= x <= scale.width)
    major_ticks: tuple[float, ...] = ()
    major_labels: tuple[Label, ...] = ()
    if level.major:
        gen, formats = _MAJOR[level.major]
        mb = list(gen(scale.start, scale.end))
        major_ticks = tuple(x for x in (scale.x_of(t) for t in mb) if 0 <= x <= scale.width)
        major_labels = _fit_major(scale, mb, formats, text_width)
    return Axis(level.name, ticks, major_ticks, tuple(labels), major_labels)


def _fit_minor(scale: TimeScale, bounds: list[float], fmt: Format, centred: bool,
               text_width: TextWidth) -> list[Label] | None:
    """Labels for one level and format, or None when any two would collide."""
    xs = [scale.x_of(t) for t in bounds]
    out: list[Label] = []
    if centred:
        for i in range(len(xs) - 1):
            x0, x1 = xs[i], xs[i + 1]
            if x1 <= 0 or x0 >= scale.width:
                continue
            text = fmt(bounds[i])
            w = text_width(text)
            if w + ROOM > x1 - x0:
                return None
            lo, hi = max(x0, 0.0) + GAP / 2, min(x1, scale.width) - GAP / 2
            if hi - lo < w:
                continue  # a sliver of the period at an edge: no room, no label
            out.append(Label(text, min(max((x0 + x1 - w) / 2, lo), hi - w), w))
        return out
    prev_right = -math.inf
    for i, x in enumerate(xs):
        if x < 0 or x >= scale.width:
            continue
        text = fmt(bounds[i])
        w = text_width(text)
        if i + 1 < len(xs) and x + w + ROOM > xs[i + 1]:
            return None
        if x + PAD < prev_right + GAP:
            return None
        if x + PAD + w <= scale.width:
            out.append(Label(text, x + PAD, w))
            prev_right = x + PAD + w
    return out


def _fit_major(scale: TimeScale, bounds: list[float], formats: Sequence[Format],
               text_width: TextWidth) -> tuple[Label, ...]:
    """Left-aligned context labels; the first one sticks to the left edge until pushed out."""
    xs = [scale.x_of(t) for t in bounds]
    labels: list[Label] = []
    for n, fmt in enumerate(formats):
        labels = []
        for i, x in enumerate(xs):
            if x >= scale.width:
                break
            text = fmt(bounds[i])
            w = text_width(text)
            labels.append(Label(text, max(x, 0.0) + PAD, w))
        labels = [lab for lab in labels if lab.right <= scale.width or lab.x <= PAD]
        if labels and len(labels) > 1 and labels[0].x < PAD + 0.5:
            nxt = labels[1].x
            if labels[0].right + GAP > nxt:
                first = labels[0]
                labels[0] = Label(first.text, nxt - GAP - first.width, first.width)
                if labels[0].x < 0:
                    labels.pop(0)  # pushed partly out of view: a cut-off label says nothing
        if _no_overlap(labels) or n == len(formats) - 1:
            break
    return tuple(_greedy(labels))


def _no_overlap(labels: Sequence[Label]) -> bool:
    """True when consecutive labels keep at least GAP between them."""
    return all(a.right + GAP <= b.x for a, b in zip(labels, labels[1:], strict=False))


def _greedy(labels: Sequence[Label]) -> list[Label]:
    """Drop any label that would touch the one kept before it."""
    kept: list[Label] = []
    for lab in labels:
        if not kept or kept[-1].right + GAP <= lab.x:
            kept.append(lab)
    return kept
