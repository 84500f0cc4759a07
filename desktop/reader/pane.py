"""ReadingPane (header, text, find bar) and PaneContainer (1 to 4 panes side by side)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.models import Article
from desktop.reader.view import ArticleView, Layer

MAX_PANES = 4
PANE_MIN_W = 160
EMPTY_HINT = "Double-click an article in the Library, or drag it here, to read it in this pane."


class FindBar(QWidget):
    """Ctrl+F in a pane: highlight all matches, count them, step with Enter / Shift+Enter."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__()
        self.view = view
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        self.edit = QLineEdit(placeholderText="Find in this article…", clearButtonEnabled=True)
        self.count = QLabel("")
        prev_btn = QToolButton(text="▲", toolTip="Previous match (Shift+Enter)", autoRaise=True)
        next_btn = QToolButton(text="▼", toolTip="Next match (Enter)", autoRaise=True)
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        for w in (self.edit, self.count, prev_btn, next_btn, close):
            lay.addWidget(w)
        self.edit.textChanged.connect(self.search)
        self.edit.returnPressed.connect(self.next)
        prev_btn.clicked.connect(self.previous)
        next_btn.clicked.connect(self.next)
        close.clicked.connect(self.close_bar)
        # scoped to this bar: with a find bar open in two panes, window-wide keys would be ambiguous (and do nothing)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.previous).setContext(
            Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut)
        view.articleChanged.connect(self._article_changed)
        self.hide()

    def _article_changed(self) -> None:
        """Another article in the pane: an open bar finds its text in the new one."""
        if self.isVisible() and self.edit.text():
            self.search(self.edit.text())
        else:
            self.matches, self.current = [], -1
            self.count.setText("")

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.show_matches([])
        self.view.setFocus()

    def search(self, text: str) -> None:
        """Find every case-insensitive match (plain text, no patterns), in code points."""
        doc_text = self.view.article.text if self.view.article else ""
        self.matches = []
        if text:
            self.matches = [(m.start(), m.end()) for m in re.finditer(re.escape(text), doc_text, re.IGNORECASE)]
        self.view.show_matches(self.matches)
        self.current = -1
        self.count.setText(f"{len(self.matches)} match{'es' if len(self.matches) != 1 else ''}" if text else "")
        if self.matches:
            self.next()

    def next(self) -> None:
        self._go(1)

    def previous(self) -> None:
        self._go(-1)

    def _go(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        s, e = self.matches[self.current]
        self.view.set_current_match(s, e)
        self.view.reveal(s, e, flash=True)
        self.count.setText(f"{self.current + 1} of {len(self.matches)}")


class ReadingPane(QWidget):
    """One article: title, source and date above the text; its own find bar."""

    closeRequested = Signal(object)  # noqa: N815
    activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = ArticleView()
        self.view.setPlaceholderText(EMPTY_HINT)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self._title_font = self.title.font()
        self._title_font.setPointSizeF(self._title_font.pointSizeF() * 1.25)
        self._title_font.setBold(True)
        self.meta = QLabel("")
        self.meta.setEnabled(False)
        for label in (self.title, self.meta):  # long titles wrap and never widen the pane
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            label.setMinimumWidth(0)
        self.setMinimumWidth(PANE_MIN_W)
        close = QToolButton(text="✕", toolTip="Close pane (Ctrl+W)", autoRaise=True)
        close.clicked.connect(lambda: self.closeRequested.emit(self))
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        head.addLayout(titles, 1)
        head.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        head.setContentsMargins(12, 8, 6, 4)
        self.find_bar = FindBar(self.view)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(head)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.find_bar)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.show_header(None)

    @property
    def article(self) -> Article | None:
        return self.view.article

    def show_header(self, article: Article | None) -> None:
        if article is None:  # a quiet line: the hint itself is in the empty text area
            self.title.setFont(self.font())
            self.title.setText("Empty pane")
            self.title.setEnabled(False)
            self.meta.setText("")
            return
        self.title.setFont(self._title_font)
        self.title.setEnabled(True)
        self.title.setText(article.title)
        bits = [article.source or "", article.author and f"by {article.author}",
                article.published.label() if article.published else "undated"]
        self.meta.setText(" · ".join(b for b in bits if b))

    def eventFilter(self, obj, ev) -> bool:  # noqa: N802 - Qt override
        if ev.type() in (ev.Type.FocusIn, ev.Type.MouseButtonPress):
            self.activated.emit(self)
        if (ev.type() == ev.Type.KeyPress and obj is self.view and ev.key() == Qt.Key.Key_Escape
                and not ev.modifiers() and self.find_bar.isVisible()):
            self.find_bar.close_bar()  # Esc in the text closes this pane's find bar with its marks
            return True
        return False


class PaneContainer(QSplitter):
    """Reading panes side by side, with proportional synchronized scrolling."""

    paneAdded = Signal(object)  # noqa: N815
    paneRemoved = Signal(object)  # noqa: N815
    currentChanged = Signal(object)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(6)
        self.panes: list[ReadingPane] = []
        self.current: ReadingPane | None = None
        self.sync = False
        self._syncing = False

    def add_pane(self) -> ReadingPane | None:
        if len(self.panes) >= MAX_PANES:
            return None
        pane = ReadingPane()
        pane.closeRequested.connect(self.remove_pane)
        pane.activated.connect(self.set_current)
        pane.view.verticalScrollBar().valueChanged.connect(lambda _v, p=pane: self._on_scroll(p))
        self.panes.append(pane)
        self.addWidget(pane)
        self.equalize()
        QTimer.singleShot(0, self.equalize)  # again once the new pane is laid out
        self.set_current(pane)
        self.paneAdded.emit(pane)
        return pane

    def equalize(self) -> None:
        """Ctrl+T: every pane the same width."""
        total = sum(self.sizes()) or self.width()
        n = len(self.panes)
        if n:
            self.setSizes([total // n] * n)

    def remove_pane(self, pane: ReadingPane | None = None) -> None:
        pane = pane or self.current
        if pane is None or pane not in self.panes or len(self.panes) <= 1:
            if pane is not None and len(self.panes) == 1:
                pane.view.set_article(None, [], {})
                pane.show_header(None)
                self.paneRemoved.emit(pane)
            return
        self.panes.remove(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        self.paneRemoved.emit(pane)
        self.set_current(self.panes[-1])

    def set_current(self, pane: ReadingPane) -> None:
        if pane is not self.current:
            self.current = pane
            self.currentChanged.emit(pane)

    def pane_for(self, article_id: str) -> ReadingPane | None:
        return next((p for p in self.panes if p.article and p.article.id == article_id), None)

    def _on_scroll(self, source: ReadingPane) -> None:
        if not self.sync or self._syncing:
            return
        bar = source.view.verticalScrollBar()
        frac = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._syncing = True
        try:
            for p in self.panes:
                if p is not source:
                    other = p.view.verticalScrollBar()
                    # QPlainTextEdit lays blocks out lazily, so its maximum (in lines) can grow once
                    # the new position is laid out: set again until it settles
                    for _ in range(4):
                        maximum = other.maximum()
                        other.setValue(round(frac * maximum))
                        if other.maximum() == maximum:
                            break
        finally:
            self._syncing = False


__all__ = ["FindBar", "Layer", "PaneContainer", "ReadingPane"]
