"""Drag-selecting snaps to whole words (a drag ending at "Shehb" takes "Shehbaz"); Alt-drag is exact
(Ctrl-drag too, for desktops whose window manager takes Alt-drag to move windows).

As in word processors, a drag that stays inside one word selects exact characters; once it crosses
a word boundary, both ends grow to whole words. Keyboard selection (Shift+arrows) is never changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent, QTextCursor

if TYPE_CHECKING:
    from db.models import Article


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _inside_word(text: str, pos: int) -> bool:
    """Whether pos falls between two characters of the same word."""
    return 0 < pos < len(text) and _is_word(text[pos - 1]) and _is_word(text[pos])


def word_start(text: str, pos: int) -> int:
    while pos > 0 and _is_word(text[pos - 1]):
        pos -= 1
    return pos


def word_end(text: str, pos: int) -> int:
    while pos < len(text) and _is_word(text[pos]):
        pos += 1
    return pos


def snap_to_words(text: str, anchor: int, pos: int) -> tuple[int, int]:
    """(anchor, pos) of a mouse selection grown to whole words (code points; pos may be before anchor).

    Unchanged when both ends are in the same word, so a part of a word can still be dragged over.
    """
    lo, hi = min(anchor, pos), max(anchor, pos)
    if lo == hi or not any(not _is_word(c) for c in text[lo:hi]):
        return anchor, pos
    if _inside_word(text, lo):
        lo = word_start(text, lo)
    if _inside_word(text, hi):
        hi = word_end(text, hi)
    return (lo, hi) if anchor <= pos else (hi, lo)


def _exact(event: QMouseEvent) -> bool:
    return bool(event.modifiers() & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier))


class WordSnapMixin:
    """Mouse-drag selection in whole words for a QPlainTextEdit with `offsets` and `article`."""

    article: Article | None = None  # the article shown (set by the view)
    _drag_anchor: int | None = None  # document (UTF-16) position where the left button went down
    _drag_exact = False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mousePressEvent(event)
        c = self.textCursor()
        plain = event.button() == Qt.MouseButton.LeftButton and not (
            event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._drag_anchor = c.position() if plain and not c.hasSelection() else None
        self._drag_exact = _exact(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._drag_anchor = None  # Qt's own word-by-word double-click drag
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._snap_selection(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._snap_selection(event)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_anchor = None

    def _snap_selection(self, event: QMouseEvent) -> None:
        """Re-select from the press point to the pointer, in whole words unless Alt is (or was) held."""
        if self._drag_anchor is None or self.article is None:
            return
        c = self.textCursor()
        if not c.hasSelection():
            return
        exact = self._drag_exact or _exact(event)
        offsets = self.offsets
        anchor, pos = offsets.from_qt(self._drag_anchor), offsets.from_qt(c.position())
        if not exact:
            anchor, pos = snap_to_words(self.article.text, anchor, pos)
        anchor, pos = offsets.to_qt(anchor), offsets.to_qt(pos)
        if (c.anchor(), c.position()) == (anchor, pos):
            return
        c.setPosition(anchor)
        c.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)
