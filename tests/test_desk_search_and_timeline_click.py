"""Search everywhere lists every hit and opens it predictably; a click on a timeline event shows its passage
(issue 13, point 5)."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QTextCursor

from db.models import PartialDate
from desktop.actions import Action
from desktop.reader.outlines import linked_outline


def _search(qtbot, desk, query: str):  # noqa: ANN001, ANN202
    """Ctrl+Shift+F, type the query, wait for the results; returns the panel."""
    desk.action(Action.SEARCH).trigger()
    panel = desk.search
    qtbot.waitUntil(panel.edit.hasFocus, timeout=2000)
    qtbot.keyClicks(panel.edit, query)
    qtbot.waitUntil(lambda: panel.results.topLevelItemCount() > 0, timeout=3000)
    return panel


def _click(qtbot, tree, item) -> None:  # noqa: ANN001
    tree.scrollToItem(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())


def _fully_visible(view, start: int, end: int) -> bool:  # noqa: ANN001
    area = view.viewport().rect()
    for pos in (start, end - 1):
        c = QTextCursor(view.document())
        c.setPosition(view.offsets.to_qt(pos))
        if not area.contains(view.cursorRect(c)):
            return False
    return True


def test_search_all_lists_every_hit_grouped_by_article_with_counts(qtbot, desk):
    panel = _search(qtbot, desk, "Afghanistan")
    expected = {}
    for a in desk.library.model.rows:
        n = len(re.findall(r"\bafghanistan\b", desk.ws.store.articles.get(a.id).text, re.IGNORECASE))
        if n:
            expected[a.title] = n
    assert max(expected.values()) >= 10
    tree = panel.results
    shown = {}
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        title, _, counted = top.text(0).rpartition(" — ")
        shown[title] = counted
        assert top.childCount() == expected[title]
        assert all("[Afghanistan]" in top.child(k).text(0) for k in range(top.childCount()))
    assert shown == {t: f"{n} matches" for t, n in expected.items()}
    assert panel.summary.text() == f"{sum(expected.values())} matches in {len(expected)} articles"


def test_a_hit_opens_in_a_new_pane_when_all_are_in_use_scrolled_and_outlined(qtbot, desk):
    shown = {p.article.id for p in desk.panes.panes if p.article}
    assert len(desk.panes.panes) == 2 and len(shown) == 2
    panel = _search(qtbot, desk, "Afghanistan")
    tree = panel.results
    top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).article_id not in shown)
    top.setExpanded(True)
    hit_item = top.child(top.childCount() - 1)  # the last hit: far down the article
    hit = hit_item.data(0, Qt.ItemDataRole.UserRole)
    _click(qtbot, tree, hit_item)

    assert len(desk.panes.panes) == 3
    pane = desk.panes.panes[2]
    assert desk.panes.current is pane and pane.article.id == hit.article_id
    assert {p.article.id for p in desk.panes.panes[:2]} == shown  # nothing replaced
    assert pane.article.text[hit.start:hit.end].lower() == "afghanistan"
    qtbot.waitUntil(lambda: _fully_visible(pane.view, hit.start, hit.end), timeout=2000)
    assert pane.view.find_current == (pane.view.offsets.to_qt(hit.start), pane.view.offsets.to_qt(hit.end))
    assert len(pane.view.find_layer.marks) == top.childCount()
    message = desk.statusBar().currentMessage()
    assert "new pane" in message and f"match {top.childCount()} of {top.childCount()}" in message

    # another hit of the same article: the same pane, scrolled back up
    first = top.child(0)
    _click(qtbot, tree, first)
    hit = first.data(0, Qt.ItemDataRole.UserRole)
    assert len(desk.panes.panes) == 3 and desk.panes.current is pane
    qtbot.waitUntil(lambda: _fully_visible(pane.view, hit.start, hit.end), timeout=2000)
    assert "Already open in pane 3" in desk.statusBar().currentMessage()


def test_with_four_panes_in_use_a_hit_replaces_the_current_pane_and_says_so(qtbot, desk):
    rows = desk.library.model.rows
    while len(desk.panes.panes) < 4:
        desk.action(Action.NEW_PANE).trigger()
    for pane, art in zip(desk.panes.panes, rows, strict=False):
        desk.open_article(art.id, pane=pane)
    absent = next(a for a in rows if desk.panes.pane_for(a.id) is None)
    word = "terrorism"
    assert word in desk.ws.store.articles.get(absent.id).text.lower()
    current = desk.panes.panes[1]
    replaced = current.article.title
    desk.panes.set_current(current)
    panel = _search(qtbot, desk, word)
    tree = panel.results
    top = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
               if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).article_id == absent.id)
    _click(qtbot, tree, top)  # the article row opens its first hit
    assert len(desk.panes.panes) == 4
    assert current.article.id == absent.id
    message = desk.statusBar().currentMessage()
    assert "pane 2" in message and "replaces" in message and replaced[:20] in message


def test_down_then_enter_from_the_search_field_opens_the_first_hit(qtbot, desk):
    panel = _search(qtbot, desk, "Afghanistan")
    qtbot.keyClick(panel.edit, Qt.Key.Key_Down)
    assert panel.results.hasFocus()
    hit = panel.results.currentItem().data(0, Qt.ItemDataRole.UserRole)
    assert hit.kind == "article" and hit.end > hit.start
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    pane = desk.panes.pane_for(hit.article_id)
    assert pane is not None and desk.panes.current is pane
    assert pane.view.find_current == (pane.view.offsets.to_qt(hit.start), pane.view.offsets.to_qt(hit.end))


def test_a_note_hit_selects_its_annotation(qtbot, desk):
    pane = desk.panes.panes[0]
    ann = desk.ws.add_annotation(pane.article.id, 20, 60, note="zebracrossing remark")
    panel = _search(qtbot, desk, "zebracrossing")
    top = panel.results.topLevelItem(0)
    assert top.text(0).endswith("— 1 match")
    desk.select_annotation(None)
    _click(qtbot, panel.results, top.child(0))
    assert desk.selection.annotation == ann.id


# --- a click on a timeline event ----------------------------------------------------------------------


def _event_far_down(desk, title: str = "Strikes continue"):  # noqa: ANN001, ANN202
    """An event whose first source is well down (not at the end) of the longest article no pane shows."""
    art = max((a for a in desk.library.model.rows if desk.panes.pane_for(a.id) is None),
              key=lambda a: len(desk.ws.store.articles.get(a.id).text))
    text = desk.ws.store.articles.get(art.id).text
    start = text.rindex(" ", 0, len(text) * 3 // 5) + 1
    ann = desk.ws.add_annotation(art.id, start, start + 40)
    ev = desk.ws.create_event(title, PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"), sources=[ann.id])
    return art, ann, ev


def _click_event(qtbot, desk, event_id: str, double: bool = False) -> None:  # noqa: ANN001
    controller = desk.timeline_ctl
    desk.action(Action.FOCUS_TIMELINE).trigger()
    widget = controller.timeline
    qtbot.waitUntil(widget.isVisible, timeout=2000)
    widget.set_visible_range(date(2024, 6, 1), date(2024, 7, 15))
    rect = widget.event_rect(event_id)
    assert rect is not None
    click = qtbot.mouseDClick if double else qtbot.mouseClick
    click(widget, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


def test_clicking_an_event_opens_and_scrolls_to_its_first_source_and_outlines_it(qtbot, desk):
    art, ann, ev = _event_far_down(desk)
    _click_event(qtbot, desk, ev.id)
    pane = desk.panes.pane_for(art.id)
    assert pane is not None and len(desk.panes.panes) == 3  # the two panes in use stay as they were
    view = pane.view
    sizes = desk.panes.sizes
    qtbot.waitUntil(lambda: max(sizes()) - min(sizes()) <= 12, timeout=2000)  # the new pane got its share
    qtbot.waitUntil(lambda: _fully_visible(view, ann.start, ann.end), timeout=2000)
    desk.resize(1500, 740)  # the panes are sized again (as a new pane settles): the passage stays in view
    qtbot.waitUntil(lambda: view.width() > 300, timeout=2000)
    qtbot.waitUntil(lambda: _fully_visible(view, ann.start, ann.end), timeout=2000)
    assert ann.id in view.emphasised
    assert "new pane" in desk.statusBar().currentMessage()
    # drawn: an outline in the selection colour just left of the passage
    view._end_flash()
    view.viewport().repaint()
    img = view.viewport().grab().toImage()
    c = QTextCursor(view.document())
    c.setPosition(view.offsets.to_qt(ann.start))
    r = view.cursorRect(c)
    want = linked_outline(view.palette())
    near = [img.pixelColor(QPoint(x, r.center().y()) * img.devicePixelRatio()) for x in range(r.left() - 7, r.left())]
    assert any(_close(p, want) for p in near), [p.name() for p in near]


def test_clicking_an_event_whose_article_is_open_scrolls_that_pane(qtbot, desk):
    pane = desk.panes.panes[1]
    text = pane.article.text
    start = text.rindex(" ", 0, len(text) - 150) + 1
    ann = desk.ws.add_annotation(pane.article.id, start, start + 30)
    ev = desk.ws.create_event("Late passage", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"), sources=[ann.id])
    pane.view.verticalScrollBar().setValue(0)
    assert not _fully_visible(pane.view, ann.start, ann.end)
    desk.panes.set_current(desk.panes.panes[0])
    _click_event(qtbot, desk, ev.id)
    assert len(desk.panes.panes) == 2
    qtbot.waitUntil(lambda: _fully_visible(pane.view, ann.start, ann.end), timeout=2000)
    assert desk.selection.annotation is None  # a click shows; the double-click selects (below)


def test_double_clicking_an_event_still_selects_its_source(qtbot, desk):
    art, ann, ev = _event_far_down(desk)
    _click_event(qtbot, desk, ev.id, double=True)
    assert desk.selection.annotation == ann.id
    pane = desk.panes.pane_for(art.id)
    qtbot.waitUntil(lambda: _fully_visible(pane.view, ann.start, ann.end), timeout=2000)


def _close(a: QColor, b: QColor, tol: int = 40) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tol
