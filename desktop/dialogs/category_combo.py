"""Choosing an event's category from a list: typing picks an existing one ("o" is "Operation"), whatever
the case; a new category is made only through "New category…", which asks for its name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QInputDialog, QWidget

from db.categories import clean_category, match_category

NEW_CATEGORY = "New category…"
_NEW = "new"  # item data of the "New category…" entry


class CategoryCombo(QComboBox):
    """A non-editable list of categories with a "New category…" entry at the end."""

    categoryCreated = Signal(str)  # noqa: N815

    def __init__(self, categories: Sequence[str], current: str = "Other", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(False)
        self.setToolTip("Type the first letters to pick a category; choose “New category…” to add one")
        self._typing = False
        self._names: list[str] = []
        for name in categories:
            if match_category(name, self._names) is None:
                self._names.append(name)
        self._fill()
        self.set_category(current)
        self._last = self.currentIndex()
        self.currentIndexChanged.connect(self._moved)
        self.activated.connect(self._picked)

    def _fill(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItems(self._names)
        self.insertSeparator(self.count())
        self.addItem(NEW_CATEGORY, _NEW)
        self.blockSignals(False)

    def category(self) -> str:
        """The chosen category."""
        index = self.currentIndex()
        if index < 0 or self.itemData(index) == _NEW:
            index = self._last
        return self.itemText(index) if index >= 0 else "Other"

    def set_category(self, name: str) -> str:
        """Select a category (an existing one when it matches, ignoring case; else it is added)."""
        found = match_category(name, self._names)
        if found is None:
            found = clean_category(name)
            self._names.append(found)
            self._fill()
        self.setCurrentIndex(self._names.index(found))
        self._last = self.currentIndex()
        return found

    @property
    def typing(self) -> bool:
        """Whether the current change comes from type-ahead (keys), not a pick from the list."""
        return self._typing

    def ask_name(self) -> str | None:
        """Ask for a new category's name (tests replace this)."""
        text, ok = QInputDialog.getText(self, "New category", "Name of the new category:")
        return text if ok and text.strip() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Type-ahead picks categories only: typing "n" never opens the new-category question."""
        self._typing = bool(event.text()) and event.text().isprintable()
        try:
            super().keyPressEvent(event)
        finally:
            self._typing = False

    def _moved(self, index: int) -> None:
        if self.itemData(index) != _NEW:
            self._last = index
        elif self._typing:  # type-ahead reached the entry: stay on the category
            self.setCurrentIndex(self._last)

    def _picked(self, index: int) -> None:
        if self.itemData(index) != _NEW:
            return
        name = None if self._typing else self.ask_name()
        if not name:
            self.setCurrentIndex(self._last)
            return
        existing = match_category(name, self._names)
        chosen = self.set_category(name)
        if existing is None:
            self.categoryCreated.emit(chosen)
