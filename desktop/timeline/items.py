"""What the timeline shows of an event: a flat, Qt-free record built from `db.models.Event`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.models import Event

PRECISIONS = ("day", "month", "year", "span")
SUGGESTED_LANE = "Suggested"


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One event on the timeline; `start`..`end` are the calendar days covered, both inclusive."""

    id: str
    title: str
    start: date
    end: date
    precision: str = "day"
    lane: str = "Other"
    category: str = "Other"
    source_count: int = 1
    suggested: bool = False
    date_label: str = ""


def items_from_events(
    events: Iterable[Event],
    lane_of: Callable[[Event], str],
    *,
    is_suggested: Callable[[Event], bool] | None = None,
) -> list[TimelineItem]:
    """Timeline items for stored events; the caller decides each event's lane (category, tag…)."""
    return [
        TimelineItem(
            id=e.id,
            title=e.title,
            start=e.date.start,
            end=e.date.end,
            precision=e.date.precision,
            lane=lane_of(e),
            category=e.category,
            source_count=len(e.source_ids),
            suggested=bool(is_suggested(e)) if is_suggested else False,
            date_label=e.date.label(),
        )
        for e in events
    ]


def describe(title: str, date_label: str, precision: str, category: str, sources: int,
             suggested: bool) -> str:
    """Rich-text tooltip: title, date as written with its precision, category and sources."""
    prec = {"day": "exact day", "month": "month precision", "year": "year precision",
            "span": "period"}.get(precision, precision)
    src = "no source" if sources == 0 else ("1 source" if sources == 1 else f"{sources} sources")
    lines = [f"<b>{escape(title)}</b>", f"{escape(date_label)} <i>({escape(prec)})</i>",
             f"{escape(category)} · {src}"]
    if suggested:
        lines.append("<i>Suggested, not yet accepted</i>")
    return "<br>".join(lines)
