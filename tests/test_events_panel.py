"""The events table dock: filtering, in-place editing through the workspace, delete, selection."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from db.models import PartialDate
from desktop.dialogs.event_editor import EventEditor
from desktop.docks.events import (
    ALL_CATEGORIES,
    CATEGORY_COLUMN,
    DATE_COLUMN,
    TITLE_COLUMN,
    EventsPanel,
)
from desktop.models.records import ID_ROLE, EventTableModel


@pytest.fixture
def events(workspace, sample_store):
    """Three events: a span, a month, a day; the first with a source passage."""
    art = sample_store.articles.all()[0]
    ann = sample_store.annotations.add(art.id, 0, 40)
    ops = workspace.create_event("Operations in the tribal areas",
                              PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "2009–2017"),
                              category="Operation", sources=(ann.id,))
    strikes = workspace.create_event("Strikes near the border",
                                  PartialDate(date(2024, 3, 1), date(2024, 3, 31), "month", "March 2024"),
                                  category="Attack")
    review = workspace.create_event("Review published",
                                 PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024"),
                                 category="Policy")
    workspace.undo_stack.clear()
    return ops, strikes, review


@pytest.fixture
def panel(qtbot, workspace, events):
    p = EventsPanel(workspace)
    qtbot.addWidget(p)
    p.resize(800, 300)
    p.show()
    qtbot.waitExposed(p)
    return p


def proxy_index(panel: EventsPanel, event_id: str, column: int):
    return panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(event_id), column))


def shown_titles(panel: EventsPanel) -> list[str]:
    return [panel.proxy.index(r, TITLE_COLUMN).data() for r in range(panel.proxy.rowCount())]


def test_event_table_model_passes_the_model_tester(qtmodeltester, sample_store, events):
    model = EventTableModel()
    model.set_rows(sample_store.events.all())
    assert model.rowCount() == 3
    qtmodeltester.check(model)


def test_the_panel_models_pass_the_model_tester(qtmodeltester, panel):
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)


def test_the_panel_lists_events_sorted_by_date(panel):
    assert shown_titles(panel) == ["Operations in the tribal areas", "Strikes near the border", "Review published"]
    assert panel.proxy.index(0, DATE_COLUMN).data() == "2009–2017"
    panel.table.sortByColumn(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
    assert shown_titles(panel)[0] == "Review published"


def test_the_filter_box_and_category_combo_narrow_the_rows(qtbot, panel):
    qtbot.keyClicks(panel.filter, "border")
    assert shown_titles(panel) == ["Strikes near the border"]
    panel.filter.clear()
    panel.category.setCurrentText("Policy")
    assert shown_titles(panel) == ["Review published"]
    panel.category.setCurrentText(ALL_CATEGORIES)
    assert len(shown_titles(panel)) == 3


def test_editing_a_title_cell_changes_the_store(qtbot, panel, sample_store, events, workspace):
    ops = events[0]
    idx = proxy_index(panel, ops.id, TITLE_COLUMN)
    panel.table.setCurrentIndex(idx)
    panel.table.edit(idx)
    editor = panel.table.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "Military operations")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sample_store.events.get(ops.id).title == "Military operations")
    assert panel.proxy.data(proxy_index(panel, ops.id, TITLE_COLUMN)) == "Military operations"
    workspace.undo_stack.undo()
    assert sample_store.events.get(ops.id).title == "Operations in the tribal areas"
    assert panel.proxy.data(proxy_index(panel, ops.id, TITLE_COLUMN)) == "Operations in the tribal areas"


def test_editing_a_date_cell_parses_it(panel, sample_store, events):
    review = events[2]
    assert panel.proxy.setData(proxy_index(panel, review.id, DATE_COLUMN), "Q1 2024")
    after = sample_store.events.get(review.id)
    assert after.date.text == "Q1 2024"
    assert (after.date.start, after.date.end) == (date(2024, 1, 1), date(2024, 3, 31))
    assert panel.proxy.data(proxy_index(panel, review.id, DATE_COLUMN)) == "Q1 2024"


def test_a_bad_date_in_a_cell_reports_the_reason_and_keeps_the_old_value(qtbot, panel, sample_store, events,
                                                                        workspace):
    review = events[2]
    with qtbot.waitSignal(workspace.errorOccurred) as blocker:
        assert not panel.proxy.setData(proxy_index(panel, review.id, DATE_COLUMN), "Blursday")
    assert "Blursday" in blocker.args[0]
    assert sample_store.events.get(review.id).date == review.date
    assert panel.proxy.data(proxy_index(panel, review.id, DATE_COLUMN)) == "22 June 2024"
    assert workspace.undo_stack.count() == 0


def test_an_empty_title_in_a_cell_is_refused(qtbot, panel, sample_store, events, workspace):
    review = events[2]
    with qtbot.waitSignal(workspace.errorOccurred):
        assert not panel.proxy.setData(proxy_index(panel, review.id, TITLE_COLUMN), "   ")
    assert sample_store.events.get(review.id).title == "Review published"


def test_the_category_cell_edits_with_a_combo_of_categories(qtbot, panel, sample_store, events):
    strikes = events[1]
    idx = proxy_index(panel, strikes.id, CATEGORY_COLUMN)
    panel.table.setCurrentIndex(idx)
    panel.table.edit(idx)
    combo = panel.table.viewport().findChild(QComboBox)
    assert combo is not None and combo.findText("Diplomacy") >= 0
    assert combo.currentText() == "Attack"
    combo.setCurrentText("Diplomacy")
    panel.table.commitData(combo)
    panel.table.closeEditor(combo, panel.table.itemDelegate().EndEditHint.NoHint)
    assert sample_store.events.get(strikes.id).category == "Diplomacy"


def test_selecting_a_row_emits_event_selected_and_select_does_not(qtbot, panel, events):
    ops, strikes, _ = events
    rect = panel.table.visualRect(proxy_index(panel, strikes.id, TITLE_COLUMN))
    with qtbot.waitSignal(panel.eventSelected, check_params_cb=lambda eid: eid == strikes.id):
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.assertNotEmitted(panel.eventSelected):
        panel.select(ops.id)
    assert panel.current_id() == ops.id
    assert panel.edit_action.isEnabled()


def test_double_click_opens_the_editor_for_the_event(qtbot, panel, events):
    review = events[2]
    rect = panel.table.visualRect(proxy_index(panel, review.id, TITLE_COLUMN))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.eventActivated, check_params_cb=lambda eid: eid == review.id):
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [w for w in panel.findChildren(EventEditor) if w.isVisible()]
    assert len(editors) == 1
    assert editors[0].title_edit.text() == "Review published"
    assert editors[0].date_edit.text() == "22 June 2024"
    editors[0].reject()


def test_saving_from_the_editor_updates_the_row(qtbot, panel, sample_store, events):
    strikes = events[1]
    panel.select(strikes.id)
    dlg = panel.edit_current()
    assert dlg is not None and not dlg.isModal()
    dlg.title_edit.setText("Air strikes near the border")
    with qtbot.waitSignal(dlg.saved):
        dlg.save()
    assert panel.proxy.data(proxy_index(panel, strikes.id, TITLE_COLUMN)) == "Air strikes near the border"
    assert panel.current_id() == strikes.id


def test_delete_asks_first_and_is_undoable(qtbot, panel, sample_store, events, workspace, monkeypatch):
    review = events[2]
    panel.select(review.id)
    monkeypatch.setattr(panel, "confirm_delete", lambda ev: False)
    panel.delete_current()
    assert sample_store.events.count() == 3
    asked = []
    monkeypatch.setattr(panel, "confirm_delete", lambda ev: asked.append(ev.id) or True)
    panel.table.setFocus()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert asked == [review.id]
    assert sample_store.events.count() == 2
    assert "Review published" not in shown_titles(panel)
    workspace.undo_stack.undo()
    assert "Review published" in shown_titles(panel)


def test_new_events_appear_and_keep_the_selection(qtbot, panel, workspace, events):
    strikes = events[1]
    panel.select(strikes.id)
    workspace.create_event("Talks", PartialDate(date(2021, 8, 1), date(2021, 8, 31), "month", "August 2021"),
                        category="Diplomacy")
    assert "Talks" in shown_titles(panel)
    assert panel.current_id() == strikes.id


def test_set_events_without_following_the_workspace(qtbot, workspace, events):
    p = EventsPanel(workspace, follow_changes=False)
    qtbot.addWidget(p)
    assert p.model.rowCount() == 0
    p.set_events(list(events))
    assert p.model.rowCount() == 3
    assert {p.proxy.index(r, 0).data(ID_ROLE) for r in range(3)} == {e.id for e in events}


def test_an_edit_among_many_events_updates_its_row_without_rereading_them_all(qtbot, workspace, sample_store,
                                                                              monkeypatch):
    day = PartialDate(date(2024, 6, 1), date(2024, 6, 1), "day", "1 June 2024")
    made = [sample_store.events.add(f"Event {i:03d}", day) for i in range(200)]
    p = EventsPanel(workspace)
    qtbot.addWidget(p)
    p.select(made[50].id)
    resets = []
    p.model.modelReset.connect(lambda: resets.append(1))
    monkeypatch.setattr(sample_store.events, "all", lambda: pytest.fail("all events were read again"))
    later = PartialDate(date(2024, 7, 9), date(2024, 7, 9), "day", "9 July 2024")
    workspace.edit_event(made[7].id, title="Renamed", date=later)
    workspace.delete_event(made[8].id)
    assert not resets and p.model.rowCount() == 199
    assert shown_titles(p)[-1] == "Renamed"  # moved to its new place in date order
    assert p.current_id() == made[50].id
    workspace.undo_stack.undo()  # the deleted event comes back in place
    assert p.model.rowCount() == 200 and "Event 008" in shown_titles(p)


def test_a_category_cell_takes_a_picked_or_new_category_at_once_and_typing_finds_one(qtbot, panel, sample_store,
                                                                                   events, monkeypatch):
    from desktop.dialogs.category_combo import NEW_CATEGORY, CategoryCombo

    strikes = events[1]
    idx = proxy_index(panel, strikes.id, CATEGORY_COLUMN)
    panel.table.setCurrentIndex(idx)
    panel.table.edit(idx)
    combo = panel.table.viewport().findChild(CategoryCombo)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_D)  # type-ahead: Diplomacy, the editor stays open
    assert combo.category() == "Diplomacy" and panel.table.viewport().findChild(CategoryCombo) is combo
    combo.showPopup()  # picked from the list with the mouse: saved, editor closed
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=2000)
    rect = view.visualRect(view.model().index(combo.findText("Policy"), 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: sample_store.events.get(strikes.id).category == "Policy", timeout=2000)
    monkeypatch.setattr(CategoryCombo, "ask_name", lambda _self: "Ceasefire")
    panel.table.edit(proxy_index(panel, strikes.id, CATEGORY_COLUMN))
    combo = next(c for c in panel.table.viewport().findChildren(CategoryCombo) if c.isVisible())
    combo.activated.emit(combo.findText(NEW_CATEGORY))
    assert sample_store.events.get(strikes.id).category == "Ceasefire"
