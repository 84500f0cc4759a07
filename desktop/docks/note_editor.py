"""The note editor: the selected annotation's quote, note, tags and colour, saved as you type."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QColorDialog,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.models import Annotation
from db.store_tags import annotation_color

SAVE_DELAY_MS = 400


class _TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma."""

    def pathFromIndex(self, index) -> str:  # noqa: ANN001, N802
        head = self.widget().text().rsplit(",", 1)[0] if "," in self.widget().text() else ""
        value = index.data()
        return f"{head}, {value}" if head else value

    def splitPath(self, path: str) -> list[str]:  # noqa: N802
        return [path.rsplit(",", 1)[-1].strip()]


class NoteEditor(QWidget):
    """Edits one annotation; emits an edit after typing pauses (no Save button)."""

    noteEdited = Signal(str, str)  # noqa: N815 - annotation id, note
    tagsEdited = Signal(str, list)  # noqa: N815
    colorEdited = Signal(str, str)  # noqa: N815
    escapePressed = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.annotation: Annotation | None = None
        self.quote = QLabel("Select a passage and press Ctrl+Alt+M to annotate it.")
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote.setStyleSheet("QLabel { font-style: italic; padding: 4px; }")
        self.note = QPlainTextEdit(placeholderText="Note…")
        self.note.setTabChangesFocus(True)
        self.tags = QLineEdit(placeholderText="tags, comma separated")
        self.tag_names = QStringListModel(self)
        completer = _TagCompleter(self.tag_names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)
        self.color = QPushButton("Tag colour")
        self.color.setToolTip("Colour of this annotation (default: its first tag's colour)")
        self.status = QLabel("")
        self.status.setEnabled(False)
        form = QFormLayout()
        form.addRow("Note", self.note)
        form.addRow("Tags", self.tags)
        row = QHBoxLayout()
        row.addWidget(self.color)
        row.addStretch(1)
        row.addWidget(self.status)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.quote)
        lay.addLayout(form, 1)
        lay.addLayout(row)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS, timeout=self.flush)
        self.note.textChanged.connect(self._typed)
        self.tags.editingFinished.connect(self._tags_done)
        self.color.clicked.connect(self._pick_color)
        self.note.installEventFilter(self)
        self.tags.installEventFilter(self)
        self.set_annotation(None)

    def set_tag_names(self, names: list[str]) -> None:
        self.tag_names.setStringList(names)

    def set_annotation(self, a: Annotation | None) -> None:
        """Show an annotation (saving any pending note first); None clears the editor."""
        pending = self._timer.isActive()
        if pending:
            self.flush()
        same = a is not None and self.annotation is not None and a.id == self.annotation.id
        if self.annotation is not None and not same:
            self._tags_done()  # tags typed for the previous annotation are kept, not carried over
        old = self.annotation
        tags_typing = same and self.tags.hasFocus() and old is not None and tuple(self._typed_tags()) != old.tags
        if same and pending:
            # `a` was read before the pending note was saved: what was typed is the note now
            a = replace(a, note=self.note.toPlainText())
        self.annotation = a
        enabled = a is not None
        for w in (self.note, self.tags, self.color):
            w.setEnabled(enabled)
        if a is None:
            self.quote.setText("Select a passage and press Ctrl+Alt+M to annotate it.")
            self.note.blockSignals(True)
            self.note.setPlainText("")
            self.note.blockSignals(False)
            self.tags.setText("")
            self.status.setText("")
            return
        q = " ".join(a.exact.split())
        self.quote.setText(f"“{q[:400]}{'…' if len(q) > 400 else ''}”")
        if not same or self.note.toPlainText() != a.note:
            # another annotation, or a change from elsewhere (undo, another window): show it, even
            # while the field has focus, or leaving the field would write the stale text back
            at_end = self.note.textCursor().atEnd()
            self.note.blockSignals(True)
            self.note.setPlainText(a.note)
            self.note.blockSignals(False)
            if same and at_end:
                self.note.moveCursor(QTextCursor.MoveOperation.End)
        tags = ", ".join(a.tags)
        if not tags_typing and self.tags.text() != tags:
            self.tags.setText(tags)
        self.status.setText({"fuzzy": "⚠ passage moved", "orphan": "⚠ passage not found"}.get(a.status, "Saved"))

    def focus_note(self) -> None:
        self.note.setFocus()

    def _typed(self) -> None:
        self.status.setText("Editing…")
        self._timer.start()

    def flush(self) -> None:
        """Save a pending note edit now."""
        self._timer.stop()
        if self.annotation is not None and self.note.toPlainText() != self.annotation.note:
            self.annotation = replace(self.annotation, note=self.note.toPlainText())
            self.noteEdited.emit(self.annotation.id, self.annotation.note)

    def _tags_done(self) -> None:
        if self.annotation is None:
            return
        names = self._typed_tags()
        if tuple(names) != self.annotation.tags:
            # remember first: the save echoes back into set_annotation, which must see it as done
            self.annotation = replace(self.annotation, tags=tuple(names))
            self.tagsEdited.emit(self.annotation.id, names)

    def _typed_tags(self) -> list[str]:
        return [t.strip() for t in self.tags.text().split(",") if t.strip()]

    def _pick_color(self) -> None:
        if self.annotation is None:
            return
        c = QColorDialog.getColor(QColor(annotation_color(self.annotation.color)), self, "Annotation colour")
        if c.isValid():
            self.colorEdited.emit(self.annotation.id, c.name())

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
        if ev.type() == ev.Type.KeyPress and ev.key() == Qt.Key.Key_Escape:
            self.flush()
            self._tags_done() if obj is self.tags else None
            self.escapePressed.emit()
            return True
        if ev.type() == ev.Type.FocusOut and obj is self.note:
            self.flush()
        return False
