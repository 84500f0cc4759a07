"""An analyst's first hour at the desk: no duplicate annotations, drags that snap to words, find matches
that no tag colour is mistaken for (issue 13, point 5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette, QTextCursor
from PySide6.QtWidgets import QApplication

from desktop.actions import Action, Menu
from tests.test_desk import select, span_of, u16


def point_of(view, cp: int) -> QPoint:  # noqa: ANN001
    """Viewport point just right of the caret position before code point `cp`."""
    c = QTextCursor(view.document())
    c.setPosition(u16(view.article.text, cp))
    r = view.cursorRect(c)
    return QPoint(r.left() + 1, r.center().y())


def mouse(view, kind, pos: QPoint, buttons, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """Send a real mouse event to the view's viewport (press / move / release)."""
    button = Qt.MouseButton.NoButton if kind == QMouseEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    vp = view.viewport()
    ev = QMouseEvent(kind, QPointF(pos), QPointF(vp.mapToGlobal(pos)), button, buttons, modifiers)
    QApplication.sendEvent(vp, ev)


def drag(view, start: int, end: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """Press at code point `start`, move through the middle to `end`, release there."""
    left = Qt.MouseButton.LeftButton
    a, b = point_of(view, start), point_of(view, end)
    mouse(view, QMouseEvent.Type.MouseButtonPress, a, left, modifiers)
    mouse(view, QMouseEvent.Type.MouseMove, (a + b) / 2, left, modifiers)
    mouse(view, QMouseEvent.Type.MouseMove, b, left, modifiers)
    mouse(view, QMouseEvent.Type.MouseButtonRelease, b, Qt.MouseButton.NoButton, modifiers)


@pytest.fixture
def pane(desk):
    """The pane showing the article that names Shehbaz Sharif, made current and scrolled to him."""
    art = next(a for a in desk.library.model.rows if "Shehbaz" in desk.ws.store.articles.get(a.id).text)
    p = desk.open_article(art.id)
    assert p is not None
    p.view.reveal(*span_of(p.article.text, "Shehbaz"), flash=False)
    return p


# --- annotating an annotated passage ------------------------------------------------------------------


def test_annotating_an_annotated_span_again_selects_the_existing_annotation(qtbot, desk, pane):
    text = pane.article.text
    span = span_of(text, "Shehbaz Sharif")
    select(pane.view, *span)
    desk.action(Action.ANNOTATE).trigger()
    first = desk.ws.store.annotations.of([pane.article.id])
    assert len(first) == 1
    desk.select_annotation(None)

    select(pane.view, *span)
    desk.action(Action.ANNOTATE).trigger()

    assert [a.id for a in desk.ws.store.annotations.of([pane.article.id])] == [first[0].id]
    assert desk.selection.annotation == first[0].id
    assert desk.annotations.model.rowCount() == 1
    assert "already annotated" in desk.statusBar().currentMessage()
    assert text[span[0]:span[1]] in desk.editor.quote.text()
    # a different span (one character more) is a new annotation
    select(pane.view, span[0], span[1] + 1)
    desk.action(Action.ANNOTATE).trigger()
    assert desk.ws.store.annotations.count() == 2


def test_a_quick_tag_on_an_annotated_span_tags_the_existing_annotation(qtbot, desk, pane):
    text = pane.article.text
    view = pane.view
    desk.ws.add_annotation(pane.article.id, *span_of(text, "Azm-e-Istehkam"), tags=["Operation"])
    ann = desk.ws.add_annotation(pane.article.id, *span_of(text, "Shehbaz Sharif"), tags=["Person"])
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    select(view, ann.start, ann.end)
    qtbot.keyClick(view, Qt.Key.Key_2)  # recent tag 2: Operation
    assert desk.ws.store.annotations.count() == 2
    assert desk.ws.store.annotations.get(ann.id).tags == ("Person", "Operation")
    assert desk.selection.annotation == ann.id
    assert "existing annotation" in desk.statusBar().currentMessage()
    select(view, ann.start, ann.end)
    qtbot.keyClick(view, Qt.Key.Key_1)  # Operation again (now the most recent): nothing new
    assert desk.ws.store.annotations.count() == 2
    assert desk.ws.store.annotations.get(ann.id).tags == ("Person", "Operation")


# --- drag selection snaps to words --------------------------------------------------------------------


def test_a_drag_ending_mid_word_selects_the_whole_word(qtbot, desk, pane):
    text = pane.article.text
    start = text.index("Prime Minister Shehbaz")
    end = text.index("Shehbaz", start) + len("Shehb")
    drag(pane.view, start + 2, end)  # from inside "Prime" to inside "Shehbaz"
    assert pane.view.textCursor().selectedText() == "Prime Minister Shehbaz"
    assert pane.view.selection_span() == (start, start + len("Prime Minister Shehbaz"))


def test_a_backward_drag_snaps_both_ends_too(qtbot, desk, pane):
    text = pane.article.text
    start = text.index("Prime Minister Shehbaz")
    drag(pane.view, start + len("Prime Minister Sheh"), start + 3)
    assert pane.view.textCursor().selectedText() == "Prime Minister Shehbaz"


def test_alt_drag_and_a_drag_inside_one_word_select_exact_characters(qtbot, desk, pane):
    text = pane.article.text
    start = text.index("Prime Minister Shehbaz")
    end = text.index("Shehbaz", start) + len("Shehb")
    drag(pane.view, start + 2, end, Qt.KeyboardModifier.AltModifier)
    assert pane.view.textCursor().selectedText() == "ime Minister Shehb"
    select(pane.view, start, start)
    drag(pane.view, start + 2, end, Qt.KeyboardModifier.ControlModifier)  # where the desktop takes Alt-drag
    assert pane.view.textCursor().selectedText() == "ime Minister Shehb"
    select(pane.view, start, start)
    drag(pane.view, start + 1, start + 4)  # inside "Prime"
    assert pane.view.textCursor().selectedText() == "rim"


def test_keyboard_selection_is_not_snapped(qtbot, desk, pane):
    view = pane.view
    text = pane.article.text
    start = text.index("Shehbaz")
    select(view, start, start)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)
    for _ in range(9):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.textCursor().selectedText() == "Shehbaz S"


# --- find matches ---------------------------------------------------------------------------------------


def _hue_gap(a: QColor, b: QColor) -> int:
    d = abs(a.hslHue() - b.hslHue()) % 360
    return min(d, 360 - d)


def test_find_matches_use_a_hue_no_tag_palette_has(desk):
    from db.store_tags import DEFAULT_COLOR, PALETTE
    from desktop.reader.outlines import FIND_FILL
    from desktop.timeline.paint import OKABE_ITO

    tag_colors = [QColor(c) for c in (*PALETTE, *OKABE_ITO, DEFAULT_COLOR, *(t.color for t in desk.ws.store.tags.all()))]
    for c in tag_colors:
        if c.hslSaturation() > 40:  # black and greys have no hue to confuse
            assert _hue_gap(FIND_FILL, c) >= 40, c.name()


def _pixel(view, image, cp: int, dy: int = 0) -> QColor:  # noqa: ANN001
    pt = point_of(view, cp) + QPoint(0, dy)
    return image.pixelColor(pt * image.devicePixelRatio())


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_find_matches_are_violet_outlined_and_readable_over_a_tag_highlight(qtbot, desk, pane, dark):
    from desktop.reader.outlines import FIND_FILL, FIND_TEXT

    view = pane.view
    text = pane.article.text
    if dark:
        pal = QPalette(view.palette())
        pal.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
        pal.setColor(QPalette.ColorRole.Text, QColor("#e8e8e8"))
        view.setPalette(pal)
    s, e = span_of(text, "Shehbaz")
    desk.ws.add_annotation(pane.article.id, s - 15, e + 7, tags=["Operation"])  # an orange highlight around it
    desk.panes.set_current(pane)
    desk.action(Action.FIND).trigger()
    qtbot.keyClicks(pane.find_bar.edit, "Shehbaz")
    view.setFocus()  # (a second press of Esc in the bar would close it; the matches stay while it is open)
    view._end_flash()
    view.viewport().repaint()
    img = view.viewport().grab().toImage()
    inside = _pixel(view, img, s + 1, dy=-view.fontMetrics().ascent() // 2 + 1)
    around = _pixel(view, img, s - 5, dy=-view.fontMetrics().ascent() // 2 + 1)
    assert inside == FIND_FILL or _hue_gap(inside, FIND_FILL) < 12, inside.name()
    assert _hue_gap(inside, around) >= 40  # not the tag's orange
    # the current match is outlined: a dark (light, on a dark page) violet line left of its first letter
    rect = view.cursorRect(_cursor(view, u16(text, s)))
    line = [img.pixelColor(QPoint(x, rect.center().y()) * img.devicePixelRatio())
            for x in range(rect.left() - 6, rect.left() + 1)]
    assert any(c.hslSaturation() > 60 and _hue_gap(c, FIND_FILL) < 20 and abs(c.lightness() - FIND_FILL.lightness()) > 40
               for c in line), [c.name() for c in line]
    # the letters stay readable: dark text on the light violet, whatever the palette
    assert _contrast(FIND_TEXT, FIND_FILL) >= 7
    assert view.find_current == (u16(text, s), u16(text, e))


def _cursor(view, pos: int) -> QTextCursor:  # noqa: ANN001
    c = QTextCursor(view.document())
    c.setPosition(pos)
    return c


def _contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        ch = [(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4) for v in (c.redF(), c.greenF(), c.blueF())]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_find_matches_do_not_follow_the_pane_to_another_article(qtbot, desk, pane):
    other = next(a for a in desk.library.model.rows if a.id != pane.article.id)
    desk.panes.set_current(pane)
    desk.action(Action.FIND).trigger()
    qtbot.keyClicks(pane.find_bar.edit, "Shehbaz")
    assert pane.view.find_layer.marks
    desk.open_article(other.id, pane=pane)
    expected = desk.ws.store.articles.get(other.id).text.lower().count("shehbaz")
    assert len(pane.view.find_layer.marks) == expected
    assert pane.find_bar.count.text().endswith(f"{expected}") or pane.find_bar.count.text() == "0 matches"


# --- Help → Keyboard shortcuts ----------------------------------------------------------------------------


def test_the_shortcut_reference_lists_every_action_key_and_the_widget_keys(qtbot, desk):
    from PySide6.QtGui import QAction, QKeySequence

    from desktop.dialogs.shortcuts import ShortcutsDialog

    desk.activateWindow()
    desk.panes.panes[0].view.setFocus()
    qtbot.waitUntil(lambda: desk.panes.panes[0].view.hasFocus(), timeout=2000)
    qtbot.keyClick(desk.panes.panes[0].view, Qt.Key.Key_F1)
    dlg = desk.findChild(ShortcutsDialog)
    qtbot.waitUntil(dlg.isVisible, timeout=2000)
    assert desk.action(Action.SHORTCUTS) in desk.menus[Menu.HELP].actions()
    rows = dlg.rows()
    assert ("Annotate selection", "Ctrl+Alt+M", "Edit") in rows
    assert ("Focus timeline", "Ctrl+Alt+L", "View") in rows
    assert any(keys == "1–9" and where == "Reading pane" for _, keys, where in rows)
    assert any(keys.startswith("Alt+drag") for _, keys, _ in rows)
    listed = {keys for _, keys, _ in rows}
    for a in desk.findChildren(QAction):
        keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts())
        if keys and not keys.isdigit():
            assert keys in listed, a.text()
    dlg.close()


def test_the_shortcut_reference_stays_true_and_is_searchable(qtbot, desk):
    from PySide6.QtGui import QAction

    from desktop.dialogs.shortcuts import ShortcutsDialog

    extra = QAction("&Compare panes", desk)
    extra.setShortcut("Ctrl+Alt+K")
    desk.menus[Menu.VIEW].addAction(extra)
    desk.action(Action.SHORTCUTS).trigger()
    dlg = desk.findChild(ShortcutsDialog)
    assert ("Compare panes", "Ctrl+Alt+K", "View") in dlg.rows()
    qtbot.keyClicks(dlg.filter, "timeline")
    rows = dlg.rows()
    assert ("Focus timeline", "Ctrl+Alt+L", "View") in rows
    assert rows and all("timeline" in " ".join(r).lower() for r in rows)
    assert dlg.count.text() == f"{len(rows)} of {dlg.model.rowCount()} shortcuts"
    dlg.filter.setText("ctrl+alt+m")
    assert [r[0] for r in dlg.rows()] == ["Annotate selection"]


# --- table columns ----------------------------------------------------------------------------------------


def _sections(table) -> list[int]:  # noqa: ANN001
    h = table.horizontalHeader()
    return [h.sectionSize(c) for c in range(h.count())]


def _text_fits(table, column: int) -> bool:  # noqa: ANN001
    """Every row's text of a column is drawn whole (no ellipsis) at the column's width."""
    fm = table.fontMetrics()
    model = table.model()
    for r in range(model.rowCount()):
        text = str(model.index(r, column).data() or "")
        if fm.horizontalAdvance(text) + 6 > table.horizontalHeader().sectionSize(column):
            return False
    return True


def test_annotation_columns_fit_their_content_and_the_quote_takes_the_rest(qtbot, desk):
    pane = desk.panes.panes[0]
    text = pane.article.text
    for i, (s, e) in enumerate([(0, 80), (100, 130), (200, 330)]):
        desk.ws.add_annotation(pane.article.id, s, e, note="short note" if i else "", tags=["Operation"])
    dock = desk.docks["annotations"]  # floated on a wide monitor: room for every column
    dock.show()
    dock.setFloating(True)
    dock.resize(1300, 300)
    dock.raise_()
    table = desk.annotations.table
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() == 3, timeout=2000)

    def fitted() -> bool:
        # no empty space at the right; note, tags, article (a title well under its cap), event date and
        # created shown whole
        return (abs(sum(_sections(table)) - table.viewport().width()) <= 1
                and all(_text_fits(table, column) for column in (1, 2, 3, 4, 5)))

    qtbot.waitUntil(fitted, timeout=2000)
    sizes = _sections(table)
    assert sizes[0] == max(sizes)  # the quote stretches
    assert len(text) > 330
    # narrower: still no empty space, and the quote never shrinks to a sliver
    dock.resize(500, 300)
    qtbot.waitUntil(lambda: sum(_sections(table)) >= table.viewport().width() - 1
                    and _sections(table)[0] >= 150, timeout=2000)


def test_a_column_resized_by_hand_keeps_its_width_and_long_titles_are_capped(qtbot):
    from dataclasses import replace

    from db.models import Annotation
    from desktop.docks.annotations import AnnotationsPanel

    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 300)
    panel.show()
    qtbot.waitExposed(panel)
    base = Annotation(id="a1", article_id="art", start=0, end=5, exact="Quote", note="n", created="2024-06-01T10:00")
    panel.model.article_titles = {"art": "A very long article title " * 8}
    panel.model.set_rows([base])
    table = panel.table
    qtbot.waitUntil(lambda: table.horizontalHeader().sectionSize(3) > 200, timeout=2000)
    assert abs(sum(_sections(table)) - table.viewport().width()) <= 1
    assert table.horizontalHeader().sectionSize(3) <= 0.28 * table.viewport().width() + 1
    table.horizontalHeader().resizeSection(1, 333)  # the analyst widens Note
    panel.model.set_rows([base, replace(base, id="a2", note="a much longer note than before")])
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=1000)
    qtbot.waitUntil(lambda: not panel.columns._timer.isActive(), timeout=2000)
    assert table.horizontalHeader().sectionSize(1) == 333
    assert abs(sum(_sections(table)) - table.viewport().width()) <= 1


def test_event_columns_fit_their_content_and_the_title_takes_the_rest(qtbot, desk):
    from datetime import date

    from db.models import PartialDate

    desk.ws.create_event("Talks", PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "between 2009 and 2017"),
                      category="Diplomacy")
    desk.docks["timeline"].hide()  # the list alone at the bottom: wide enough for every column
    desk.docks["events"].show()
    desk.docks["events"].raise_()
    table = desk.events_ctl.panel.table
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() == 1, timeout=2000)
    qtbot.waitUntil(lambda: abs(sum(_sections(table)) - table.viewport().width()) <= 1
                    and all(_text_fits(table, c) for c in (1, 2, 3, 4)), timeout=2000)
    sizes = _sections(table)
    assert sizes[0] == max(sizes)


def test_with_find_bars_open_in_two_panes_esc_and_shift_enter_act_on_the_focused_one(qtbot, desk):
    a, b = desk.panes.panes[:2]
    for p in (a, b):
        desk.panes.set_current(p)
        desk.action(Action.FIND).trigger()
        qtbot.keyClicks(p.find_bar.edit, "Pakistan")
    a.find_bar.edit.setFocus()
    qtbot.waitUntil(a.find_bar.edit.hasFocus, timeout=2000)
    n = len(a.find_bar.matches)
    qtbot.keyClick(a.find_bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert a.find_bar.count.text() == f"{n} of {n}"  # from the first match back to the last
    qtbot.keyClick(a.find_bar.edit, Qt.Key.Key_Escape)
    assert not a.find_bar.isVisible() and not a.view.find_layer.marks
    assert b.find_bar.isVisible() and b.view.find_layer.marks


def test_esc_in_the_text_closes_the_find_bar_or_clears_search_marks(qtbot, desk):
    pane = desk.panes.panes[0]
    desk.panes.set_current(pane)
    desk.action(Action.FIND).trigger()
    qtbot.keyClicks(pane.find_bar.edit, "Pakistan")
    pane.view.setFocus()
    qtbot.waitUntil(pane.view.hasFocus, timeout=2000)
    qtbot.keyClick(pane.view, Qt.Key.Key_Escape)
    assert not pane.find_bar.isVisible() and not pane.view.find_layer.marks
    pane.view.show_matches([(0, 5), (10, 15)], (10, 15))  # as a search hit leaves them
    qtbot.keyClick(pane.view, Qt.Key.Key_Escape)
    assert not pane.view.find_layer.marks and pane.view.find_current is None
