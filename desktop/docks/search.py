"""Search everywhere (Ctrl+Shift+F): every hit in article text, notes and tags, grouped by article with counts."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.wording import count

HIT_ROLE = Qt.ItemDataRole.UserRole
EXPAND_ALL_UP_TO = 120  # hits; more, and only the first article is unfolded


def snippet_html(snippet: str) -> str:
    """A snippet with its [hit] in bold, the rest escaped."""
    out = html.escape(snippet)
    return out.replace("[", "<b>", 1).replace("]", "</b>", 1) if "[" in snippet and "]" in snippet else out


class SnippetDelegate(QStyledItemDelegate):
    """Draws a hit's snippet wrapped, with the hit itself in bold."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(2)
        doc.setHtml(snippet_html(str(index.data(Qt.ItemDataRole.DisplayRole) or "")))
        doc.setTextWidth(max(80, option.rect.width()))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if not index.parent().isValid():  # an article row: plain, bold
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget)
        doc = self._document(option, index)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRectF(0, 0, option.rect.width(), option.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        if not index.parent().isValid():
            return super().sizeHint(option, index)
        self.initStyleOption(option, index)
        view = option.widget
        width = view.viewport().width() - 2 * view.indentation() if view is not None else 300
        option.rect.setWidth(width)
        doc = self._document(option, index)
        return QSize(width, int(doc.size().height()) + 2)


class HitTree(QTreeWidget):
    """The results tree: wrapped snippets are measured again when its width changes."""

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


class SearchPanel(QWidget):
    """Type to search; one row per article ("… — 14 matches"), under it each hit with its context.

    Clicking a hit (or Enter on it) opens it; clicking an article opens its first hit.
    """

    hitActivated = Signal(object)  # noqa: N815 - SearchHit

    def __init__(self, store_search, parent: QWidget | None = None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self._search = store_search
        self.groups: list = []  # ArticleHits of the last search
        self.query = ""  # the text of the last search
        self.edit = QLineEdit(placeholderText="Search all articles, notes and tags…", clearButtonEnabled=True)
        self.summary = QLabel("")
        self.summary.setEnabled(False)
        self.summary.setWordWrap(True)
        self.results = HitTree()
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "ISPR brief…ism — 14 matches"
        self.results.setHeaderHidden(True)
        self.results.setColumnCount(1)
        self.results.setWordWrap(False)  # article rows elide in the middle; snippets wrap in their delegate
        self.results.setUniformRowHeights(False)
        self.results.setItemDelegate(SnippetDelegate(self.results))
        self.results.setAlternatingRowColors(True)
        self.results.setIndentation(14)
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
        self.edit.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001, N802 - Qt override
        """Down in the search field goes to the first hit (then arrows and Enter open hits)."""
        if (obj is self.edit and event.type() == event.Type.KeyPress and event.key() == Qt.Key.Key_Down
                and self.results.topLevelItemCount()):
            top = self.results.topLevelItem(0)
            self.results.setCurrentItem(top.child(0) if top.isExpanded() and top.childCount() else top)
            self.results.setFocus()
            return True
        return super().eventFilter(obj, event)

    def focus(self) -> None:
        self.edit.setFocus()
        self.edit.selectAll()

    def run(self) -> None:
        """Search now and list every hit, grouped by article."""
        self._timer.stop()
        text = self.query = self.edit.text()
        self.results.clear()
        self.groups = list(self._search(text)) if text.strip() else []
        total = sum(g.count for g in self.groups)
        expand_all = total <= EXPAND_ALL_UP_TO
        bold = self.results.font()
        bold.setBold(True)
        for i, g in enumerate(self.groups):
            top = QTreeWidgetItem([f"{g.title} — {count(g.count, 'match', 'matches')}"])
            top.setFont(0, bold)
            top.setToolTip(0, g.title)
            top.setData(0, HIT_ROLE, g.hits[0] if g.hits else None)
            for h in g.hits:
                kind = {"article": "", "annotation": "Note · ", "tag": "Tag · "}[h.kind]
                child = QTreeWidgetItem([kind + " ".join(h.snippet.split())])
                child.setData(0, HIT_ROLE, h)
                top.addChild(child)
            listed = sum(1 for h in g.hits if h.kind == "article" and h.end > h.start)
            if g.text_count > listed:
                more = QTreeWidgetItem([f"… and {g.text_count - listed:,} more: use Find in the article (Ctrl+F)"])
                more.setFlags(Qt.ItemFlag.NoItemFlags)
                top.addChild(more)
            self.results.addTopLevelItem(top)
            top.setExpanded(expand_all or i == 0)
        if not text.strip():
            self.summary.setText("")
        else:
            self.summary.setText(f"{count(total, 'match', 'matches')} in {count(len(self.groups), 'article')}"
                                 if self.groups else "No matches.")

    def spans_in(self, article_id: str) -> list[tuple[int, int]]:
        """The text hits of the last search listed in one article (code points)."""
        g = self.group(article_id)
        return [(h.start, h.end) for h in g.hits if h.kind == "article" and h.end > h.start] if g else []

    def group(self, article_id: str):  # noqa: ANN201 - ArticleHits | None
        """One article's hits in the last search."""
        return next((g for g in self.groups if g.article_id == article_id), None)

    def _activated(self, item: QTreeWidgetItem) -> None:
        hit = item.data(0, HIT_ROLE)
        if hit is not None:
            self.hitActivated.emit(hit)
