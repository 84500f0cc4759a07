"""Frozen records passed between the store, the core and the desktop layer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "month", "year", "span"]


@dataclass(frozen=True)
class PartialDate:
    """A date known only to some precision: the calendar days it covers, both ends inclusive.

    `text` is what the user (or the article) wrote; `estimate` marks an inferred date.
    """

    start: date
    end: date
    precision: Precision
    text: str = ""
    estimate: bool = False

    @property
    def value(self) -> str:
        """TimeML-like value: `2024-06-22`, `2024-06`, `2024`, spans `2009/2017`."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.precision == "year":
            return f"{self.start.year:04d}"
        return f"{_span_end_value(self.start, True)}/{_span_end_value(self.end, False)}"

    def label(self, short: bool = False) -> str:
        """Human label at the date's precision, locale-independent: `22 June 2024`, `June 2024`,
        `2024`, `March–June 2024`, `3–9 June 2024`, `2009–2017`; `≈ ` marks an estimate.
        `short` abbreviates month names (`24 Jun 2024`) for tables.
        """
        names = MONTHS_SHORT if short else MONTHS
        s, e = self.start, self.end

        def m(d: date) -> str:
            return names[d.month - 1]

        whole_months = s.day == 1 and (e + timedelta(days=1)).day == 1
        if self.precision == "day" or (self.precision == "span" and s == e):
            out = f"{s.day} {m(s)} {s.year}"
        elif self.precision == "month" or (whole_months and (s.year, s.month) == (e.year, e.month)):
            out = f"{m(s)} {s.year}"
        elif self.precision == "year" or (s.month, s.day, e.month, e.day) == (1, 1, 12, 31):
            out = str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
        elif whole_months:
            out = f"{m(s)}–{m(e)} {s.year}" if s.year == e.year else f"{m(s)} {s.year}–{m(e)} {e.year}"
        elif (s.year, s.month) == (e.year, e.month):
            out = f"{s.day}–{e.day} {m(s)} {s.year}"
        elif s.year == e.year:
            out = f"{s.day} {m(s)}–{e.day} {m(e)} {s.year}"
        else:
            out = f"{s.day} {m(s)} {s.year}–{e.day} {m(e)} {e.year}"
        return ("≈ " + out) if self.estimate else out


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
MONTHS_SHORT = tuple(name[:3] for name in MONTHS)


def _span_end_value(d: date, is_start: bool) -> str:
    """Shortest value for one end of a span: a whole year, a whole month, else the day."""
    if is_start and d.month == 1 and d.day == 1:
        return f"{d.year:04d}"
    if not is_start and d.month == 12 and d.day == 31:
        return f"{d.year:04d}"
    return d.isoformat()


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    sha256: str
    source: str = ""
    author: str = ""
    url: str = ""
    published: PartialDate | None = None
    encoding: str = "utf-8"
    filename: str = ""
    created: str = ""
    modified: str = ""


@dataclass(frozen=True)
class ArticleSummary:
    """An article without its text, for lists."""

    id: str
    title: str
    source: str
    published: PartialDate | None
    annotation_count: int
    length: int


@dataclass(frozen=True)
class Anchor:
    """W3C Web Annotation style selector: code-point offsets (end exclusive) plus quote context."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    color: str


@dataclass(frozen=True)
class Annotation:
    id: str
    article_id: str
    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""
    note: str = ""
    color: str = ""
    author: str = ""
    tags: tuple[str, ...] = ()
    status: str = "exact"
    created: str = ""
    modified: str = ""

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.start, self.end, self.exact, self.prefix, self.suffix)


CATEGORIES = ("Attack", "Operation", "Policy", "Diplomacy", "Statement", "Other")


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: PartialDate
    description: str = ""
    category: str = "Other"
    source_ids: tuple[str, ...] = ()
    created: str = ""
    modified: str = ""
