"""Workspace(QObject): calls the Store, owns the undo stack, and says what changed."""

from __future__ import annotations

import logging
import typing
from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from db import errors, snapshot
from db.clock import new_id
from db.models import Annotation, Article, ChangeSet, Event, PartialDate
from db.placement import AnchorUpdate
from db.snapshot import Scope
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
        self._by_id: dict[str, tuple[list[Annotation], dict[str, Annotation]]] = {}  # see _cached_by_id
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

    def emit_events(self, ids: set[str], sources: Sequence[str] = ()) -> None:
        """Say these events changed; their source annotations too (the Annotations list shows event dates)."""
        self.changed.emit(ChangeSet(events=frozenset(ids), event_dates=frozenset(sources)))

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

    def _update_cache(self, cs: ChangeSet) -> None:
        if self._cache_held:
            return
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
            if self._annotations.get(aid) is not None:
                self._replace_cached(aid, ids, fresh)

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
        if extent is not None and note is None and color is None and tags is None:
            return self.update_extent(annotation_id, *extent)
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
        """Merge two tags, as one undo step."""
        self.merge_tags_undoably(source_id, target_id)

    def delete_tag(self, tag_id: str) -> None:
        """Delete a tag from every annotation, as one undo step."""
        tag = self.run_quietly(lambda: self.store._tag(tag_id))
        if tag is not None:
            self.run_operation(f"Delete tag “{tag.name}”", Scope(tags=frozenset({tag_id})),
                               lambda: self.store.delete_tag(tag_id))

    def _tags_changed(self) -> None:
        self.changed.emit(ChangeSet(annotations=frozenset({"*"}), tags=True))

    # --- events ----------------------------------------------------------------------------------
    def add_event(self, title: str, when: PartialDate, *, description: str = "", category: str = "Other",
                  source_ids: Sequence[str] = (), expression: str = "") -> Event | None:
        """Create an event from existing annotations, as one undo step."""
        return self.create_event(title, when, description=description, category=category, sources=source_ids,
                                 expression=expression)

    def edit_event(self, event_id: str, **changes: object) -> Event | None:
        """Change title/date/description/category/sources of an event, as one undo step."""
        before = self.run_quietly(lambda: self.store.event(event_id))
        if before is None:
            return None
        fields = {"title": before.title, "date": before.date, "description": before.description,
                  "category": before.category, "source_ids": before.source_ids}
        fields.update({k: v for k, v in changes.items() if v is not None})
        want = replace(before, **fields)
        return self.run_operation(f"Edit event “{commands.short(want.title)}”", Scope(events=frozenset({event_id})),
                                  lambda: self.store.update_event(
                                      event_id, title=want.title, when=want.date, description=want.description,
                                      category=want.category, source_ids=want.source_ids))

    def add_event_source(self, event_id: str, annotation_id: str) -> Event | None:
        ev = self.run_quietly(lambda: self.store.event(event_id))
        if ev is None or annotation_id in ev.source_ids:
            return ev
        return self.edit_event(event_id, source_ids=(*ev.source_ids, annotation_id))

    def delete_event(self, event_id: str) -> None:
        """Delete an event (its source annotations stay), as one undo step."""
        ev = self.run_quietly(lambda: self.store.event(event_id))
        if ev is not None:
            self.run_operation(f"Delete event “{commands.short(ev.title)}”", Scope(events=frozenset({event_id})),
                               lambda: self.store.delete_event(event_id))

    # --- compound operations: one transaction, one undo step, undone exactly ---------------------
    def undo(self) -> None:
        """Undo the last step (the same as Edit → Undo)."""
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the step last undone."""
        self.undo_stack.redo()

    def run_operation(self, text: str, scope: Scope, work: Callable[[], object]) -> object | None:
        """Run `work` in one transaction as one undo step over the rows of `scope`.

        Undo puts those rows back exactly as they were (timestamps and tombstones included); redo puts
        back the rows as the operation left them. A failure writes nothing and becomes `errorOccurred`.
        """
        try:
            with self.store.atomic():
                before = snapshot.capture(self.store, scope)
                result = work()
                after = snapshot.capture(self.store, scope)
        except errors.ChronolineError as exc:
            log.warning("%s failed: %s", text, exc)
            self.errorOccurred.emit(str(exc))
            return None
        cs = self.snapshot_changes(before, after)
        self.undo_stack.push(commands.SnapshotCommand(self, text, before, after, cs))
        self.changed.emit(cs)
        return result

    def snapshot_changes(self, *snaps: snapshot.Snapshot) -> ChangeSet:
        """What differs between snapshots of one scope, named for the views (event dates included)."""
        anns: set[str] = set()
        linked: set[str] = set()
        events: set[str] = set()
        tags = False
        for snap in snaps:
            anns |= {r["id"] for r in snapshot.rows_of(snap, "annotations")}
            anns |= {r["annotation_id"] for r in snapshot.rows_of(snap, "annotation_tags")}
            linked |= {r["annotation_id"] for r in snapshot.rows_of(snap, "event_sources")}
            events |= {r["id"] for r in snapshot.rows_of(snap, "events")}
            events |= {r["event_id"] for r in snapshot.rows_of(snap, "event_sources")}
            tags = tags or bool(snap.rows["tags"]) or bool(snap.rows["annotation_tags"])
        if any(s.scope.decisions for s in snaps):
            events.add("suggestions")
        articles = {r["article_id"] for s in snaps for r in snapshot.rows_of(s, "annotations")}
        articles |= {a for a, _s, _e in snaps[0].scope.decisions}
        articles |= self._articles_of(anns - {r["id"] for s in snaps for r in snapshot.rows_of(s, "annotations")})
        return ChangeSet(articles=frozenset(articles), annotations=frozenset(anns), tags=tags,
                         events=frozenset(events), event_dates=frozenset(linked))

    def _articles_of(self, annotation_ids: set[str]) -> set[str]:
        out = set()
        for i in annotation_ids:
            try:
                out.add(self.store.annotation(i).article_id)
            except errors.ChronolineError:
                pass
        return out

    def _passage_id(self, passage: Passage) -> tuple[str, bool]:
        """The annotation of exactly this passage: an existing one, or a new id (True) to create."""
        same = next((a for a in self.annotations([passage.article_id])
                     if (a.start, a.end) == (passage.start, passage.end)), None)
        return (same.id, False) if same is not None else (new_id(), True)

    def create_event(self, title: str, when: PartialDate, *, description: str = "", category: str = "Other",
                     sources: Sequence[str | Passage] = (), expression: str = "",
                     decision: tuple[str, int, int] | None = None) -> Event | None:
        """Create an event, annotating any source passage not annotated yet and accepting the date
        suggestion it was made from: one transaction, one undo step."""
        ids: list[str] = []
        new: dict[str, Passage] = {}
        for s in sources:
            if isinstance(s, Passage):
                aid, fresh = self._passage_id(s)
                if fresh:
                    new[aid] = s
                ids.append(aid)
            else:
                ids.append(s)
        event_id = new_id()
        scope = Scope(annotations=frozenset(new), events=frozenset({event_id}),
                      decisions=frozenset({decision}) if decision else frozenset())

        def work() -> Event:
            for aid, p in new.items():
                self.store.add_annotation(p.article_id, p.start, p.end, annotation_id=aid)
            ev = self.store.add_event(title, when, description=description, category=category, source_ids=ids,
                                      expression=expression, event_id=event_id)
            if decision is not None:
                self.store.set_suggestion_decision(*decision, "accepted", event_id)
            return ev

        verb = "Make event" if decision else "Create event"
        return self.run_operation(f"{verb} “{commands.short(title)}”", scope, work)

    def add_source(self, event_id: str, passage: Passage) -> tuple[Event, str] | None:
        """Add a passage (annotated first when needed) as a source of an event: one undo step.

        Returns the event and the annotation id.
        """
        aid, fresh = self._passage_id(passage)
        scope = Scope(annotations=frozenset({aid}) if fresh else frozenset(), events=frozenset({event_id}))

        def work() -> tuple[Event, str]:
            if fresh:
                self.store.add_annotation(passage.article_id, passage.start, passage.end, annotation_id=aid)
            return self.store.add_event_source(event_id, aid), aid

        ev = self.run_quietly(lambda: self.store.event(event_id))
        if ev is None:
            return None
        return self.run_operation(f"Add a source to “{commands.short(ev.title)}”", scope, work)

    def merge_tags_undoably(self, source_id: str, target_id: str) -> int | None:
        """Merge one tag into another as one undo step; returns how many annotations carried it."""
        old = self.run_quietly(lambda: self.store._tag(source_id))
        if old is None:
            return None
        scope = Scope(tags=frozenset({source_id, target_id}))
        return self.run_operation(f"Merge tag “{old.name}”", scope,
                                  lambda: self.store.merge_tags(source_id, target_id))

    def update_extent(self, annotation_id: str, start: int, end: int) -> Annotation | None:
        """Move an annotation to a new passage of its article, as one undo step (undo restores it exactly)."""
        scope = Scope(annotations=frozenset({annotation_id}))
        return self.run_operation("Update extent", scope,
                                  lambda: self.store.update_annotation(annotation_id, extent=(start, end)))

    def decide_suggestion(self, article_id: str, start: int, end: int, decision: str | None,
                          event_id: str = "") -> None:
        """Accept, reject or forget a date suggestion, as one undo step."""
        scope = Scope(decisions=frozenset({(article_id, start, end)}))
        what = {"accepted": "Accept", "rejected": "Reject"}.get(decision or "", "Reconsider")
        self.run_operation(f"{what} a suggested date", scope,
                           lambda: self.store.set_suggestion_decision(article_id, start, end, decision, event_id))

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

    def timeline_columns(self, *, with_first_source: bool = False) -> dict[str, typing.Any]:
        """Every event as the timeline's columns in start order (db.timeline_rows: no object per row)."""
        from db.timeline_rows import timeline_columns

        return timeline_columns(self.store.conn, with_first_source=with_first_source)

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

    def event_record(self, event_id: str) -> Event:
        """One event; raises NotFound (not `event`: that name is QObject's event handler)."""
        return self.store.event(event_id)

    def suggestion_decisions(self, article_id: str) -> dict[tuple[int, int], tuple[str, str]]:
        """(start, end) → (decision, event id) of one article's date suggestions."""
        return self.store.suggestion_decisions(article_id)

    # --- anchors on open ---------------------------------------------------------------------------
    def settle_anchors(self, article_id: str, text: str, updates: Sequence[AnchorUpdate]) -> None:
        """Store where re-anchoring found an article's passages (db.placement), in one transaction.

        Housekeeping, not an undo step (the analyst did nothing); the views hear which annotations
        moved. On a read-only database the new places are used for this session without being saved.
        """
        if not updates:
            return
        ids = {u.annotation_id for u in updates}
        try:
            with self.store.atomic():
                for u in updates:
                    self.store.update_annotation(u.annotation_id, extent=u.extent, status=u.status)
        except errors.ChronolineError as exc:
            log.warning("cannot save %d re-anchored annotation(s): %s", len(updates), exc)
            self._keep_unsaved(article_id, text, updates)
            self._cache_held = True  # the cache holds what the store could not take: not re-read now
        else:
            if len(ids) > 50:  # re-reading many one by one costs more than reading the article's again
                self._annotations.pop(article_id, None)
        try:
            self.changed.emit(ChangeSet(articles=frozenset({article_id}), annotations=frozenset(ids)))
        finally:
            self._cache_held = False

    def _keep_unsaved(self, article_id: str, text: str, updates: Sequence[AnchorUpdate]) -> None:
        """Put re-anchored records that could not be stored in the cache, for this session."""
        from db.placement import with_updates

        cached = self.annotations([article_id])
        by_id = {u.annotation_id: u for u in updates}
        kept = [with_updates(a, by_id[a.id], text) if a.id in by_id else a for a in cached]
        kept.sort(key=lambda x: (x.start, x.end))
        self._annotations[article_id] = kept

    def annotations_named(self, article_id: str, ids: Iterable[str]) -> list[Annotation]:
        """Those of `ids` among an article's annotations (cached), in text order."""
        self.annotations([article_id])
        by_id = self._cached_by_id(article_id)
        return sorted((by_id[i] for i in set(ids) if i in by_id), key=_text_order)

    def _cached_by_id(self, article_id: str) -> dict[str, Annotation]:
        """Id → record of an article's cached annotations, kept in step with its list (rebuilt when replaced)."""
        cached = self._annotations[article_id]
        index = self._by_id.get(article_id)
        if index is None or index[0] is not cached:
            index = self._by_id[article_id] = (cached, {a.id: a for a in cached})
        return index[1]

    def _replace_cached(self, article_id: str, ids: Iterable[str], fresh: dict[str, Annotation]) -> None:
        """Drop `ids` from an article's cached list and put in the fresh records of it, in place (no O(n) copy)."""
        cached = self._annotations[article_id]
        by_id = self._cached_by_id(article_id)
        for i in ids:
            old = by_id.pop(i, None)
            if old is None:
                continue
            at = bisect_left(cached, _text_order(old), key=_text_order)
            while at < len(cached) and cached[at] is not old:
                at += 1
            if at < len(cached):
                del cached[at]
            else:  # not where text order says: the slow way
                cached.remove(old)
        for a in fresh.values():
            if a.article_id == article_id:
                insort(cached, a, key=_text_order)
                by_id[a.id] = a

    _cache_held = False  # True while announcing re-anchored records the store could not save

    def timeline_rows_of(self, ids: Sequence[str], *, with_first_source: bool = False) -> list[tuple]:
        """The timeline tuples of these events only (those still stored), in date order."""
        return self.store.timeline_rows(with_first_source=with_first_source, ids=list(ids))


def _text_order(a: Annotation) -> tuple[int, int]:
    return a.start, a.end


@dataclass(frozen=True)
class Passage:
    """A stretch of an article's text not necessarily annotated yet (code points, end exclusive)."""

    article_id: str
    start: int
    end: int
