"""Tag manager: rename, recolour, merge two tags, delete (confirmation names the annotation count)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def swatch(color: str, size: int = 14) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(color))
    return QIcon(pm)


class TagManager(QDialog):
    """Lists tags with their use counts; every change goes through the workspace."""

    def __init__(self, workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setWindowTitle("Tags")
        self.list = QListWidget()
        self.list.itemDoubleClicked.connect(lambda _i: self.rename())
        buttons = QVBoxLayout()
        for text, slot in (("Rename…", self.rename), ("Colour…", self.recolor), ("Merge into…", self.merge),
                           ("Delete…", self.delete), ("Close", self.accept)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QHBoxLayout(self)
        lay.addWidget(self.list, 1)
        lay.addLayout(buttons)
        self.resize(420, 320)
        self.ws.changed.connect(lambda cs: self.reload() if cs.everything or cs.tags or cs.annotations else None)
        self.reload()

    def reload(self) -> None:
        current = self._current()
        self.list.clear()
        for u in self.ws.tag_usage():
            item = QListWidgetItem(swatch(u.tag.color), f"{u.tag.name}  ({u.count})")
            item.setData(Qt.ItemDataRole.UserRole, u.tag)
            item.setData(Qt.ItemDataRole.UserRole + 1, u.count)
            self.list.addItem(item)
            if current and u.tag.id == current.id:
                self.list.setCurrentItem(item)

    def _current(self):  # noqa: ANN202
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def rename(self) -> None:
        tag = self._current()
        if tag is None:
            return
        name, ok = QInputDialog.getText(self, "Rename tag", "New name:", text=tag.name)
        if ok and name.strip() and name.strip() != tag.name:
            self.ws.rename_tag(tag.id, name.strip())

    def recolor(self) -> None:
        tag = self._current()
        if tag is None:
            return
        c = QColorDialog.getColor(QColor(tag.color), self, f"Colour of “{tag.name}”")
        if c.isValid():
            self.ws.recolor_tag(tag.id, c.name())

    def merge(self) -> None:
        tag = self._current()
        if tag is None:
            return
        others = [u.tag for u in self.ws.tag_usage() if u.tag.id != tag.id]
        if not others:
            return
        name, ok = QInputDialog.getItem(self, "Merge tags", f"Merge “{tag.name}” into:",
                                        [t.name for t in others], 0, False)
        if ok:
            target = next(t for t in others if t.name == name)
            self.ws.merge_tags(tag.id, target.id)

    def delete(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        tag, count = item.data(Qt.ItemDataRole.UserRole), item.data(Qt.ItemDataRole.UserRole + 1)
        answer = QMessageBox.question(
            self, "Delete tag",
            f"Delete the tag “{tag.name}”? {count} annotation{'s' if count != 1 else ''} carry it; "
            "the annotations stay, only the tag is removed.")
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.delete_tag(tag.id)
