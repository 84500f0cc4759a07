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
from db.changes import Changes, between
from db.clock import new_id
from db.models import Annotation, Article, Event, PartialDate
from db.placement import AnchorUpdate, Placements, place
from db.snapshot import Scope
from desktop import commands

log = logging.getLogger(__name__)

if typing.TYPE_CHECKING:  # the frozen records the queries below return
    from db.agreement_index import AgreementIndex
    from db.folder_import import Candidate, ImportSummary
    from db.importing import ImportedText
    from db.models import Article, ArticleSummary, Tag
    from db.store_annotations import DeletedAnnotation
    from db.store_search import ArticleHits
    from db.store_tags import TagUsage
    from desktop.agreement import AgreementTracker


class Workspace(QObject):
    """The desk's single door to the data: every write goes through here."""

    changed = Signal(object)  # db.changes.Changes: what one write changed
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
        self._found_at: dict[str, tuple[int, int]] = {}  # fuzzy re-anchoring: where a moved passage was found
        self._tag_colors: dict[str, str] | None = None  # tag name → colour, read once per tag change
        self.changed.connect(self._update_cache)

    # --- plumbing ------------------------------------------------------------------------------
    def _row_writes(self) -> commands.AnnotationRowWrites:
        """The writes an annotation's create/delete undo step replays."""
        return commands.AnnotationRowWrites(self.store.annotations.delete, self._restore_row)

    def _update_row(self, annotation_id: str, **fields: object) -> set[str]:
        """Replay an annotation edit; the ids of the tags it had to make again (deleted meanwhile)."""
        known = self._tag_ids()
        self.store.annotations.update(annotation_id, **fields)
        return self._tags_added(known)

    def _restore_row(self, deleted: DeletedAnnotation) -> set[str]:
        """Put a deleted annotation back; the ids of the tags that had to be made again (deleted meanwhile)."""
        known = self._tag_ids()
        self.store.annotations.restore(deleted)
        return self._tags_added(known)

    def run_quietly(self, fn: Callable[[], object]) -> object | None:
        """Run a store call; a ChronolineError becomes `errorOccurred` instead of an exception."""
        try:
            return fn()
        except errors.ChronolineError as exc:
            log.warning("store call failed: %s", exc)
            self.errorOccurred.emit(str(exc))
            return None

    def refresh(self) -> None:
        """Tell every view to reload (another window may have written)."""
        self.changed.emit(Changes.all())

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
        art = self.run_quietly(lambda: self.store.articles.update(article_id, **fields))
        if art is not None:
            self.changed.emit(Changes(article_meta={article_id}))
        return art

    # --- annotations ---------------------------------------------------------------------------
    def annotations(self, article_ids: Sequence[str] | None = None) -> list[Annotation]:
        """Annotations of the given articles in text order (cached per article); all when None (not cached)."""
        if article_ids is None:
            return self.store.annotations.all()
        out: list[Annotation] = []
        for aid in article_ids:
            cached = self._annotations.get(aid)
            if cached is None:
                cached = self._annotations[aid] = self.store.annotations.of([aid])
            out.extend(cached)
        return out

    def _update_cache(self, cs: Changes) -> None:
        if cs.everything or cs.tags:
            self._tag_colors = None
        if cs.everything:
            self._found_at.clear()  # merged or reloaded: placed again when next shown
        if self._cache_held:
            return
        if cs.everything:
            self._annotations.clear()
        elif cs.annotations:
            self._recache(cs.annotations, cs.annotated_articles)

    def _recache(self, ids: set[str] | frozenset[str], article_ids: set[str] | frozenset[str],
                 replacement: Annotation | None = None) -> None:
        """Re-read the changed annotations of cached articles (removed ones drop out)."""
        fresh: dict[str, Annotation] = {}
        for i in ids:
            if replacement is not None and replacement.id == i:
                fresh[i] = replacement
                continue
            try:
                fresh[i] = self.store.annotations.get(i)
            except errors.ChronolineError:
                pass
        for aid in article_ids or list(self._annotations):
            if self._annotations.get(aid) is not None:
                self._replace_cached(aid, ids, fresh)

    def add_annotation(self, article_id: str, start: int, end: int, *, note: str = "",
                       tags: Sequence[str] = ()) -> Annotation | None:
        known = self._tag_ids() if tags else None
        ann = self.run_quietly(lambda: self.store.annotations.add(article_id, start, end, note=note, tags=tags))
        if ann is None:
            return None
        self.undo_stack.push(commands.CreateAnnotation(self, ann, self._row_writes()))
        self.changed.emit(Changes(annotations_added={ann.id}, annotated_articles={article_id},
                                  tags_added=self._tags_added(known)))
        return ann

    def delete_annotation(self, annotation_id: str) -> None:
        deleted = self.run_quietly(lambda: self.store.annotations.delete(annotation_id))
        if deleted is None:
            return
        self.undo_stack.push(commands.DeleteAnnotation(self, deleted, self._row_writes()))
        self.changed.emit(commands.annotation_deleted(deleted))

    def edit_annotation(self, annotation_id: str, *, note: str | None = None, color: str | None = None,
                        tags: Sequence[str] | None = None, extent: tuple[int, int] | None = None) -> Annotation | None:
        """Change one aspect; each change is one undo step (typing in a note merges)."""
        if extent is not None and note is None and color is None and tags is None:
            moved = self.update_extent(annotation_id, *extent)
            if moved is not None:
                self._found_at.pop(annotation_id, None)  # the analyst placed it: no longer where re-anchoring put it
            return moved
        before = self.run_quietly(lambda: self.store.annotations.get(annotation_id))
        if before is None:
            return None
        known = self._tag_ids() if tags else None
        after = self.run_quietly(lambda: self.store.annotations.update(
            annotation_id, note=note, color=color, tags=tags, extent=extent))
        if after is None:
            return None
        what = "note" if note is not None else "colour" if color is not None else "tags" if tags is not None else "extent"
        if extent is not None:
            self._found_at.pop(annotation_id, None)
        self.undo_stack.push(commands.EditAnnotation(self, before, after, what, self._update_row))
        self.changed.emit(Changes(annotations_updated={annotation_id}, annotated_articles={after.article_id},
                                  tags_added=self._tags_added(known)))
        return after

    def tag_colors(self) -> dict[str, str]:
        """Tag name → colour (what the panes, the tables and the timeline paint with)."""
        if self._tag_colors is None:
            self._tag_colors = {t.name: t.color for t in self.tags()}
        return self._tag_colors

    def found_at(self, annotation_id: str) -> tuple[int, int] | None:
        """Where re-anchoring found a moved (fuzzy) passage this session, if it did."""
        return self._found_at.get(annotation_id)

    def accept_found_position(self, annotation_id: str) -> bool:
        """Confirm moved passage: the annotation takes the place re-anchoring found (one undo step)."""
        span = self._found_at.get(annotation_id)
        if span is None:
            return False
        return self.edit_annotation(annotation_id, extent=span) is not None

    def _tag_ids(self) -> set[str]:
        """Ids of every tag (to tell which tags a write created)."""
        return {t.id for t in self.run_quietly(self.store.tags.all) or ()}

    def _tags_added(self, known: set[str] | None) -> set[str]:
        """Tags that exist now and were not `known` (None: the write named no tags)."""
        return set() if known is None else self._tag_ids() - known

    # --- tags ------------------------------------------------------------------------------------
    def rename_tag(self, tag_id: str, name: str) -> None:
        """Rename a tag, as one undo step (the annotations carrying it are named as updated)."""
        old = self.run_quietly(lambda: self.store.tags.get(tag_id))
        if old is not None:
            self.run_operation(f"Rename tag “{old.name}” to “{name}”", Scope(tags=frozenset({tag_id})),
                               lambda: self.store.tags.rename(tag_id, name))

    def recolor_tag(self, tag_id: str, color: str) -> None:
        """Give a tag another colour, as one undo step."""
        old = self.run_quietly(lambda: self.store.tags.get(tag_id))
        if old is not None:
            self.run_operation(f"Recolour tag “{old.name}”", Scope(tags=frozenset({tag_id})),
                               lambda: self.store.tags.recolor(tag_id, color))

    def delete_tag(self, tag_id: str) -> None:
        """Delete a tag from every annotation, as one undo step."""
        tag = self.run_quietly(lambda: self.store.tags.get(tag_id))
        if tag is not None:
            self.run_operation(f"Delete tag “{tag.name}”", Scope(tags=frozenset({tag_id})),
                               lambda: self.store.tags.delete(tag_id))

    # --- events ----------------------------------------------------------------------------------
    def edit_event(self, event_id: str, **changes: object) -> Event | None:
        """Change title/date/description/category/sources of an event, as one undo step."""
        before = self.run_quietly(lambda: self.store.events.get(event_id))
        if before is None:
            return None
        fields = {"title": before.title, "date": before.date, "description": before.description,
                  "category": before.category, "source_ids": before.source_ids}
        fields.update({k: v for k, v in changes.items() if v is not None})
        want = replace(before, **fields)
        return self.run_operation(f"Edit event “{commands.short(want.title)}”", Scope(events=frozenset({event_id})),
                                  lambda: self.store.events.update(
                                      event_id, title=want.title, when=want.date, description=want.description,
                                      category=want.category, source_ids=want.source_ids))

    def delete_event(self, event_id: str) -> None:
        """Delete an event (its source annotations stay), as one undo step."""
        ev = self.run_quietly(lambda: self.store.events.get(event_id))
        if ev is not None:
            self.run_operation(f"Delete event “{commands.short(ev.title)}”", Scope(events=frozenset({event_id})),
                               lambda: self.store.events.delete(event_id))

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
        done, undone = self.snapshot_changes(before, after), self.snapshot_changes(after, before)
        self.undo_stack.push(commands.SnapshotCommand(self, text, before, after, done, undone,
                                                      lambda snap: snapshot.restore(self.store, snap)))
        self.changed.emit(done)
        return result

    def snapshot_changes(self, before: snapshot.Snapshot, after: snapshot.Snapshot) -> Changes:
        """What going from `before` to `after` changes, named for the views (db.changes.between)."""
        return between(before, after, self._articles_of)

    def _articles_of(self, annotation_ids: Iterable[str]) -> dict[str, str]:
        """Annotation id → article id, for those still stored."""
        try:
            return {i: span[0] for i, span in self.store.agreement.annotation_spans(sorted(annotation_ids)).items()}
        except errors.ChronolineError:
            return {}

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
                self.store.annotations.add(p.article_id, p.start, p.end, annotation_id=aid)
            ev = self.store.events.add(title, when, description=description, category=category, source_ids=ids,
                                      expression=expression, event_id=event_id)
            if decision is not None:
                self.store.decisions.decide(*decision, "accepted", event_id)
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
                self.store.annotations.add(passage.article_id, passage.start, passage.end, annotation_id=aid)
            return self.store.events.add_source(event_id, aid), aid

        ev = self.run_quietly(lambda: self.store.events.get(event_id))
        if ev is None:
            return None
        return self.run_operation(f"Add a source to “{commands.short(ev.title)}”", scope, work)

    def merge_tags(self, source_id: str, target_id: str) -> int | None:
        """Merge one tag into another as one undo step; returns how many annotations carried it."""
        old = self.run_quietly(lambda: self.store.tags.get(source_id))
        if old is None:
            return None
        scope = Scope(tags=frozenset({source_id, target_id}))
        return self.run_operation(f"Merge tag “{old.name}”", scope,
                                  lambda: self.store.tags.merge(source_id, target_id))

    def update_extent(self, annotation_id: str, start: int, end: int) -> Annotation | None:
        """Move an annotation to a new passage of its article, as one undo step (undo restores it exactly)."""
        scope = Scope(annotations=frozenset({annotation_id}))
        return self.run_operation("Update extent", scope,
                                  lambda: self.store.annotations.update(annotation_id, extent=(start, end)))

    def decide_suggestion(self, article_id: str, start: int, end: int, decision: str | None,
                          event_id: str = "") -> None:
        """Accept, reject or forget a date suggestion, as one undo step."""
        scope = Scope(decisions=frozenset({(article_id, start, end)}))
        what = {"accepted": "Accept", "rejected": "Reject"}.get(decision or "", "Reconsider")
        self.run_operation(f"{what} a suggested date", scope,
                           lambda: self.store.decisions.decide(article_id, start, end, decision, event_id))

    # --- the rest of the desk reads and writes only through these (the Store stays private) ---------
    agreement_tracker: AgreementTracker | None = None  # desktop.agreement.AgreementTracker.of makes it on first use

    def tags(self) -> list[Tag]:
        return self.store.tags.all()

    def tag_usage(self) -> list[TagUsage]:
        """Every tag with how many annotations carry it."""
        return self.store.tags.usage()

    def recent_tags(self, limit: int = 9) -> list[Tag]:
        return self.store.tags.recent(limit)

    def articles(self) -> list[ArticleSummary]:
        return self.store.articles.all()

    def article(self, article_id: str) -> Article:
        return self.store.articles.get(article_id)

    def annotation(self, annotation_id: str) -> Annotation:
        return self.store.annotations.get(annotation_id)

    def events(self) -> list[Event]:
        return self.store.events.all()

    def event_by_id(self, event_id: str) -> Event:
        """One event (raises NotFound); not `event`, which would override QObject.event."""
        return self.store.events.get(event_id)

    def events_by_id(self, ids: Sequence[str]) -> list[Event]:
        return self.store.events.by_id(ids)

    def events_by_annotation(self) -> dict[str, list[str]]:
        """Event ids by source annotation id."""
        return self.store.events.by_annotation()

    def categories(self) -> list[str]:
        return self.store.events.categories()

    def counts(self) -> tuple[int, int, int]:
        """How many articles, annotations and events the database holds."""
        return self.store.articles.count(), self.store.annotations.count(), self.store.events.count()

    def search_hits(self, query: str) -> list[ArticleHits]:
        return self.store.search.grouped(query)

    def search_spans(self, query: str, article_id: str) -> list[tuple[int, int]]:
        return self.store.search.spans(query, article_id)

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
        return self.store.events.timeline_columns(with_first_source=with_first_source)

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
        art = self.run_quietly(lambda: self.store.articles.add(title, text, **fields))
        if art is not None:
            self.changed.emit(Changes(articles_added={art.id}))
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
            self.changed.emit(Changes(articles_added=ids))

    def close(self) -> None:
        """Close the database (the window using this workspace is gone)."""
        self.store.close()

    def event_record(self, event_id: str) -> Event:
        """One event; raises NotFound (not `event`: that name is QObject's event handler)."""
        return self.store.events.get(event_id)

    def suggestion_decisions(self, article_id: str) -> dict[tuple[int, int], tuple[str, str]]:
        """(start, end) → (decision, event id) of one article's date suggestions."""
        return self.store.decisions.of_article(article_id)

    # --- anchors on open ---------------------------------------------------------------------------
    def place(self, text: str, anns: list[Annotation], shown: dict[str, Annotation] | None = None) -> list[Annotation]:
        """Annotations where they are painted (db.placement decides; moved passages remembered); no write."""
        placed = place(text, anns, shown)
        self._found_at.update(placed.fuzzy)
        return list(placed.shown)

    def open_placements(self, article: Article) -> Placements:
        """Place an article's annotations as it opens, storing moved anchors first (settle_anchors)."""
        placed = place(article.text, self.annotations([article.id]))
        if placed.updates:
            self.settle_anchors(article.id, article.text, placed.updates)
            placed = place(article.text, self.annotations([article.id]))
        self._found_at.update(placed.fuzzy)
        return placed

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
                    self.store.annotations.update(u.annotation_id, extent=u.extent, status=u.status)
        except errors.ChronolineError as exc:
            log.warning("cannot save %d re-anchored annotation(s): %s", len(updates), exc)
            self._keep_unsaved(article_id, text, updates)
            self._cache_held = True  # the cache holds what the store could not take: not re-read now
        else:
            if len(ids) > 50:  # re-reading many one by one costs more than reading the article's again
                self._annotations.pop(article_id, None)
        try:
            self.changed.emit(Changes(annotations_updated=ids, annotated_articles={article_id}))
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
        return self.store.events.timeline_rows(with_first_source=with_first_source, ids=list(ids))


def _text_order(a: Annotation) -> tuple[int, int]:
    return a.start, a.end


@dataclass(frozen=True)
class Passage:
    """A stretch of an article's text not necessarily annotated yet (code points, end exclusive)."""

    article_id: str
    start: int
    end: int
