"""TimelineJS JSON export of events, so a story can be published on the web.

TimelineJS puts headlines, texts, display dates and group names into the page as HTML, so every
text that comes from the user or an article is escaped here: a note saying `<img src=x>` shows
those characters and never loads an image.
"""

from __future__ import annotations

import html
import json
import os
from datetime import date
from pathlib import Path

from db import errors
from db.models import Event


def _date_obj(d: date, precision: str) -> dict[str, str]:
    out = {"year": str(d.year)}
    if precision in ("day", "month", "span"):
        out["month"] = str(d.month)
    if precision in ("day", "span"):
        out["day"] = str(d.day)
    return out


def event_to_slide(ev: Event, sources: list[str]) -> dict:
    """One TimelineJS slide: start/end dates at the event's precision, headline, text, group.

    `sources` are the source quotes, already escaped; everything else is escaped here.
    """
    slide: dict = {
        "unique_id": ev.id,
        "start_date": _date_obj(ev.date.start, ev.date.precision),
        "display_date": html.escape(ev.date.text or ev.date.label()),
        "text": {"headline": html.escape(ev.title),
                 "text": html.escape(ev.description) + "".join(f"<blockquote>{s}</blockquote>" for s in sources)},
        "group": html.escape(ev.category),
    }
    if ev.date.precision == "span" or ev.date.end != ev.date.start and ev.date.precision == "day":
        slide["end_date"] = _date_obj(ev.date.end, ev.date.precision)
    return slide


def timelinejs_document(store, title: str = "Chronoline timeline") -> dict:
    """The whole TimelineJS document for every event in the store."""
    quotes = {}
    events = store.events.all()
    for ev in events:
        for sid in ev.source_ids:
            if sid not in quotes:
                try:
                    quotes[sid] = html.escape(store.annotations.get(sid).exact)
                except errors.NotFound:
                    quotes[sid] = ""
    slides = [event_to_slide(ev, [quotes[s] for s in ev.source_ids if quotes.get(s)]) for ev in events]
    return {"title": {"text": {"headline": html.escape(title), "text": f"{len(slides)} events"}}, "events": slides}


def export_timelinejs(store, path: str | os.PathLike[str]) -> int:
    """Write the TimelineJS JSON file; returns the number of events."""
    doc = timelinejs_document(store)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        raise errors.ChronolineError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    return len(doc["events"])
