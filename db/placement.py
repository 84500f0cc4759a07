"""Where an article's stored annotations are shown in its text, and which anchors to store anew.

A pure function (no store, no Qt): the desk calls `place` when it opens an article, has the
Workspace store the `updates` in one transaction, and paints `shown`; a refresh only paints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from db.anchoring import make_anchor, reanchor
from db.models import Annotation


@dataclass(frozen=True)
class AnchorUpdate:
    """What to store for one annotation: a new extent (then exact again), or a new status."""

    annotation_id: str
    extent: tuple[int, int] | None = None
    status: str | None = None


@dataclass(frozen=True)
class Placements:
    """The outcome of placing one article's annotations in its text."""

    shown: tuple[Annotation, ...] = ()  # what to paint, at its current place (fuzzy ones at the found place)
    updates: tuple[AnchorUpdate, ...] = ()  # anchors to store (moved passages, changed statuses)
    fuzzy: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # id → where a fuzzy match was found
    attention: frozenset[str] = frozenset()  # fuzzy or orphan: the analyst should look


def place(text: str, annotations: Iterable[Annotation],
          shown: Mapping[str, Annotation] | None = None) -> Placements:
    """Place annotations in `text`: unchanged, moved (an exact quote elsewhere), fuzzy or orphan.

    A record found in `shown` (the very same object, already placed in this text) is kept as it
    is. A passage found exactly elsewhere is shown there and its new extent is an update; a fuzzy
    match is shown where it was found but stored only as 'fuzzy' until the analyst confirms; an
    orphan is not shown.
    """
    out: list[Annotation] = []
    updates: list[AnchorUpdate] = []
    fuzzy: dict[str, tuple[int, int]] = {}
    attention: set[str] = set()
    for a in annotations:
        if shown is not None and shown.get(a.id) is a:
            out.append(a)
            if a.status == "fuzzy":
                attention.add(a.id)
            continue
        if a.status == "exact" and text[a.start:a.end] == a.exact:
            out.append(a)
            continue
        found = reanchor(text, a.anchor)
        if found.status in ("exact", "moved"):
            if found.status == "moved" or a.status != "exact":
                updates.append(AnchorUpdate(a.id, extent=(found.start, found.end)))
                anchor = make_anchor(text, found.start, found.end)
                a = replace(a, start=found.start, end=found.end, exact=anchor.exact, prefix=anchor.prefix,
                            suffix=anchor.suffix, status="exact")
            out.append(a)
        elif found.status == "fuzzy":
            if a.status != "fuzzy":
                updates.append(AnchorUpdate(a.id, status="fuzzy"))
            fuzzy[a.id] = (found.start, found.end)
            attention.add(a.id)
            out.append(replace(a, start=found.start, end=found.end, status="fuzzy"))
        else:
            if a.status != "orphan":
                updates.append(AnchorUpdate(a.id, status="orphan"))
            attention.add(a.id)
    return Placements(tuple(out), tuple(updates), fuzzy, frozenset(attention))


def with_updates(annotation: Annotation, update: AnchorUpdate, text: str) -> Annotation:
    """The record as it reads once `update` is applied (for a database that cannot be written)."""
    if update.extent is not None:
        start, end = update.extent
        anchor = make_anchor(text, start, end)
        return replace(annotation, start=start, end=end, exact=anchor.exact, prefix=anchor.prefix,
                       suffix=anchor.suffix, status="exact")
    if update.status is not None:
        return replace(annotation, status=update.status)
    return annotation
