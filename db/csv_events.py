"""The event columns of an annotations CSV, read back: events recreated (same ids) or matched by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from db import errors
from db.models import PartialDate


@dataclass
class EventFromCsv:
    """One event as the file describes it, with the annotations (row order) that cite it."""

    id: str
    title: str
    date: PartialDate
    sources: list[str] = field(default_factory=list)


def row_events(fields: dict[str, str]) -> list[tuple[str, str, PartialDate]]:
    """(id, title, date) of each event a row names; raises ValueError saying what is wrong."""
    ids = _split(fields.get("event_ids", ""))
    if not ids:
        return []
    n = len(ids)
    titles = [fields.get("event_titles", "")] if n == 1 else _split(fields.get("event_titles", ""), keep_empty=True)
    labels = _split(fields.get("event_dates", ""), keep_empty=True)
    starts = _split(fields.get("event_start", ""), keep_empty=True)
    ends = _split(fields.get("event_end", ""), keep_empty=True)
    if len(titles) != n:
        raise ValueError(f"event_ids names {n} events but event_titles does not split into {n} titles "
                         "(a title holding “;”?)")
    out = []
    for k, eid in enumerate(ids):
        label = labels[k] if len(labels) == n else ""
        if starts or ends:
            if len(starts) != n or len(ends) != n:
                raise ValueError(f"event_start/event_end do not hold {n} dates like event_ids")
            when = _date(starts[k], ends[k], label)
        else:  # a file from before event_start/event_end: the date as written
            when = _parsed(label)
        if not titles[k].strip():
            raise ValueError(f"event {eid} has an empty title")
        out.append((eid, titles[k].strip(), when))
    return out


def gather(events: dict[str, EventFromCsv], annotation_id: str, row: list[tuple[str, str, PartialDate]]) -> None:
    """Add one row's events to `events`; the same id with another date or title is an error."""
    for eid, title, when in row:
        known = events.get(eid)
        if known is None:
            events[eid] = EventFromCsv(eid, title, when, [annotation_id])
            continue
        if (known.date.start, known.date.end) != (when.start, when.end) or known.title != title:
            raise ValueError(f"event {eid} appears with two different titles or dates")
        if annotation_id not in known.sources:
            known.sources.append(annotation_id)


def write_events(store, events: dict[str, EventFromCsv], present: set[str]) -> tuple[int, int]:
    """Create the new events and add sources to the known ones (inside the caller's transaction).

    Only annotations that exist after the import (`present`) become sources. Returns (created, linked).
    """
    created = linked = 0
    existing = {ev.id: ev for ev in store.events.by_id(list(events))}
    for ev in events.values():
        sources = [s for s in ev.sources if s in present]
        if ev.id in existing:
            old = existing[ev.id].source_ids
            extra = [s for s in sources if s not in old]
            if extra:
                store.events.update(ev.id, source_ids=[*old, *extra])
                linked += 1
        else:
            store.events.add(ev.title, ev.date, source_ids=sources, event_id=ev.id)
            created += 1
    return created, linked


def _split(cell: str, *, keep_empty: bool = False) -> list[str]:
    if not cell:
        return []
    parts = cell.split(";")
    return parts if keep_empty else [p.strip() for p in parts if p.strip()]


def _date(start: str, end: str, label: str) -> PartialDate:
    """The date from ISO start/end; the label decides the precision when it names the same days."""
    try:
        s, e = date.fromisoformat(start.strip()), date.fromisoformat(end.strip())
    except ValueError:
        raise ValueError(f"event date {start!r}..{end!r} is not two ISO dates (YYYY-MM-DD)") from None
    if e < s:
        raise ValueError(f"event date {start}..{end} ends before it starts")
    try:
        parsed = _parsed(label)
        if (parsed.start, parsed.end) == (s, e):
            return PartialDate(s, e, parsed.precision, label)
    except ValueError:
        pass
    return PartialDate(s, e, _precision(s, e), label)


def _parsed(label: str) -> PartialDate:
    from db.dates import parse_date

    try:
        return parse_date(label)
    except (errors.DateError, ValueError):
        raise ValueError(f"event date “{label[:40]}” cannot be read") from None


def _precision(s: date, e: date) -> str:
    """The precision two ends imply: one day, one whole month, one whole year, else a span."""
    if s == e:
        return "day"
    if s.day == 1 and (e + timedelta(days=1)).day == 1 and (s.year, s.month) == (e.year, e.month):
        return "month"
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        return "year"
    return "span"
