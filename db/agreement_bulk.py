"""The full computation behind `AgreementIndex.load`: every source passage's dates, article by
article, then every event's agreement, making as few Python objects as it can (30,000 passages)."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from db.agreement import ArticleDates, Cand, EventAgreement, EventRow, compare_rows, passage_dates
from db.models import PartialDate

Dates = tuple[Cand, ...]


class PassageDates(dict):
    """annotation id → the dates its passage gives; `()` for one not known (a source whose passage is
    gone), so `d[aid]` serves `compare` at dict speed."""

    def __missing__(self, key: str) -> Dates:
        return ()


def by_article(spans: dict[str, tuple[str, int, int]]) -> dict[str, list[str]]:
    """article id → the source annotations in it."""
    out: dict[str, list[str]] = {}
    for aid, span in spans.items():
        got = out.get(span[0])
        if got is None:
            out[span[0]] = [aid]
        else:
            got.append(aid)
    return out


def sources_of(events: dict[str, EventRow]) -> dict[str, set[str]]:
    """annotation id → the events it is a source of."""
    out: dict[str, set[str]] = {}
    for row in events.values():
        eid = row[0]
        for aid in row[5]:
            got = out.get(aid)
            if got is None:
                out[aid] = {eid}
            else:
                got.add(eid)
    return out


def passages(articles: dict[str, ArticleDates | None], groups: dict[str, list[str]],
             spans: dict[str, tuple[str, int, int]], event_date: Callable[[str], PartialDate | None],
             ) -> tuple[PassageDates, dict[str, frozenset[str]]]:
    """(annotation id → the dates its passage gives, annotation id → events whose dates it took from
    an accepted suggestion) for every passage in `groups`; as `db.agreement.passage_dates` each."""
    found = PassageDates()
    borrowed: dict[str, frozenset[str]] = {}
    for article_id, aids in groups.items():
        art = articles.get(article_id)
        if art is None:
            found.update(dict.fromkeys(aids, ()))
        elif art.decisions:
            for aid in aids:
                span = spans[aid]
                f = passage_dates(art, span[1], span[2], event_date)
                found[aid] = f.dates
                if f.borrowed:
                    borrowed[aid] = f.borrowed
        else:  # passage_dates() without decisions, inlined: a slice of the article's dates
            starts, ends, cands, sentence = art.starts, art.ends, art.cands, art.sentence
            for aid in aids:
                _a, lo, hi = spans[aid]
                i = bisect_right(ends, lo)
                j = bisect_left(starts, hi, i)
                if i == j:
                    lo, hi = sentence(lo, hi)
                    i = bisect_right(ends, lo)
                    j = bisect_left(starts, hi, i)
                found[aid] = cands[i:j]
    return found, borrowed


def compare_all(events: dict[str, EventRow], found: PassageDates,
                spans: dict[str, tuple[str, int, int]]) -> dict[str, EventAgreement]:
    """event id → its agreement, from every passage's dates (a source without a passage: undated)."""
    return compare_rows(events.values(), found.__getitem__, spans)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while tens of thousands of small records are made (it
    would otherwise walk them all several times over; nothing made here forms cycles), then file
    them with the long-lived objects: they are the results the views keep, and the young-generation
    pass that re-enabling would start (~40 ms for a full computation) would only move them there."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:  # nobody else keeps objects frozen: freeze + unfreeze only files
            gc.freeze()  # every tracked object in the oldest generation, without walking them
            gc.unfreeze()
        if was:
            gc.enable()
