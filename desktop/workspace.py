"""Workspace(QObject): calls the Store, owns the undo stack, and says what changed."""

from __future__ import annotations

import logging
import typing
from bisect import insort
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from db import errors
from db.models import Annotation, ChangeSet, Event, PartialDate
from desktop import commands

log = logging.getLogger(__name__)

if typing.TYPE_CHECKING:  # the frozen records the queries below return
    from db.agreement_index import AgreementIndex
    from db.folder_import import Candidate, ImportSummary
    from db.importing import ImportedText
    from db.models import Article, ArticleSummary, Tag
    from db.store_search import ArticleHits
    from db.store_tags import TagUsage
    from desktop.agreement import AgreementTracker


class Workspace(QObject):
    """The desk's single door to the data: every write goes through here."""

    changed = Signal(object)  # ChangeSet
    errorOccurred = Signal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        # annotations per article, in text order: reading 10,000 from the store takes ~150 ms, so
        # open articles are read once and then kept current from the change sets (connected first,
        # so every other view already sees the new state)
        self._annotations: dict[str, list[Annotation]] = {}
        self.changed.connect(self._update_cache)

    # --- plumbing ------------------------------------------------------------------------------
    def run_quietly(self, fn: Callable[[], object]) -> object | None:
        """Run a store call; a ChronolineError becomes `errorOccurred` instead of an exception."""
        try:
            return fn()
        except errors.ChronolineError as exc:
            log.warning("store call failed: %s", exc)
            self.errorOccurred.emit(str(exc))
            return None

    def emit_annotations(self, ids: set[str], article_id: str, tags: bool = False) -> None:
        self.changed.emit(ChangeSet(articles=frozenset({article_id}), annotations=frozenset(ids), tags=tags))

    def emit_events(self, ids: set[str]) -> None:
        self.changed.emit(ChangeSet(events=frozenset(ids)))

    def refresh(self) -> None:
        """Tell every view to reload (another window may have written)."""
        self.changed.emit(ChangeSet(articles=frozenset({"*"}), annotations=frozenset({"*"}), tags=True,
                                    events=frozenset({"*"})))

    def merge_database(self, path: str):  # noqa: ANN201 - db.merge_report.MergeReport
        """Merge another analyst's database into this one (one transaction), then tell every view to reload.

        The undo history is cleared: its steps describe the database as it was before the merge.
        """
        from db.merge import merge

        report = merge(self.store, path)
        if report.changed:
            self.undo_stack.clear()
        self.refresh()
        return report

    # --- articles ------------------------------------------------------------------------------
    def update_article(self, article_id: str, **fields: object):  # noqa: ANN201
        """Edit an article's metadata (title, source, author, url, published)."""
        art = self.run_quietly(lambda: self.store.update_article(article_id, **fields))
        if art is not None:
            self.changed.emit(ChangeSet(articles=frozenset({article_id})))
        return art

    # --- annotations ---------------------------------------------------------------------------
    def annotations(self, article_ids: Sequence[str] | None = None) -> list[Annotation]:
        """Annotations of the given articles in text order (cached per article); all when None (not cached)."""
        if article_ids is None:
            return self.store.annotations()
        out: list[Annotation] = []
        for aid in article_ids:
            cached = self._annotations.get(aid)
            if cached is None:
                cached = self._annotations[aid] = self.store.annotations([aid])
            out.extend(cached)
        return out

    def forget_annotations(self) -> None:
        """Drop the cached annotations (the next read goes to the store)."""
        self._annotations.clear()

    def set_anchor(self, annotation_id: str, *, extent: tuple[int, int] | None = None,
                   status: str | None = None) -> Annotation:
        """Record where re-anchoring found a passage (not an undo step: the analyst did nothing).

        On a read-only database the new place is used for this session without being saved.
        """
        try:
            a = self.store.update_annotation(annotation_id, extent=extent, status=status)
        except errors.ChronolineError as exc:
            log.warning("cannot save a re-anchored annotation: %s", exc)
            a = self.store.annotation(annotation_id)
            if extent is not None:
                a = replace(a, start=extent[0], end=extent[1], status="exact")
            if status is not None:
                a = replace(a, status=status)
            self._recache({annotation_id}, {a.article_id}, replacement=a)
            return a
        self._recache({annotation_id}, {a.article_id})
        return a

    def _update_cache(self, cs: ChangeSet) -> None:
        if "*" in cs.annotations or "*" in cs.articles:
            self._annotations.clear()
        elif cs.annotations:
            self._recache(cs.annotations, cs.articles)

    def _recache(self, ids: set[str] | frozenset[str], article_ids: set[str] | frozenset[str],
                 replacement: Annotation | None = None) -> None:
        """Re-read the changed annotations of cached articles (removed ones drop out)."""
        fresh: dict[str, Annotation] = {}
        for i in ids:
            if replacement is not None and replacement.id == i:
                fresh[i] = replacement
                continue
            try:
                fresh[i] = self.store.annotation(i)
            except errors.ChronolineError:
                pass
        for aid in article_ids or list(self._annotations):
            cached = self._annotations.get(aid)
            if cached is None:
                continue
            kept = [a for a in cached if a.id not in ids]
            for a in fresh.values():
                if a.article_id == aid:
                    insort(kept, a, key=lambda x: (x.start, x.end))
            self._annotations[aid] = kept

    def add_annotation(self, article_id: str, start: int, end: int, *, note: str = "",
                       tags: Sequence[str] = ()) -> Annotation | None:
        ann = self.run_quietly(lambda: self.store.add_annotation(article_id, start, end, note=note, tags=tags))
        if ann is None:
            return None
        self.undo_stack.push(commands.CreateAnnotation(self, ann))
        self.emit_annotations({ann.id}, article_id, tags=bool(tags))
        return ann

    def delete_annotation(self, annotation_id: str) -> None:
        deleted = self.run_quietly(lambda: self.store.delete_annotation(annotation_id))
        if deleted is None:
            return
        self.undo_stack.push(commands.DeleteAnnotation(self, deleted))
        self.emit_annotations({annotation_id}, deleted.annotation.article_id)
        if deleted.event_links:
            self.emit_events({e for e, _ in deleted.event_links})

    def edit_annotation(self, annotation_id: str, *, note: str | None = None, color: str | None = None,
                        tags: Sequence[str] | None = None, extent: tuple[int, int] | None = None) -> Annotation | None:
        """Change one aspect; each change is one undo step (typing in a note merges)."""
        before = self.run_quietly(lambda: self.store.annotation(annotation_id))
        if before is None:
            return None
        after = self.run_quietly(lambda: self.store.update_annotation(
            annotation_id, note=note, color=color, tags=tags, extent=extent))
        if after is None:
            return None
        what = "note" if note is not None else "colour" if color is not None else "tags" if tags is not None else "extent"
        self.undo_stack.push(commands.EditAnnotation(self, before, after, what))
        self.emit_annotations({annotation_id}, after.article_id, tags=tags is not None)
        return after

    def confirm_anchor(self, annotation_id: str) -> None:
        """The analyst accepts a fuzzy re-anchoring as right."""
        a = self.run_quietly(lambda: self.store.update_annotation(annotation_id, status="exact"))
        if a is not None:
            self.emit_annotations({annotation_id}, a.article_id)

    # --- tags ------------------------------------------------------------------------------------
    def rename_tag(self, tag_id: str, name: str) -> None:
        old = self.run_quietly(lambda: self.store._tag(tag_id))
        if old is None or self.run_quietly(lambda: self.store.rename_tag(tag_id, name)) is None:
            return
        self.undo_stack.push(commands.FunctionCommand(
            self, f"Rename tag “{old.name}” to “{name}”",
            lambda: (self.store.rename_tag(tag_id, name), self._tags_changed()),
            lambda: (self.store.rename_tag(tag_id, old.name), self._tags_changed())))
        self._tags_changed()

    def recolor_tag(self, tag_id: str, color: str) -> None:
        old = self.run_quietly(lambda: self.store._tag(tag_id))
        if old is None or self.run_quietly(lambda: self.store.recolor_tag(tag_id, color)) is None:
            return
        self.undo_stack.push(commands.FunctionCommand(
            self, f"Recolour tag “{old.name}”",
            lambda: (self.store.recolor_tag(tag_id, color), self._tags_changed()),
            lambda: (self.store.recolor_tag(tag_id, old.color), self._tags_changed())))
        self._tags_changed()

    def merge_tags(self, source_id: str, target_id: str) -> None:
        """Merge two tags (not undoable: the analyst confirmed it)."""
        if self.run_quietly(lambda: self.store.merge_tags(source_id, target_id)) is not None:
            self._tags_changed()

    def delete_tag(self, tag_id: str) -> None:
        if self.run_quietly(lambda: self.store.delete_tag(tag_id)) is not None:
            self._tags_changed()

    def _tags_changed(self) -> None:
        self.changed.emit(ChangeSet(annotations=frozenset({"*"}), tags=True))

    # --- events ----------------------------------------------------------------------------------
    def add_event(self, title: str, when: PartialDate, *, description: str = "", category: str = "Other",
                  source_ids: Sequence[str] = (), expression: str = "") -> Event | None:
        ev = self.run_quietly(lambda: self.store.add_event(
            title, when, description=description, category=category, source_ids=source_ids,
            expression=expression))
        if ev is None:
            return None
        self.undo_stack.push(commands.CreateEvent(self, ev))
        self.emit_events({ev.id})
        return ev

    def edit_event(self, event_id: str, **changes: object) -> Event | None:
        """Change title/date/description/category/sources of an event, as one undo step."""
        before = self.run_quietly(lambda: self.store.event(event_id))
        if before is None:
            return None
        fields = {"title": before.title, "date": before.date, "description": before.description,
                  "category": before.category, "source_ids": before.source_ids}
        fields.update({k: v for k, v in changes.items() if v is not None})
        after_wanted = replace(before, **fields)
        after = self.run_quietly(lambda: self.store.update_event(
            event_id, title=after_wanted.title, when=after_wanted.date, description=after_wanted.description,
            category=after_wanted.category, source_ids=after_wanted.source_ids))
        if after is None:
            return None
        self.undo_stack.push(commands.EditEvent(self, before, after))
        self.emit_events({event_id})
        return after

    def add_event_source(self, event_id: str, annotation_id: str) -> Event | None:
        ev = self.run_quietly(lambda: self.store.event(event_id))
        if ev is None or annotation_id in ev.source_ids:
            return ev
        return self.edit_event(event_id, source_ids=(*ev.source_ids, annotation_id))

    def delete_event(self, event_id: str) -> None:
        ev = self.run_quietly(lambda: self.store.delete_event(event_id))
        if ev is None:
            return
        self.undo_stack.push(commands.DeleteEvent(self, ev))
        self.emit_events({event_id})

    # --- the rest of the desk reads and writes only through these (the Store stays private) ---------
    agreement_tracker: AgreementTracker | None = None  # desktop.agreement.AgreementTracker.of makes it on first use

    def tags(self) -> list[Tag]:
        return self.store.tags()

    def tag_usage(self) -> list[TagUsage]:
        """Every tag with how many annotations carry it."""
        return self.store.tag_usage()

    def recent_tags(self, limit: int = 9) -> list[Tag]:
        return self.store.recent_tags(limit)

    def articles(self) -> list[ArticleSummary]:
        return self.store.articles()

    def article(self, article_id: str) -> Article:
        return self.store.article(article_id)

    def annotation(self, annotation_id: str) -> Annotation:
        return self.store.annotation(annotation_id)

    def events(self) -> list[Event]:
        return self.store.events()

    def event_by_id(self, event_id: str) -> Event:
        """One event (raises NotFound); not `event`, which would override QObject.event."""
        return self.store.event(event_id)

    def events_by_id(self, ids: Sequence[str]) -> list[Event]:
        return self.store.events_by_id(ids)

    def events_by_annotation(self) -> dict[str, list[str]]:
        """Event ids by source annotation id."""
        return self.store.events_by_annotation()

    def categories(self) -> list[str]:
        return self.store.categories()

    def timeline_rows(self, *, with_first_source: bool = False) -> list[tuple]:
        return self.store.timeline_rows(with_first_source=with_first_source)

    def counts(self) -> tuple[int, int, int]:
        """How many articles, annotations and events the database holds."""
        return self.store.article_count(), self.store.annotation_count(), self.store.event_count()

    def search_hits(self, query: str) -> list[ArticleHits]:
        return self.store.search_hits(query)

    def search_spans(self, query: str, article_id: str) -> list[tuple[int, int]]:
        return self.store.search_spans(query, article_id)

    def changed_by_others(self) -> bool:
        """Whether another window or program wrote to the database since this one last looked."""
        return self.store.changed_by_others()

    @property
    def in_memory(self) -> bool:
        return bool(self.store.memory)

    def agreement_index(self) -> AgreementIndex:
        """A fresh index of every event's agreement, reading this database."""
        from db.agreement_index import AgreementIndex

        return AgreementIndex(self.store)

    def export_to(self, writer: Callable[..., object], path: str, **options: object) -> object:
        """Run a db/ exporter (`writer(store, path, **options)`, read-only) on this database."""
        return writer(self.store, path, **options)

    def import_from(self, reader: Callable[..., object], path: str) -> object | None:
        """Run a db/ importer (`reader(store, path)`, one transaction), then tell every view to reload.

        A ChronolineError becomes `errorOccurred` and None; nothing was written then.
        """
        res = self.run_quietly(lambda: reader(self.store, path))
        if res is not None:
            self.refresh()
        return res

    def add_article(self, title: str, text: str, **fields: object) -> Article | None:
        """Store one imported article (source, author, url, published, encoding, filename)."""
        art = self.run_quietly(lambda: self.store.add_article(title, text, **fields))
        if art is not None:
            self.changed.emit(ChangeSet(articles=frozenset({art.id})))
        return art

    def record_import(self, summary: ImportSummary, candidate: Candidate, got: ImportedText | str) -> Article | None:
        """Store one file of a batch import (db.folder_import.record); the batch ends with `articles_added`.

        Raises StoreError when the database cannot be written (the batch stops).
        """
        from db.folder_import import record

        return record(summary, self.store, candidate, got)

    def articles_added(self, ids: Sequence[str]) -> None:
        """Tell every view that these articles were stored (once per batch)."""
        if ids:
            self.changed.emit(ChangeSet(articles=frozenset(ids)))

    def close(self) -> None:
        """Close the database (the window using this workspace is gone)."""
        self.store.close()
