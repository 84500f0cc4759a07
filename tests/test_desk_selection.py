"""The Selection (desktop/selection.py) is what the reading panes, the tables and the timeline share:
a click in one shows in all the others, once, without any view calling another."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from db.models import PartialDate
from desktop.actions import Action
from desktop.models.records import ID_ROLE
from desktop.selection import Selection
from tests.test_desk_dates_and_timeline import _drag_events, _select

JUNE_22 = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day")


def _record(signal) -> list:  # noqa: ANN001
    """Every value `signal` carries from now on (several arguments as a tuple)."""
    seen: list = []
    signal.connect(lambda *args: seen.append(args[0] if len(args) == 1 else args))
    return seen


@pytest.fixture
def scene(desk):
    """Two annotations in the first pane's article; an event whose one source is the first."""
    pane = desk.panes.panes[0]
    art = pane.article
    ann = desk.ws.add_annotation(art.id, 0, 40)
    other = desk.ws.add_annotation(art.id, 60, 90)
    ev = desk.ws.create_event("Approval of the budget", JUNE_22, sources=[ann.id])
    desk.select_annotation(None)
    return pane, ann, other, ev


def _row_rect(table, model, proxy, record_id: str):  # noqa: ANN001, ANN202
    idx = proxy.mapFromSource(model.index(model.row_of(record_id), 0))
    assert idx.isValid()
    table.scrollTo(idx)
    return table.visualRect(idx)


def _click_row(qtbot, dock, table, model, proxy, record_id: str) -> None:  # noqa: ANN001
    dock.show()
    dock.raise_()
    qtbot.waitUntil(table.isVisible, timeout=2000)
    rect = _row_rect(table, model, proxy, record_id)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _timeline_rect(qtbot, desk, event_id: str):  # noqa: ANN001, ANN202
    desk.action(Action.FOCUS_TIMELINE).trigger()
    widget = desk.timeline_ctl.timeline
    qtbot.waitUntil(widget.isVisible, timeout=2000)
    widget.set_visible_range(date(2024, 6, 1), date(2024, 7, 15))
    rect = widget.event_rect(event_id)
    assert rect is not None
    return widget, rect.center().toPoint()


# --- annotations -------------------------------------------------------------------------------------


def test_clicking_an_annotation_row_selects_it_in_the_pane_the_note_and_the_timeline(qtbot, desk, scene):
    pane, ann, _other, ev = scene
    seen = _record(desk.selection.annotation_selected)
    panel = desk.annotations
    _click_row(qtbot, desk.docks["annotations"], panel.table, panel.model, panel.proxy, ann.id)
    assert seen == [ann.id]  # once: the table re-selecting its row does not echo
    assert desk.selection.annotation == ann.id
    assert pane.view.selected_id == ann.id
    assert pane.article.text[:20] in desk.editor.quote.text()
    assert desk.timeline_ctl.timeline.selected_ids() == [ev.id]  # the events it is a source of


def test_clicking_an_annotation_in_the_text_selects_its_row_and_note(qtbot, desk, scene):
    pane, _ann, other, _ev = scene
    view = pane.view
    view.verticalScrollBar().setValue(0)
    seen = _record(desk.selection.annotation_selected)
    c = QTextCursor(view.document())
    c.setPosition(view.offsets.to_qt(other.start + 5))
    point = view.cursorRect(c).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert seen == [other.id]
    assert desk.annotations.table.currentIndex().data(ID_ROLE) == other.id
    assert pane.article.text[other.start:other.end].strip()[:10] in desk.editor.quote.text()


def test_a_view_echoing_the_selection_back_does_not_loop(qtbot, desk, scene):
    _pane, ann, _other, _ev = scene
    seen = _record(desk.selection.annotation_selected)
    desk.selection.annotation_selected.connect(desk.selection.select_annotation)  # a careless view
    desk.selection.annotation_selected.connect(lambda aid: desk.annotations.annotationSelected.emit(aid))
    panel = desk.annotations
    _click_row(qtbot, desk.docks["annotations"], panel.table, panel.model, panel.proxy, ann.id)
    assert seen == [ann.id]


def test_after_deleting_the_selected_annotation_every_view_agrees_on_the_selection(qtbot, desk, scene):
    pane, ann, other, _ev = scene
    desk.select_annotation(ann.id)
    desk.action(Action.DELETE_ANNOTATION).trigger()
    assert desk.selection.annotation != ann.id
    assert pane.view.selected_id == desk.selection.annotation
    current = desk.annotations.table.currentIndex()
    shown = current.data(ID_ROLE) if desk.annotations.table.selectionModel().isSelected(current) else None
    assert shown == desk.selection.annotation
    desk.ws.undo()  # back again: it can be selected again, and every view says so
    desk.select_annotation(ann.id)
    assert pane.view.selected_id == ann.id == desk.annotations.table.currentIndex().data(ID_ROLE)


# --- events --------------------------------------------------------------------------------------------


def test_clicking_an_event_row_selects_it_on_the_timeline_and_emphasises_its_sources(qtbot, desk, scene):
    pane, ann, _other, ev = scene
    seen = _record(desk.selection.event_selected)
    panel = desk.events_ctl.panel
    _click_row(qtbot, desk.docks["events"], panel.table, panel.model, panel.proxy, ev.id)
    assert seen == [ev.id]
    assert desk.selection.event == ev.id
    assert desk.timeline_ctl.timeline.selected_ids() == [ev.id]
    assert pane.view.emphasised == {ann.id}
    assert "Approval of the budget" in desk.statusBar().currentMessage()


def test_clicking_an_event_on_the_timeline_selects_its_row(qtbot, desk, scene):
    pane, ann, _other, ev = scene
    seen = _record(desk.selection.event_selected)
    widget, point = _timeline_rect(qtbot, desk, ev.id)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    assert seen == [ev.id]
    assert desk.events_ctl.panel.current_id() == ev.id
    assert pane.view.emphasised == {ann.id}
    assert desk.selection.annotation is None  # a click shows the passage; activating selects it


def test_enter_on_a_timeline_event_opens_its_source_through_the_selection(qtbot, desk, scene):
    pane, ann, _other, ev = scene
    widget, point = _timeline_rect(qtbot, desk, ev.id)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    pane.view.verticalScrollBar().setValue(pane.view.verticalScrollBar().maximum())
    activated = _record(desk.selection.event_activated)
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    assert activated == [ev.id]
    assert desk.selection.annotation == ann.id
    assert desk.annotations.table.currentIndex().data(ID_ROLE) == ann.id
    qtbot.waitUntil(lambda: pane.view.verticalScrollBar().value() == 0, timeout=2000)  # scrolled to it


def test_enter_on_an_event_row_opens_its_source_in_a_pane(qtbot, desk, scene):
    _pane, _ann, _other, ev = scene
    far = max((a for a in desk.library.model.rows if desk.panes.pane_for(a.id) is None),
              key=lambda a: a.length)
    source = desk.ws.add_annotation(far.id, 200, 260)
    late = desk.ws.create_event("Strikes continue", JUNE_22, sources=[source.id])
    panel = desk.events_ctl.panel
    _click_row(qtbot, desk.docks["events"], panel.table, panel.model, panel.proxy, late.id)
    activated = _record(desk.selection.event_activated)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert activated == [late.id]
    assert desk.selection.annotation == source.id
    assert desk.panes.pane_for(far.id) is not None


def test_a_passage_dropped_on_a_timeline_event_goes_through_the_selection(qtbot, desk, scene):
    _pane, ann, _other, ev = scene
    pane2 = desk.panes.panes[1]
    _select(pane2.view, 5, 30)
    mime = pane2.view.createMimeDataFromSelection()
    dropped = _record(desk.selection.passage_dropped_on_event)
    widget, point = _timeline_rect(qtbot, desk, ev.id)
    enter, move, drop = _drag_events(widget, mime, point)
    for e in (enter, move, drop):
        QApplication.sendEvent(widget, e)
    assert dropped == [(ev.id, pane2.article.id, 5, 30)]
    sources = desk.ws.event_by_id(ev.id).source_ids
    assert sources[0] == ann.id and len(sources) == 2
    assert desk.selection.annotation == sources[1]  # the new source passage, selected


def test_an_event_saved_in_the_events_panel_editor_is_selected_everywhere(qtbot, desk, scene):
    panel = desk.events_ctl.panel
    dlg = panel.new_event()
    qtbot.keyClicks(dlg.title_edit, "Talks resume")
    dlg.date_edit.setText("23 June 2024")
    with qtbot.waitSignal(desk.selection.event_selected):
        dlg.save()
    made = desk.selection.event
    assert desk.ws.event_by_id(made).title == "Talks resume"
    assert panel.current_id() == made
    assert desk.timeline_ctl.timeline.selected_ids() == [made]


# --- the Selection alone -----------------------------------------------------------------------------


def test_selection_tells_every_listener_and_ignores_echoes(qtbot):
    sel = Selection()
    seen = _record(sel.event_selected)
    sel.event_selected.connect(sel.select_event)  # echo while delivering: ignored
    assert sel.select_event("e1") is True
    assert seen == ["e1"] and sel.event == "e1"
    assert sel.select_event("e1") is True  # picked again (say, after an undo brought it back): told again
    assert seen == ["e1", "e1"]
    sel.select_event("")
    assert sel.event is None and seen[-1] is None


def test_a_listener_may_replace_the_selection_while_it_is_delivered(qtbot):
    sel = Selection()
    seen = _record(sel.annotation_selected)
    sel.annotation_selected.connect(lambda aid: aid == "gone" and sel.select_annotation(None))
    sel.select_annotation("gone")
    assert sel.annotation is None
    assert seen == ["gone", None]
    assert sel.select_annotation("a1") and seen[-1] == "a1"  # not stuck in "delivering"


def test_events_panel_select_does_not_tell_the_selection(qtbot, desk, scene):
    """Views follow the Selection without emitting (the first guard against loops)."""
    *_, ev = scene
    with qtbot.assertNotEmitted(desk.events_ctl.panel.eventSelected):
        desk.events_ctl.panel.select(ev.id)
    with qtbot.assertNotEmitted(desk.annotations.annotationSelected):
        desk.annotations.select(scene[1].id)
    assert desk.selection.event is None
