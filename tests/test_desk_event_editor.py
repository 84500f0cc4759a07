"""The event editor as one operation, driven in the desk: nothing written until Save, Cancel leaves the
database exactly as it was, the date field holds what the editor reads, every view updates on Save."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from desktop.actions import Action
from tests.test_workspace_undo import content


def _open(win, title_prefix: str):
    art = win.ws.store.articles.find(title_prefix)
    return art, win.open_article(art.id)


def _select(view, start: int, end: int) -> None:
    c = view.textCursor()
    c.setPosition(view.offsets.to_qt(start))
    c.setPosition(view.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)


def _deleted_later() -> None:
    """Let closed editors (WA_DeleteOnClose) really be deleted, as the event loop would."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def _cancel(qtbot, editor) -> None:
    qtbot.mouseClick(editor.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)


def _save(qtbot, editor) -> None:
    with qtbot.waitSignal(editor.saved):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def _event_date_cells(win) -> dict[str, str]:
    model = win.annotations.model
    col = next(c for c in range(model.columnCount())
               if model.headerData(c, Qt.Orientation.Horizontal) == "Event date")
    return {model.rows[r].id: model.index(r, col).data() or "" for r in range(model.rowCount())}


def test_opening_event_editors_one_after_another_never_raises(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    events = desk.events_ctl
    for n in range(4):
        _select(pane.view, 10 * n, 10 * n + 30)
        desk.action(Action.NEW_EVENT).trigger()
        editor = events.editors[-1]
        assert editor.isVisible()
        _cancel(qtbot, editor)
        _deleted_later()
        assert events.editors == []
    sugg = desk.suggestions_ctl
    x = next(x for x in sugg.suggestions(art.id) if x.text == "Last year")
    for _ in range(2):
        editor = sugg.make_event(x, art.id)
        editor.close()
        _deleted_later()
    assert events.editors == []


def test_ctrl_alt_e_then_cancel_leaves_the_database_exactly_as_before(desk, qtbot):
    _art, pane = _open(desk, "Pakistan approves")
    before, steps = content(desk.ws.store), desk.ws.undo_stack.count()
    _select(pane.view, 0, 60)
    desk.action(Action.NEW_EVENT).trigger()
    editor = desk.events_ctl.editors[-1]
    assert "annotated when you save" in editor.sources_list.item(0).text()
    assert content(desk.ws.store) == before, "nothing is written while the editor is open"
    editor.date_edit.setText("2024")
    _cancel(qtbot, editor)
    assert content(desk.ws.store) == before and desk.ws.undo_stack.count() == steps


def test_ctrl_alt_e_save_annotates_and_creates_the_event_as_one_step(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    before = content(desk.ws.store)
    _select(pane.view, 0, 60)
    desk.action(Action.NEW_EVENT).trigger()
    editor = desk.events_ctl.editors[-1]
    editor.date_edit.setText("2024-08-02T09:30:00+05:00")
    assert editor.date_is_valid() and "2 August 2024" in editor.date_hint.text()
    _save(qtbot, editor)
    (ev,) = desk.ws.store.events.all()
    assert ev.date.value == "2024-08-02" and desk.ws.store.annotations.get(ev.source_ids[0]).exact == art.text[:60]
    desk.action(Action.UNDO).trigger()
    assert content(desk.ws.store) == before


def test_make_event_fills_a_date_the_editor_reads_and_creates_nothing_until_save(desk, qtbot):
    art, _pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    x = next(x for x in sugg.suggestions(art.id) if x.text == "Last year")
    before, steps = content(desk.ws.store), desk.ws.undo_stack.count()
    editor = sugg.make_event(x, art.id)
    assert editor.date_edit.text() == "2023"
    assert editor.date_is_valid() and "“Last year”" in editor.date_hint.text()
    assert content(desk.ws.store) == before
    _cancel(qtbot, editor)
    assert content(desk.ws.store) == before and desk.ws.undo_stack.count() == steps

    editor = sugg.make_event(x, art.id)
    _save(qtbot, editor)
    assert not editor.error_label.text()
    (ev,) = desk.ws.store.events.all()
    assert ev.date.value == "2023" and ev.date.precision == "year"
    assert desk.ws.store.decisions.of_article(art.id)[(x.start, x.end)] == ("accepted", ev.id)
    assert desk.ws.undo_stack.count() == steps + 1
    desk.action(Action.UNDO).trigger()
    assert content(desk.ws.store) == before, "event, annotation and decision all undone"
    desk.action(Action.REDO).trigger()
    assert desk.ws.store.decisions.of_article(art.id)[(x.start, x.end)] == ("accepted", ev.id)


def test_a_month_expression_fills_month_and_year(desk):
    art, _pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    x = next(x for x in sugg.suggestions(art.id) if x.text == "March")
    editor = sugg.make_event(x, art.id)
    assert editor.date_edit.text() == "March 2024" and editor.date_is_valid()
    editor.close()


def test_saving_shows_the_event_in_every_view_at_once(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    ann = desk.ws.add_annotation(art.id, 0, 60)
    assert _event_date_cells(desk)[ann.id] == ""
    desk.select_annotation(ann.id)
    desk.action(Action.NEW_EVENT).trigger()
    editor = desk.events_ctl.editors[-1]
    editor.date_edit.setText("22 June 2024")
    _save(qtbot, editor)
    (ev,) = desk.ws.store.events.all()
    assert _event_date_cells(desk)[ann.id] == "22 June 2024"
    events = desk.events_ctl
    assert ev.id in [events.panel.model.rows[r].id for r in range(events.panel.model.rowCount())]
    timeline = desk.timeline_ctl
    assert ev.id in timeline._events["ids"]
    desk.action(Action.UNDO).trigger()
    assert _event_date_cells(desk)[ann.id] == ""


def test_add_as_source_then_cancel_writes_nothing(desk, monkeypatch):
    from datetime import date

    from db.models import PartialDate
    from desktop.dialogs.pick_event import PickEventDialog

    art, pane = _open(desk, "Pakistan approves")
    desk.ws.create_event("Approval", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"))
    before, steps = content(desk.ws.store), desk.ws.undo_stack.count()
    monkeypatch.setattr(PickEventDialog, "get_event_id", staticmethod(lambda *a, **k: None))
    _select(pane.view, 0, 15)
    desk.action(Action.ADD_SOURCE).trigger()
    assert content(desk.ws.store) == before and desk.ws.undo_stack.count() == steps
