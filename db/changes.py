"""Changes: what one write did, in disjoint named fields, so each view redraws only that.

Every Workspace operation, undo and redo emits one `Changes`. Each field names one kind of row by
id; no field has a second meaning and no value is a sentinel. A view reads the fields it shows and
ignores the rest; `everything` alone says "reload all" (another database merged or imported, another
program wrote, File → Refresh).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace

from db import snapshot

NONE: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Changes:
    """What one write changed (ids by kind of row); empty fields mean "not touched"."""

    # annotation records created, edited (note, colour, tags, extent, anchor status; a tag they carry
    # renamed or recoloured) or deleted
    annotations_added: frozenset[str] = NONE
    annotations_updated: frozenset[str] = NONE
    annotations_removed: frozenset[str] = NONE
    annotated_articles: frozenset[str] = NONE  # the articles those annotations belong to
    # annotations whose events changed, so the event dates shown beside them (their own row may not have)
    event_dates: frozenset[str] = NONE
    events_added: frozenset[str] = NONE
    events_updated: frozenset[str] = NONE  # title, date, description, category or sources
    events_removed: frozenset[str] = NONE
    tags_added: frozenset[str] = NONE
    tags_updated: frozenset[str] = NONE  # renamed or recoloured
    tags_removed: frozenset[str] = NONE  # deleted, or merged into another
    articles_added: frozenset[str] = NONE
    article_meta: frozenset[str] = NONE  # title, source, author, url or publication date edited
    decisions: frozenset[str] = NONE  # articles whose date-suggestion decisions changed
    everything: bool = False  # unknown scope: every view reloads

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "everything" and not isinstance(value, frozenset):
                object.__setattr__(self, f.name, frozenset(value))

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed: every view reloads."""
        return cls(everything=True)

    def merged(self, other: Changes) -> Changes:
        """Both changes as one (field by field union)."""
        return replace(self, **{f.name: getattr(self, f.name) | getattr(other, f.name) for f in fields(self)})

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    @property
    def annotations(self) -> frozenset[str]:
        """Every annotation added, updated or removed."""
        return self.annotations_added | self.annotations_updated | self.annotations_removed

    @property
    def events(self) -> frozenset[str]:
        """Every event added, updated or removed."""
        return self.events_added | self.events_updated | self.events_removed

    @property
    def tags(self) -> frozenset[str]:
        """Every tag added, updated or removed (the list of tags changed)."""
        return self.tags_added | self.tags_updated | self.tags_removed

    @property
    def counts(self) -> bool:
        """Whether how many articles, annotations or events there are may have changed."""
        return bool(self.everything or self.articles_added or self.annotations_added or self.annotations_removed
                    or self.events_added or self.events_removed)


def between(before: snapshot.Snapshot, after: snapshot.Snapshot,
            articles_of: Callable[[Iterable[str]], dict[str, str]]) -> Changes:
    """What differs between two snapshots of one scope: the rows that differ, by kind.

    `articles_of(annotation ids)` gives the article of annotations whose own row is outside the
    snapshots (named because of their tags).
    """
    ann_add, ann_upd, ann_del = _diff(before, after, "annotations", "id")
    ev_add, ev_upd, ev_del = _diff(before, after, "events", "id")
    tag_add, tag_upd, tag_del = _diff(before, after, "tags", "id")
    tagged = {r["annotation_id"] for r in _changed_rows(before, after, "annotation_tags")}
    tagged |= {r["annotation_id"] for s in (before, after) for r in snapshot.rows_of(s, "annotation_tags")
               if r["tag_id"] in tag_upd}  # they carry a tag renamed or recoloured
    ann_upd |= tagged - ann_add - ann_del
    links = _changed_rows(before, after, "event_sources")
    ev_upd |= {r["event_id"] for r in links} - ev_add - ev_del
    dated = ev_add | ev_upd | ev_del  # their sources show other event dates now
    event_dates = {r["annotation_id"] for r in links}
    event_dates |= {r["annotation_id"] for s in (before, after) for r in snapshot.rows_of(s, "event_sources")
                    if r["event_id"] in dated}
    decisions = {r["article_id"] for r in _changed_rows(before, after, "suggestion_decisions")}
    named = ann_add | ann_upd | ann_del
    own = {r["id"]: r["article_id"] for s in (before, after) for r in snapshot.rows_of(s, "annotations")}
    articles = {own[i] for i in named if i in own}
    missing = named - own.keys()
    if missing:
        articles |= set(articles_of(missing).values())
    return Changes(annotations_added=ann_add, annotations_updated=ann_upd, annotations_removed=ann_del,
                   annotated_articles=articles, event_dates=event_dates - ann_del,
                   events_added=ev_add, events_updated=ev_upd, events_removed=ev_del,
                   tags_added=tag_add, tags_updated=tag_upd, tags_removed=tag_del, decisions=decisions)


def _diff(before: snapshot.Snapshot, after: snapshot.Snapshot, table: str,
          key: str) -> tuple[set[str], set[str], set[str]]:
    """Ids of the rows of `table` added, changed and removed between the snapshots."""
    old = {r[key]: r for r in snapshot.rows_of(before, table)}
    new = {r[key]: r for r in snapshot.rows_of(after, table)}
    return new.keys() - old.keys(), {k for k in old.keys() & new.keys() if old[k] != new[k]}, old.keys() - new.keys()


def _changed_rows(before: snapshot.Snapshot, after: snapshot.Snapshot, table: str) -> list[dict]:
    """Rows of `table` in one snapshot and not (exactly) in the other."""
    old, new = set(before.rows[table]), set(after.rows[table])
    cols = before.columns[table] or after.columns[table]
    return [dict(zip(cols, r, strict=True)) for r in old ^ new]
