"""Undo commands: each step is persisted at once; undo and redo replay the writes the Workspace hands them
(the commands never reach the Store themselves)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from db.changes import Changes
from db.models import Annotation
from db.snapshot import Snapshot
from db.store_annotations import DeletedAnnotation
from db.wording import shorten

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

NOTE_MERGE_ID = 1001


class StoreCommand(QUndoCommand):
    """A command whose first redo already happened (the write was done before pushing)."""

    def __init__(self, text: str, ws) -> None:
        super().__init__(text)
        self.ws = ws
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.ws.run_quietly(self.do)

    def undo(self) -> None:
        self.ws.run_quietly(self.undo_it)

    def do(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def undo_it(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class AnnotationRowWrites:
    """The two writes that take an annotation row out and put it back, as the Workspace hands them over."""

    def __init__(self, delete: Callable[[str], DeletedAnnotation],
                 restore: Callable[[DeletedAnnotation], set[str]]) -> None:
        self.delete, self.restore = delete, restore  # restore returns the ids of tags it had to make again


class CreateAnnotation(StoreCommand):
    def __init__(self, ws, ann: Annotation, writes: AnnotationRowWrites) -> None:
        super().__init__(f"Annotate “{short(ann.exact)}”", ws)
        self.ann, self.writes = ann, writes
        self.deleted: DeletedAnnotation | None = None

    def do(self) -> None:
        assert self.deleted is not None
        made = self.writes.restore(self.deleted)
        self.ws.changed.emit(annotation_restored(self.deleted, made))

    def undo_it(self) -> None:
        self.deleted = self.writes.delete(self.ann.id)
        self.ws.changed.emit(annotation_deleted(self.deleted))


class DeleteAnnotation(StoreCommand):
    def __init__(self, ws, deleted: DeletedAnnotation, writes: AnnotationRowWrites) -> None:
        super().__init__(f"Delete annotation “{short(deleted.annotation.exact)}”", ws)
        self.deleted, self.writes = deleted, writes

    def do(self) -> None:
        self.deleted = self.writes.delete(self.deleted.annotation.id)
        self.ws.changed.emit(annotation_deleted(self.deleted))

    def undo_it(self) -> None:
        made = self.writes.restore(self.deleted)
        self.ws.changed.emit(annotation_restored(self.deleted, made))


class EditAnnotation(StoreCommand):
    """Note, colour, tags or extent; consecutive note edits of one annotation merge into one step."""

    def __init__(self, ws, before: Annotation, after: Annotation, what: str,
                 update: Callable[..., set[str]]) -> None:  # update returns the ids of tags it had to make
        super().__init__(f"Edit {what} of “{short(before.exact)}”", ws)
        self.before, self.after, self.what, self.update = before, after, what, update

    def id(self) -> int:
        return NOTE_MERGE_ID if self.what == "note" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, EditAnnotation) or other.what != "note" or other.after.id != self.after.id:
            return False
        self.after = other.after
        return True

    def _apply(self, a: Annotation) -> None:
        made = self.update(a.id, note=a.note, color=a.color, tags=a.tags,
                           extent=(a.start, a.end) if self.what == "extent" else None)
        self.ws.changed.emit(Changes(annotations_updated={a.id}, annotated_articles={a.article_id}, tags_added=made))

    def do(self) -> None:
        self._apply(self.after)

    def undo_it(self) -> None:
        self._apply(self.before)


class SnapshotCommand(StoreCommand):
    """A compound action undone and redone by putting its rows back as captured (db.snapshot)."""

    def __init__(self, ws, text: str, before: Snapshot, after: Snapshot, done: Changes, undone: Changes,
                 restore: Callable[[Snapshot], None]) -> None:
        super().__init__(text, ws)
        self.before, self.after, self.restore = before, after, restore
        self.done, self.undone = done, undone  # what redo and undo change (one the mirror of the other)

    def do(self) -> None:
        self.restore(self.after)
        self.ws.changed.emit(self.done)

    def undo_it(self) -> None:
        self.restore(self.before)
        self.ws.changed.emit(self.undone)


def annotation_deleted(d: DeletedAnnotation) -> Changes:
    """A deleted annotation: gone from its article, and from the sources of the events it was one of."""
    return Changes(annotations_removed={d.annotation.id}, annotated_articles={d.annotation.article_id},
                   events_updated={e for e, _ in d.event_links})


def annotation_restored(d: DeletedAnnotation, tags_made: Iterable[str] = ()) -> Changes:
    """A deleted annotation put back, with its tags (those deleted meanwhile made again) and its place
    among its events' sources."""
    linked = {e for e, _ in d.event_links}
    return Changes(annotations_added={d.annotation.id}, annotated_articles={d.annotation.article_id},
                   events_updated=linked, event_dates={d.annotation.id} if linked else (), tags_added=tags_made)


def short(text: str) -> str:
    """An undo step's quote of a text: one line, at most 30 characters."""
    return shorten(text, 30)
