"""Search everywhere (Ctrl+Shift+F): article text, quotes, notes and tags, results with context."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class SearchPanel(QWidget):
    """Type to search; activating a result opens its passage."""

    hitActivated = Signal(object)  # noqa: N815 - SearchHit

    def __init__(self, store_search, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._search = store_search
        self.edit = QLineEdit(placeholderText="Search all articles, notes and tags…", clearButtonEnabled=True)
        self.summary = QLabel("")
        self.summary.setEnabled(False)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.edit)
        lay.addWidget(self.summary)
        lay.addWidget(self.results, 1)
        self._timer = QTimer(self, singleShot=True, interval=200, timeout=self.run)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.run)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def run(self) -> None:
        self._timer.stop()
        text = self.edit.text()
        self.results.clear()
        hits = self._search(text) if text.strip() else []
        for h in hits:
            kind = {"article": "Text", "annotation": "Annotation", "tag": "Tag"}[h.kind]
            item = QListWidgetItem(f"{kind} · {h.article_title}\n{' '.join(h.snippet.split())}")
            item.setData(Qt.ItemDataRole.UserRole, h)
            self.results.addItem(item)
        self.summary.setText(f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if text.strip() else "")

    def _activated(self, item: QListWidgetItem) -> None:
        self.hitActivated.emit(item.data(Qt.ItemDataRole.UserRole))
