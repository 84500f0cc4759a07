"""“Add as source of…”: pick the event a passage from another article corroborates."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.models import Event

_NAV_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def event_line(ev: Event) -> str:
    """One line for a list: date as typed, title, category and the number of sources."""
    n = len(ev.source_ids)
    sources = f"{n} source" if n == 1 else f"{n} sources"
    return f"{ev.date.text or ev.date.label()} — {ev.title}   ·  {ev.category} · {sources}"


class PickEventDialog(QDialog):
    """A filter box over a list of events; `chosen_id()` is the picked event after `exec()`."""

    def __init__(self, events: Sequence[Event], parent: QWidget | None = None, *, quote: str = "",
                 annotation_id: str = "", title: str = "Add as source of…") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.filter = QLineEdit(placeholderText="Filter events by title, date, category…",
                                clearButtonEnabled=True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        for ev in events:
            item = QListWidgetItem(event_line(ev))
            item.setData(Qt.ItemDataRole.UserRole, ev.id)
            item.setToolTip(ev.description or ev.title)
            if annotation_id and annotation_id in ev.source_ids:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
                item.setText(item.text() + "  (already a source)")
            self.list.addItem(item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add as source")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        if quote:
            q = " ".join(quote.split())
            head = QLabel(f"Passage: “{q if len(q) <= 160 else q[:159] + '…'}”")
            head.setWordWrap(True)
            lay.addWidget(head)
        lay.addWidget(self.filter)
        lay.addWidget(self.list, 1)
        lay.addWidget(self.buttons)
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.installEventFilter(self)
        self.list.currentItemChanged.connect(lambda _c, _p: self._update_ok())
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.resize(560, 380)
        self.apply_filter("")
        self.filter.setFocus()

    def apply_filter(self, text: str) -> None:
        """Hide events not matching every word of `text`; keep a visible one current."""
        words = text.casefold().split()
        first_visible = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = not all(w in item.text().casefold() for w in words)
            item.setHidden(hidden)
            if not hidden and first_visible is None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                first_visible = item
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self.list.setCurrentItem(first_visible)
        self._update_ok()

    def chosen_id(self) -> str | None:
        """The id of the current (visible, enabled) event, or None."""
        item = self.list.currentItem()
        if item is None or item.isHidden() or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return None
        return item.data(Qt.ItemDataRole.UserRole)

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(self.chosen_id() is not None)

    def accept(self) -> None:
        """Close only when an event is chosen."""
        if self.chosen_id() is not None:
            super().accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Up/Down in the filter box move through the list."""
        if (watched is self.filter and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in _NAV_KEYS):
            QCoreApplication.sendEvent(self.list, QKeyEvent(event.type(), event.key(), event.modifiers()))
            return True
        return super().eventFilter(watched, event)

    @classmethod
    def get_event_id(cls, events: Sequence[Event], parent: QWidget | None = None, *, quote: str = "",
                     annotation_id: str = "") -> str | None:
        """Run the dialog modally; the chosen event id, or None when cancelled."""
        dlg = cls(events, parent, quote=quote, annotation_id=annotation_id)
        try:
            return dlg.chosen_id() if dlg.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dlg.deleteLater()
