"""`chronoline event add|list`: make an event from the command line, list events with their agreement."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from typing import Any

from db import errors
from db.models import PartialDate


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the `event` command (with `add` and `list`) to the command line's subparsers."""
    ev = sub.add_parser("event", parents=[common], help="add an event, or list events with their sources' agreement")
    what = ev.add_subparsers(dest="event_command", required=True, metavar="add|list")
    add = what.add_parser("add", parents=[common], help="add an event; prints its id")
    add.add_argument("title", metavar="TITLE")
    add.add_argument("--date", required=True, metavar="TEXT",
                     help="as the event editor takes it: 26 March 2024, March 2024, 2009–2017, Q1 2024…")
    add.add_argument("--source", action="append", default=[], metavar="ANNOTATION_ID",
                     help="a source passage (annotation id, or its first characters); repeat for more")
    add.add_argument("--category", default="Other", metavar="C")
    add.add_argument("--description", default="")
    lst = what.add_parser("list", parents=[common],
                          help="id, date, title, agreement, source dates (annotation_id=value)")
    lst.add_argument("--conflicts", action="store_true", help="only events whose sources disagree with their date")


def understand_date(text: str) -> PartialDate:
    """Parse a date as the event editor does, keeping what was typed as its text."""
    from db.dates import parse_date

    text = " ".join(text.split())
    if not text:
        raise errors.DateError("--date is empty; give a date such as 26 March 2024, March 2024 or 2009–2017.")
    when = parse_date(text)
    return when if when.text else replace(when, text=text)


def run(args: argparse.Namespace, open_store: Any) -> int:
    """Run `event add` or `event list` on the store `open_store(args, write=…)` opens."""
    if args.event_command == "add":
        return _add(args, open_store)
    return _list(args, open_store)


def _add(args: argparse.Namespace, open_store: Any) -> int:
    title = " ".join(args.title.split())
    if not title:
        raise errors.ChronolineError("The event needs a title; give one as the first argument.")
    when = understand_date(args.date)
    with open_store(args) as store:
        sources = [_annotation_id(store, ref) for ref in args.source]
        ev = store.events.add(title, when, category=args.category.strip() or "Other", source_ids=sources,
                             description=args.description)
    print(ev.id)
    return 0


def _annotation_id(store: Any, ref: str) -> str:
    """The annotation id `ref` names (whole, or a unique first part), else a NotFound that says what to do."""
    ref = ref.strip()
    if len(ref) >= 4:
        spans = store.agreement.annotation_spans([ref])
        if ref in spans:
            return ref
        matches = store.agreement.annotation_ids_starting(ref)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise errors.NotFound(f"--source {ref} matches {len(matches)} annotations; give more of the id.")
    raise errors.NotFound(f"--source {ref}: no annotation has that id; `chronoline annotate` prints the ids. "
                          "Nothing was saved.")


def _list(args: argparse.Namespace, open_store: Any) -> int:
    from db.agreement import CONFLICT
    from db.agreement_index import AgreementIndex

    with open_store(args, write=False) as store:
        events = store.events.all()
        results = AgreementIndex(store).load()
    out = []
    for ev in events:
        r = results.get(ev.id)
        status = r.status if r else ""
        if args.conflicts and status != CONFLICT:
            continue
        out.append("\t".join((ev.id, ev.date.label(), " ".join(ev.title.split()), status,
                              r.source_dates() if r else "")))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0
