"""ArticleView: one read-only text with annotation highlights painted as ExtraSelections.

Highlights never touch the document: only the annotations overlapping the visible part are turned
into ExtraSelections (recomputed on scroll), so a 1 MB text with 10,000 annotations opens quickly.
Overlaps blend (translucent fills), each annotation gets a margin stripe, the selected one an outline.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import repeat
from operator import attrgetter, itemgetter, sub
from typing import NamedTuple

from PySide6.QtCore import QMimeData, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from db.models import Annotation, Article
from db.store_tags import DEFAULT_COLOR, annotation_color
from desktop.offsets import OffsetMap
from desktop.passage_mime import Passage, add_passage
from desktop.reader.outlines import find_format, paint_outlines
from desktop.reader.word_snap import WordSnapMixin

TEXT_COLUMNS = 76  # comfortable line length, in average character widths
STRIPE = 4
STRIPE_ROOM = 22  # document margin: room for the annotation stripes left of the text


class Mark(NamedTuple):
    """One painted range in Qt (UTF-16) positions (a tuple: 10,000 are built on open)."""

    key: str
    start: int
    end: int
    color: QColor
    tooltip: str = ""


class Layer:
    """A sorted set of marks with fast lookup of those overlapping a range."""

    def __init__(self, marks: list[Mark] | None = None) -> None:
        self.set(marks or [])

    def set(self, marks: list[Mark]) -> None:
        self.marks = sorted(marks, key=itemgetter(1, 2))
        self.starts = list(map(itemgetter(1), self.marks))
        self.max_len = max(map(sub, map(itemgetter(2), self.marks), self.starts), default=0)

    def update(self, removed: set[str], added: list[Mark]) -> None:
        """Drop the marks whose key is in `removed`, insert `added` (cheap for a few changes)."""
        if removed:
            keep = [i for i, m in enumerate(self.marks) if m.key not in removed]
            if len(keep) != len(self.marks):
                self.marks = [self.marks[i] for i in keep]
                self.starts = [self.starts[i] for i in keep]
        for m in added:
            i = bisect_right(self.starts, m.start)
            while i > 0 and self.starts[i - 1] == m.start and self.marks[i - 1].end > m.end:
                i -= 1
            self.marks.insert(i, m)
            self.starts.insert(i, m.start)
            self.max_len = max(self.max_len, m.end - m.start)

    def overlapping(self, start: int, end: int) -> list[Mark]:
        lo = bisect_left(self.starts, start - self.max_len)
        hi = bisect_right(self.starts, end)
        return [m for m in self.marks[lo:hi] if m.end > start and m.start < end]

    def at(self, pos: int) -> list[Mark]:
        return [m for m in self.overlapping(pos, pos + 1) if m.start <= pos < m.end]


class _Colors(dict):
    """(own colour, tags) → QColor for one view, filled on first use of each key."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view._colors)
        self.view = view

    def __missing__(self, key: tuple[str, tuple[str, ...]]) -> QColor:
        c = self[key] = self.view._color(key)
        return c


class ArticleView(WordSnapMixin, QPlainTextEdit):
    """A reading pane's text: select to annotate, click a highlight to select its annotation."""

    annotationClicked = Signal(str)  # noqa: N815
    contextMenuRequested = Signal(QMenu)  # noqa: N815 - lets the window add its actions
    visibleRangeChanged = Signal()  # noqa: N815
    articleChanged = Signal()  # noqa: N815 - another article (or none) is shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        for family in ("Noto Serif", "Georgia", "DejaVu Serif", "Liberation Serif"):
            if family in QFontDatabase.families():
                font = QFont(family)
                break
        font.setPointSizeF(max(11.0, font.pointSizeF()))
        self.setFont(font)
        self.article: Article | None = None
        self.offsets = OffsetMap("")
        self.annotations: dict[str, Annotation] = {}
        self.tag_colors: dict[str, str] = {}
        self._colors: dict[tuple[str, tuple[str, ...]], QColor] = {}
        self.highlights = Layer()
        self.find_layer = Layer()
        self.date_layer = Layer()
        self.find_current: tuple[int, int] | None = None  # the current find / search match (UTF-16)
        self._revealed: int | None = None  # a passage scrolled to, kept centred through resizes until the user acts
        self.selected_id: str | None = None
        self.emphasised: set[str] = set()
        self._flash: tuple[int, int] | None = None
        self._made: dict[tuple, QTextEdit.ExtraSelection] = {}  # built selections, reused while the text stays
        self._flash_timer = QTimer(self, singleShot=True, interval=900, timeout=self._end_flash)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0, timeout=self.refresh_selections)
        self.verticalScrollBar().valueChanged.connect(self._schedule_refresh)
        self.verticalScrollBar().valueChanged.connect(self.visibleRangeChanged)

    # --- content ---------------------------------------------------------------------------------
    def set_article(self, article: Article | None, annotations: list[Annotation], tag_colors: dict[str, str]) -> None:
        """Show an article with its annotations."""
        self.article = article
        text = article.text if article else ""
        self.offsets = OffsetMap(text)
        self.annotations = {}  # positions belong to the new text: no incremental update
        self._made.clear()
        self.find_layer.set([])  # matches belong to the text they were found in
        self.find_current = None
        self._revealed = None
        self.setPlainText(text)
        self._apply_margins()
        self.set_annotations(annotations, tag_colors)
        self.articleChanged.emit()

    def set_annotations(self, annotations: list[Annotation], tag_colors: dict[str, str]) -> None:
        """Replace the painted annotations.

        Records are frozen, so an unchanged annotation is the very same object: when only a few
        differ (one created, edited or deleted), only their marks are replaced.
        """
        old = self.annotations
        new = {a.id: a for a in annotations}
        self.annotations = new
        same_colors = tag_colors == self.tag_colors
        self.tag_colors = dict(tag_colors)
        if same_colors and old and len(new) + len(old) > 200:
            changed = [a for a in annotations if old.get(a.id) is not a]
            gone = {k for k in old if k not in new}
            if len(changed) + len(gone) <= 50:
                self.highlights.update(gone | {a.id for a in changed}, [self._mark(a) for a in changed])
                self.refresh_selections()
                return
        self._colors = {}
        self.highlights.set(self._marks(annotations))
        self.refresh_selections()

    def add_tag_colors(self, tag_colors: dict[str, str]) -> None:
        """Tags were created: know their colours for the annotations that name them (nothing painted changes)."""
        self.tag_colors = dict(tag_colors)

    def _marks(self, annotations: list[Annotation]) -> list[Mark]:
        """The marks of many annotations, built by C-level maps (10,000 on open: no Python call each)."""
        ids, starts, ends, notes = (list(map(attrgetter(f), annotations)) for f in ("id", "start", "end", "note"))
        starts, ends = self.offsets.many_to_qt(starts), self.offsets.many_to_qt(ends)
        by_key = _Colors(self)
        colors = map(by_key.__getitem__, map(attrgetter("color", "tags"), annotations))
        return list(map(tuple.__new__, repeat(Mark), zip(ids, starts, ends, colors, notes, strict=True)))

    def update_annotations(self, changed: list[Annotation], gone: set[str]) -> None:
        """Repaint a few annotations (created, edited or moved) and drop the `gone` ones; colours stay."""
        removed = {k for k in gone if k in self.annotations} | {a.id for a in changed if a.id in self.annotations}
        for k in gone:
            self.annotations.pop(k, None)
        for a in changed:
            self.annotations[a.id] = a
        self.highlights.update(removed, [self._mark(a) for a in changed])
        self.refresh_selections()

    def _mark(self, a: Annotation) -> Mark:
        to_qt = self.offsets.to_qt
        return Mark(a.id, to_qt(a.start), to_qt(a.end), self.color_of(a), a.note)

    def color_of(self, a: Annotation) -> QColor:
        """An annotation's colour: its own, else its first tag's, else the default."""
        return self._color((a.color, a.tags))

    def _color(self, key: tuple[str, tuple[str, ...]]) -> QColor:
        """The colour of (own colour, tags), cached."""
        c = self._colors.get(key)
        if c is None:
            c = QColor(annotation_color(key[0], key[1], self.tag_colors))
            if not c.isValid():
                c = QColor(DEFAULT_COLOR)
            self._colors[key] = c
        return c

    def set_selected(self, annotation_id: str | None) -> None:
        if annotation_id == self.selected_id:
            return
        self.selected_id = annotation_id
        self.refresh_selections()

    def set_emphasised(self, ids: set[str]) -> None:
        """Annotations to show as linked to the selected event (stronger fill)."""
        self.emphasised = set(ids)
        self.refresh_selections()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt override
        """Dragged (or copied) text also says which passage it is, so it can be dropped on an event."""
        data = super().createMimeDataFromSelection()
        span = self.selection_span()
        if self.article is not None and span is not None and span[0] < span[1]:
            # Qt's text mime data lists only its own formats until its text is first read: read it now,
            # or a drop target's hasFormat() never sees the passage
            data.text()
            add_passage(data, Passage(self.article.id, *span))
        return data

    # --- positions ---------------------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The current selection in code points, or None when nothing is selected."""
        c = self.textCursor()
        if not c.hasSelection():
            return None
        return self.offsets.from_qt(c.selectionStart()), self.offsets.from_qt(c.selectionEnd())

    def visible_qt_range(self) -> tuple[int, int]:
        """First and last document positions on screen (UTF-16)."""
        vp = self.viewport().rect()
        first = self.cursorForPosition(vp.topLeft()).position()
        last = self.cursorForPosition(vp.bottomRight()).block()
        end = last.position() + last.length()
        return first, end

    def reveal(self, start: int, end: int, flash: bool = True) -> None:
        """Scroll so the passage start..end (code points) is in view, centred, and flash it."""
        c = QTextCursor(self.document())
        c.setPosition(self.offsets.to_qt(start))
        self.setTextCursor(c)
        self.centerCursor()
        self._revealed = c.position()
        if flash:
            self._flash = (self.offsets.to_qt(start), self.offsets.to_qt(end))
            self._flash_timer.start()
        self.refresh_selections()

    def show_matches(self, spans: list[tuple[int, int]], current: tuple[int, int] | None = None) -> None:
        """Mark find or search matches (code points), the current one outlined more strongly; Esc clears."""
        to_qt = self.offsets.to_qt
        color = QColor(self.palette().highlight().color())
        self.find_layer.set([Mark(str(i), to_qt(s), to_qt(e), color) for i, (s, e) in enumerate(spans)])
        self.find_current = (to_qt(current[0]), to_qt(current[1])) if current else None
        self.refresh_selections()

    def set_current_match(self, start: int, end: int) -> None:
        """Outline one of the marked matches (code points) as the current one."""
        self.find_current = (self.offsets.to_qt(start), self.offsets.to_qt(end))
        self.refresh_selections()

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override: Esc clears find / search matches
        self._revealed = None
        if event.key() == Qt.Key.Key_Escape and self.find_layer.marks and not event.modifiers():
            self.show_matches([])
            event.accept()
            return
        super().keyPressEvent(event)

    def _end_flash(self) -> None:
        self._flash = None
        self.refresh_selections()

    # --- painting ------------------------------------------------------------------------------
    def _schedule_refresh(self) -> None:
        self._refresh_timer.start()

    def refresh_selections(self) -> None:
        """Build ExtraSelections for what is on screen: highlights, find matches, dates, flash."""
        lo, hi = self.visible_qt_range()
        lo, hi = max(0, lo - 2000), hi + 2000
        sels: list[QTextEdit.ExtraSelection] = []
        made = self._made
        if len(made) > 5000:  # a long read through the text: start afresh
            made.clear()
        link = self.palette().link().color().rgba()
        for m in self.date_layer.overlapping(lo, hi):
            sel = made.get(key := ("date", m.start, m.end, link))
            if sel is None:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor.fromRgba(link))
                sel = made[key] = self._selection(m.start, m.end, fmt)
            sels.append(sel)
        for m in self.highlights.overlapping(lo, hi):
            selected = m.key == self.selected_id
            strong = selected or m.key in self.emphasised
            sel = made.get(key := ("mark", m.key, m.start, m.end, m.color.rgba(), strong, selected))
            if sel is None:
                fmt = QTextCharFormat()
                fill = QColor(m.color)
                fill.setAlpha(150 if strong else 85)
                fmt.setBackground(fill)
                if selected:
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    fmt.setUnderlineColor(m.color.darker(170))
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
                sel = made[key] = self._selection(m.start, m.end, fmt)
            sels.append(sel)
        for m in self.find_layer.overlapping(lo, hi):
            sel = made.get(key := ("find", m.start, m.end))
            if sel is None:
                sel = made[key] = self._selection(m.start, m.end, find_format())
            sels.append(sel)
        if self._flash:
            fmt = QTextCharFormat()
            fmt.setBackground(self.palette().highlight())
            fmt.setForeground(self.palette().highlightedText())
            sels.append(self._selection(*self._flash, fmt))
        self.setExtraSelections(sels)
        self.viewport().update()

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        sel = QTextEdit.ExtraSelection()
        c = QTextCursor(self.document())
        c.setPosition(start)
        c.setPosition(min(end, self.document().characterCount() - 1), QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = c
        sel.format = fmt
        return sel

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        lo, hi = self.visible_qt_range()
        painter = QPainter(self.viewport())
        margin = int(self.document().documentMargin())
        x0 = max(2, margin - 8 - STRIPE)
        for i, m in enumerate(self.highlights.overlapping(lo, hi)):
            top = self._y_of(max(m.start, lo))
            bottom = self._y_of(min(m.end, hi), bottom=True)
            if bottom <= top:
                continue
            col = QColor(m.color)
            col.setAlpha(220)
            x = x0 - (i % 3) * (STRIPE + 1)
            painter.fillRect(QRect(x, top, STRIPE, bottom - top), col)
            if m.key == self.selected_id:
                pen = QPen(m.color.darker(180), 2)
                painter.setPen(pen)
                for r in self._range_rects(m.start, m.end):
                    painter.drawRoundedRect(r.adjusted(-1, 0, 1, 0), 3, 3)
        paint_outlines(self, painter, lo, hi)
        painter.end()

    def _y_of(self, pos: int, bottom: bool = False) -> int:
        c = QTextCursor(self.document())
        c.setPosition(min(pos, self.document().characterCount() - 1))
        r = self.cursorRect(c)
        return r.bottom() if bottom else r.top()

    def _range_rects(self, start: int, end: int) -> list[QRectF]:
        """Rectangles covering start..end line by line (for the selected annotation's outline)."""
        rects: list[QRectF] = []
        doc = self.document()
        block = doc.findBlock(start)
        offset = self.contentOffset()
        while block.isValid() and block.position() < end:
            geo = self.blockBoundingGeometry(block).translated(offset)
            layout = block.layout()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                ls = block.position() + line.textStart()
                le = ls + line.textLength()
                s, e = max(start, ls), min(end, le)
                if s >= e:
                    continue
                x1 = line.cursorToX(s - block.position())[0]
                x2 = line.cursorToX(e - block.position())[0]
                r = line.rect()
                rects.append(QRectF(geo.left() + x1, geo.top() + r.top(), x2 - x1, r.height()))
            block = block.next()
        return rects

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply_margins()
        if self._revealed is not None:  # a pane opened on a passage and then sized: keep the passage in view
            if self.textCursor().position() == self._revealed and not self.textCursor().hasSelection():
                self.centerCursor()
            else:
                self._revealed = None
        self._schedule_refresh()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._revealed = None
        super().mousePressEvent(event)

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._revealed = None
        super().wheelEvent(event)

    def _apply_margins(self) -> None:
        """Centre a text column of about 76 characters; the stripes live in a small document margin."""
        avg = self.fontMetrics().averageCharWidth() or 7
        if self.document().documentMargin() != STRIPE_ROOM:
            self.document().setDocumentMargin(STRIPE_ROOM)
        total = self.width() - self.verticalScrollBar().sizeHint().width()
        side = max(0, (total - TEXT_COLUMNS * avg - 2 * STRIPE_ROOM) // 2)
        if self.viewportMargins().left() != side:
            self.setViewportMargins(side, 0, side, 0)

    # --- interaction ---------------------------------------------------------------------------
    def marks_at(self, point: QPoint) -> list[Mark]:
        pos = self.cursorForPosition(point).position()
        return self.highlights.at(pos)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            marks = self.marks_at(event.position().toPoint())
            if marks:
                # the innermost (shortest) highlight under the pointer wins
                best = min(marks, key=lambda m: m.end - m.start)
                self.annotationClicked.emit(best.key)

    def event(self, ev) -> bool:  # noqa: A003 - Qt override
        if ev.type() == ev.Type.ToolTip:
            notes: list[str] = []
            if self.isVisible():  # a late tooltip event for a hidden or closing view shows nothing
                point = self.viewport().mapFromGlobal(ev.globalPos())
                notes = [self._tip(m) for m in self.marks_at(point)]
                notes += [m.tooltip for m in self.date_layer.at(self.cursorForPosition(point).position())]
            if notes:
                QToolTip.showText(ev.globalPos(), "\n\n".join(n for n in notes if n), self, QRect(), 4000)
            else:
                if QToolTip.isVisible():
                    QToolTip.hideText()
                ev.ignore()
            return True
        return super().event(ev)

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        if QToolTip.isVisible():  # the tip must not outlive (or point at) a hidden view
            QToolTip.hideText()
        super().hideEvent(event)

    def _tip(self, m: Mark) -> str:
        a = self.annotations.get(m.key)
        if a is None:
            return ""
        head = ", ".join(a.tags) if a.tags else "Annotation"
        return f"{head}\n{a.note}" if a.note else head

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt override
        menu = self.createStandardContextMenu(event.pos())
        menu.addSeparator()
        self.contextMenuRequested.emit(menu)
        menu.exec(event.globalPos())
        menu.deleteLater()
