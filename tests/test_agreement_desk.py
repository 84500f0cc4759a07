"""Agreement where the analyst looks: the events table, the event editor, the timeline (real widgets)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from db.dates import parse_date
from db.models import PartialDate
from desktop.actions import Action
from desktop.docks.events import AGREEMENT_COLUMN, TITLE_COLUMN, EventsPanel
from desktop.timeline.agreement_paint import CONFLICT_COLOR


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


def _passage(store, article, quote: str) -> str:
    start = article.text.index(quote)
    return store.annotations.add(article.id, start, start + len(quote)).id


def _reports(store) -> dict[str, str]:
    """Two reports of one attack: one says last Tuesday (26 March), the other 19 March."""
    thu = store.articles.add("Thursday wire", "Militants attacked the convoy last Tuesday near the border. "
                            "Nobody was hurt.", published=day(2024, 3, 28))
    other = store.articles.add("Other report", "The convoy was attacked on 19 March, a local official said. "
                              "Residents heard gunfire at night.", published=day(2024, 4, 2))
    return {"tuesday": _passage(store, thu, "Militants attacked the convoy last Tuesday"),
            "nineteenth": _passage(store, other, "The convoy was attacked on 19 March"),
            "quiet": _passage(store, other, "Residents heard gunfire at night")}


@pytest.fixture
def scene(workspace, sample_store):
    """Events that agree, conflict and have an undated source, made through the workspace."""
    src = _reports(sample_store)
    conflict = workspace.create_event("Convoy attacked", parse_date("26 March 2024"),
                                   sources=(src["tuesday"], src["nineteenth"]))
    agree = workspace.create_event("Attack on the convoy", parse_date("March 2024"), sources=(src["tuesday"],))
    undated = workspace.create_event("Gunfire at night", parse_date("2024"), sources=(src["quiet"],))
    workspace.undo_stack.clear()
    return {"conflict": conflict, "agree": agree, "undated": undated, **src}


@pytest.fixture
def panel(qtbot, workspace, scene):
    p = EventsPanel(workspace)
    qtbot.addWidget(p)
    p.resize(900, 300)
    p.show()
    qtbot.waitExposed(p)
    return p


def _cell(panel: EventsPanel, event_id: str, role=Qt.ItemDataRole.DisplayRole):
    row = panel.model.row_of(event_id)
    return panel.proxy.mapFromSource(panel.model.index(row, AGREEMENT_COLUMN)).data(role)


def _shown(panel: EventsPanel) -> set[str]:
    return {panel.proxy.index(r, TITLE_COLUMN).data() for r in range(panel.proxy.rowCount())}


def test_the_agreement_column_says_it_in_words_with_a_mark_and_lists_the_sources_in_its_tooltip(panel, scene):
    assert panel.model.headerData(AGREEMENT_COLUMN, Qt.Orientation.Horizontal) == "Agreement"
    assert _cell(panel, scene["conflict"].id) == "≠ conflict"
    assert _cell(panel, scene["agree"].id) == "✓ agree"
    assert _cell(panel, scene["undated"].id) == "? undated"
    tip = _cell(panel, scene["conflict"].id, Qt.ItemDataRole.ToolTipRole)
    assert "26 March 2024 — Thursday wire (agrees)" in tip
    assert "19 March 2024 — Other report (conflicts)" in tip
    assert "no date in the passage" in _cell(panel, scene["undated"].id, Qt.ItemDataRole.ToolTipRole)
    # the text filter finds conflicts by the word
    panel.filter.setText("conflict")
    assert _shown(panel) == {"Convoy attacked"}


def test_only_conflicts_is_reachable_by_keyboard_and_follows_date_changes(panel, scene, workspace, qtbot):
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.only_conflicts.isChecked)  # a mnemonic animates the click
    assert _shown(panel) == {"Convoy attacked"}
    # the analyst settles on the coarser date both sources fit: the event drops out of the filter
    workspace.edit_event(scene["conflict"].id, date=parse_date("March 2024"))
    assert _shown(panel) == set()
    row = panel.model.row_of(scene["conflict"].id)
    assert panel.model.index(row, AGREEMENT_COLUMN).data() == "✓ agree"  # hidden by the filter, not gone
    workspace.edit_event(scene["agree"].id, date=parse_date("19 March 2024"))
    assert _shown(panel) == {"Attack on the convoy"}
    workspace.undo_stack.undo()
    assert _shown(panel) == set()
    panel.only_conflicts.setChecked(False)
    assert len(_shown(panel)) == 3


def test_a_new_source_updates_the_column_of_that_event_only(panel, scene, workspace, qtbot):
    seen: list[frozenset] = []
    panel.agreement.agreementChanged.connect(seen.append)
    with qtbot.waitSignal(panel.agreement.agreementChanged):
        ev = scene["undated"]
        workspace.edit_event(ev.id, source_ids=(*workspace.event_record(ev.id).source_ids, scene["nineteenth"]))
    assert seen == [frozenset({scene["undated"].id})]
    assert _cell(panel, scene["undated"].id) == "✓ agree"  # one source dated within 2024, one undated


def test_the_editor_lists_each_source_s_date_and_use_its_date_updates_the_event(panel, scene, workspace, qtbot):
    panel.select(scene["conflict"].id)
    dlg = panel.edit_current()
    qtbot.addWidget(dlg)
    qtbot.waitExposed(dlg)
    items = [dlg.sources_list.item(i).text() for i in range(dlg.sources_list.count())]
    assert items[0].endswith("✓ 26 March 2024 — agrees")
    assert items[1].endswith("≠ 19 March 2024 — another date")
    dlg.sources_list.setFocus()
    dlg.sources_list.setCurrentRow(1)
    assert dlg.use_date_button.isEnabled()
    qtbot.mouseClick(dlg.use_date_button, Qt.MouseButton.LeftButton)
    assert dlg.date_edit.text() == "19 March 2024"
    assert "19 March 2024 · day precision" in dlg.date_hint.text()
    # the marks follow the date typed: now the other source is the odd one out
    assert dlg.sources_list.item(0).text().endswith("≠ 26 March 2024 — another date")
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    with qtbot.waitSignal(dlg.saved):
        qtbot.keyClick(dlg.date_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert workspace.store.events.get(scene["conflict"].id).date.value == "2024-03-19"
    assert _cell(panel, scene["conflict"].id) == "≠ conflict"  # 26 March from the other source still disagrees
    tip = _cell(panel, scene["conflict"].id, Qt.ItemDataRole.ToolTipRole)
    assert "19 March 2024 — Other report (agrees)" in tip


def test_use_its_date_is_off_for_an_undated_source(qtbot, workspace, scene):
    from desktop.dialogs.event_editor import EventEditor

    dlg = EventEditor(workspace, None, event=workspace.store.events.get(scene["undated"].id))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.sources_list.setCurrentRow(0)
    assert not dlg.use_date_button.isEnabled()
    assert dlg.sources_list.item(0).text().endswith("? no date in this passage")


def _has_colour_near(img: QImage, x: int, y: int, radius: int, colour: QColor) -> bool:
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            px = img.pixelColor(x + dx, y + dy)  # same hue, strongly saturated (edges are blended)
            if abs(px.hsvHue() - colour.hsvHue()) <= 8 and px.hsvSaturationF() > 0.6:
                return True
    return False


def test_the_timeline_marks_a_conflicting_event_and_draws_source_ticks_on_request(desk, qtbot):
    src = _reports(desk.ws.store)
    ev = desk.ws.create_event("Convoy attacked", parse_date("26 March 2024"),
                           sources=(src["tuesday"], src["nineteenth"]))
    ok = desk.ws.create_event("Convoy attacked (agreed)", parse_date("March 2024"), sources=(src["tuesday"],))
    tl = desk.timeline_ctl
    widget = tl.timeline
    assert widget.is_marked_conflict(ev.id) and not widget.is_marked_conflict(ok.id)
    tl.dock.setFloating(True)  # room for a row per event (the docked strip packs them as ticks)
    tl.dock.resize(1200, 520)
    tl._focus()
    qtbot.waitUntil(lambda: widget.height() > 400)
    widget.set_visible_range(date(2024, 3, 10), date(2024, 4, 10))
    qtbot.waitUntil(lambda: widget.event_rect(ev.id) is not None and widget.event_rect(ev.id).height() > 10)
    rect = widget.event_rect(ev.id)
    img = widget.grab().toImage()
    mid = rect.center().toPoint()
    assert _has_colour_near(img, mid.x(), mid.y(), 14, CONFLICT_COLOR)
    tip = widget._describe(widget._index.position(ev.id))
    assert "≠ conflict" in tip and "19 March 2024 — Other report (conflicts)" in tip
    # ticks: the 19 March source drawn faintly on the event's row, left of the event
    x19 = int(widget.plot_rect().left() + widget.time_scale().x_of(date(2024, 3, 19).toordinal()
                                                                   - date(1970, 1, 1).toordinal() + 0.5))
    before = widget.grab().toImage().pixelColor(QPoint(x19, mid.y() - 6))
    desk.action(Action.SOURCE_DATE_TICKS).trigger()
    after = widget.grab().toImage().pixelColor(QPoint(x19, mid.y() - 6))
    assert after != before
    # the conflict goes once the dates agree
    desk.ws.edit_event(ev.id, date=parse_date("March 2024"))
    assert not widget.is_marked_conflict(ev.id)
