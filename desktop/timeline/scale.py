"""Time ↔ pixel mapping for the timeline: a visible range in float days over a pixel width."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

EPOCH = date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
DAYS_PER_YEAR = 365.2425
MIN_SPAN_DAYS = 1.0
MAX_SPAN_DAYS = 30 * DAYS_PER_YEAR
MIN_DAY = float(date(1, 1, 1).toordinal() + 366 - EPOCH_ORDINAL)
MAX_DAY = float(date(9999, 12, 31).toordinal() - 366 - EPOCH_ORDINAL)


def to_days(d: date) -> float:
    """Days since 1970-01-01 at the start (midnight) of `d`."""
    return float(d.toordinal() - EPOCH_ORDINAL)


def to_date(t: float) -> date:
    """The calendar day containing instant `t` (days since the epoch), clamped to valid dates."""
    t = min(max(t, MIN_DAY), MAX_DAY)
    return date.fromordinal(int(math.floor(t)) + EPOCH_ORDINAL)


def to_datetime(t: float) -> datetime:
    """The instant `t` (days since the epoch) as a naive datetime, clamped to valid dates."""
    t = min(max(t, MIN_DAY), MAX_DAY)
    day = math.floor(t)
    return datetime.combine(to_date(day), datetime.min.time()) + timedelta(days=t - day)


def clamp_span(span: float) -> float:
    """Clamp a visible span (days) between one day and thirty years."""
    return min(max(span, MIN_SPAN_DAYS), MAX_SPAN_DAYS)


@dataclass(frozen=True)
class TimeScale:
    """A visible period [start, end) in days since the epoch, drawn over `width` pixels."""

    start: float
    end: float
    width: float

    @property
    def span(self) -> float:
        """Visible length in days."""
        return self.end - self.start

    @property
    def px_per_day(self) -> float:
        """Pixels per day at this zoom."""
        return self.width / self.span

    def x_of(self, t: Any) -> Any:
        """Pixel x of instant `t` (a float; anything with - and * works)."""
        return (t - self.start) * (self.width / self.span)

    def t_of(self, x: Any) -> Any:
        """Instant at pixel x (a float; anything with + and * works)."""
        return self.start + x * (self.span / self.width)

    def with_range(self, start: float, end: float) -> TimeScale:
        """The same width showing [start, end), span clamped about its centre, kept in date range."""
        span = clamp_span(end - start)
        centre = (start + end) / 2
        return self._bounded(centre - span / 2, span)

    def with_width(self, width: float) -> TimeScale:
        """The same period spread over a new pixel width."""
        return TimeScale(self.start, self.end, max(float(width), 1.0))

    def zoomed(self, factor: float, anchor_x: float) -> TimeScale:
        """Zoom in by `factor` (> 1 zooms in) keeping the instant under `anchor_x` fixed."""
        anchor_t = self.t_of(anchor_x)
        span = clamp_span(self.span / factor)
        frac = anchor_x / self.width
        return self._bounded(anchor_t - frac * span, span)

    def panned(self, dx: float) -> TimeScale:
        """Move the content `dx` pixels to the right (earlier times come into view when dx > 0)."""
        return self._bounded(self.start - dx * self.span / self.width, self.span)

    def centered_on(self, t: float) -> TimeScale:
        """Keep the zoom and put instant `t` in the middle."""
        return self._bounded(t - self.span / 2, self.span)

    def _bounded(self, start: float, span: float) -> TimeScale:
        """Shift [start, start + span) so it stays inside the representable dates."""
        start = min(max(start, MIN_DAY), MAX_DAY - span)
        return TimeScale(start, start + span, self.width)

    @classmethod
    def fit(cls, lo: float, hi: float, width: float, margin: float = 0.04) -> TimeScale:
        """A scale showing [lo, hi) with `margin` of the span free on each side."""
        span = max(hi - lo, 0.0)
        pad = max(span * margin, 0.5)
        return TimeScale(0.0, 1.0, max(float(width), 1.0)).with_range(lo - pad, hi + pad)

    @classmethod
    def of_dates(cls, first: date, last: date, width: float) -> TimeScale:
        """A scale showing the calendar days `first` through `last` inclusive."""
        return TimeScale(0.0, 1.0, max(float(width), 1.0)).with_range(
            to_days(first), to_days(last) + 1
        )
