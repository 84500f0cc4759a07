"""The event editor: live date feedback for every example, saving with sources, undo, bad input."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from db.models import PartialDate
from desktop.dialogs.event_editor import EventEditor, date_label, describe_date
from desktop.dialogs.pick_event import PickEventDialog

EXAMPLES = [
    ("2024-06-22", "22 June 2024 · day precision"),
    ("22 June 2024", "22 June 2024 · day precision"),
    ("June 2024", "June 2024 · month precision"),
    ("2024", "2024 · year precision"),
    ("March–June 2024", "March–June 2024 · span"),
    ("2009–2017", "2009–2017 · span"),
    ("between 2009 and 2017", "2009–2017 · span"),
    ("Q1 2024", "January–March 2024 · span"),
    ("early 2024", "January–April 2024 · span"),
]


@pytest.fixture
def annotation(sample_store):
    """An annotation on the first sample article: its first sentence-ish stretch."""
    art = sample_store.articles.all()[0]
    return sample_store.annotations.add(art.id, 0, 40)


def type_text(qtbot, widget, text: str) -> None:
    """Type like a keyboard; characters QTest cannot map to a key (the en dash) go as text-only key events."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def make_editor(qtbot, workspace, **kwargs) -> EventEditor:
    dlg = EventEditor(workspace, None, **kwargs)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


@pytest.mark.parametrize(("typed", "shown"), EXAMPLES)
def test_typing_each_example_date_shows_what_was_understood_with_its_precision(qtbot, workspace, typed, shown):
    dlg = make_editor(qtbot, workspace, title="Something happened")
    type_text(qtbot, dlg.date_edit, typed)
    assert dlg.date_edit.text() == typed
    hint = dlg.date_hint.text()
    assert shown in hint
    assert hint.endswith(("day precision", "month precision", "year precision", "span"))
    assert dlg.date_is_valid()


def test_a_bad_date_shows_the_reason_in_red_as_you_type(qtbot, workspace):
    dlg = make_editor(qtbot, workspace, title="Something happened")
    qtbot.keyClicks(dlg.date_edit, "the day after never")
    assert not dlg.date_is_valid()
    assert dlg.date_hint.text()
    assert "#D55E00" in dlg.date_hint.styleSheet()


def test_the_editor_is_not_modal(qtbot, workspace):
    dlg = make_editor(qtbot, workspace)
    assert not dlg.isModal()
    assert dlg.isVisible()


def test_saving_creates_the_event_with_its_source_annotation(qtbot, workspace, sample_store, annotation):
    dlg = make_editor(qtbot, workspace, title=annotation.exact, source_ids=(annotation.id,),
                      expression="June 2024")
    assert dlg.source_ids() == (annotation.id,)
    assert annotation.exact.split()[0] in dlg.sources_list.item(0).text()
    qtbot.keyClicks(dlg.date_edit, "22 June 2024")
    dlg.category_combo.setCurrentText("Attack")
    qtbot.keyClicks(dlg.description_edit, "Strikes near the border.")
    with qtbot.waitSignal(dlg.saved) as blocker:
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    [ev] = sample_store.events.all()
    assert blocker.args == [ev.id]
    assert ev.title == " ".join(annotation.exact.split())
    assert ev.date.precision == "day" and ev.date.start == date(2024, 6, 22)
    assert ev.date.text == "22 June 2024"
    assert ev.category == "Attack"
    assert ev.description == "Strikes near the border."
    assert ev.source_ids == (annotation.id,)
    assert sample_store.db.execute("SELECT expression FROM events WHERE id = ?", [ev.id]).fetchone()[0] \
        == "June 2024"
    assert not dlg.isVisible()


def test_ctrl_return_saves(qtbot, workspace, sample_store):
    dlg = make_editor(qtbot, workspace, title="Review published")
    dlg.activateWindow()
    qtbot.waitUntil(dlg.isActiveWindow)
    qtbot.keyClicks(dlg.date_edit, "2024")
    with qtbot.waitSignal(dlg.saved):
        qtbot.keyClick(dlg.date_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [e.title for e in sample_store.events.all()] == ["Review published"]


def test_a_bad_date_keeps_the_dialog_open_and_writes_nothing(qtbot, workspace, sample_store):
    dlg = make_editor(qtbot, workspace, title="Something happened")
    qtbot.keyClicks(dlg.date_edit, "Blursday")
    with qtbot.assertNotEmitted(dlg.saved):
        qtbot.mouseClick(dlg.save_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert dlg.error_label.isVisible() and dlg.error_label.text().startswith("Date:")
    assert sample_store.events.all() == []
    assert workspace.undo_stack.count() == 0


def test_an_empty_date_or_title_keeps_the_dialog_open_with_the_reason(qtbot, workspace, sample_store):
    dlg = make_editor(qtbot, workspace, title="Something happened")
    dlg.save()
    assert dlg.isVisible() and dlg.error_label.text()
    dlg.title_edit.clear()
    qtbot.keyClicks(dlg.date_edit, "2024")
    assert dlg.save() is None
    assert dlg.isVisible() and "title" in dlg.error_label.text()
    assert sample_store.events.all() == []


def test_escape_cancels_without_writing(qtbot, workspace, sample_store):
    dlg = make_editor(qtbot, workspace, title="Something happened", date_text="2024")
    with qtbot.assertNotEmitted(dlg.saved):
        qtbot.keyClick(dlg.title_edit, Qt.Key.Key_Escape)
    assert not dlg.isVisible()
    assert sample_store.events.all() == []


def test_undo_removes_the_created_event(qtbot, workspace, sample_store, annotation):
    dlg = make_editor(qtbot, workspace, title="Operation launched", source_ids=(annotation.id,),
                      date_text="2009–2017")
    assert dlg.save() is not None
    assert sample_store.events.count() == 1
    workspace.undo_stack.undo()
    assert sample_store.events.all() == []
    workspace.undo_stack.redo()
    [ev] = sample_store.events.all()
    assert ev.source_ids == (annotation.id,) and ev.date.precision == "span"


def test_editing_an_event_updates_it_and_can_remove_a_source(qtbot, workspace, sample_store, annotation):
    other = sample_store.annotations.add(sample_store.articles.all()[1].id, 0, 30)
    ev = workspace.create_event("Strikes", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024"),
                             category="Attack", sources=(annotation.id, other.id))
    dlg = make_editor(qtbot, workspace, event=ev)
    assert dlg.windowTitle() == "Edit event"
    assert dlg.title_edit.text() == "Strikes" and dlg.date_edit.text() == "June 2024"
    assert dlg.category_combo.currentText() == "Attack"
    assert dlg.source_ids() == (annotation.id, other.id)
    assert dlg.sources_label.text() == "&Sources (2):"
    dlg.sources_list.setCurrentRow(0)
    qtbot.mouseClick(dlg.remove_button, Qt.MouseButton.LeftButton)
    dlg.date_edit.selectAll()
    qtbot.keyClicks(dlg.date_edit, "22 June 2024")
    with qtbot.waitSignal(dlg.saved, check_params_cb=lambda eid: eid == ev.id):
        dlg.save()
    after = sample_store.events.get(ev.id)
    assert after.source_ids == (other.id,)
    assert after.date.precision == "day" and after.date.text == "22 June 2024"
    workspace.undo_stack.undo()
    undone = sample_store.events.get(ev.id)
    assert (undone.title, undone.date, undone.source_ids) == (ev.title, ev.date, ev.source_ids)


def test_a_new_category_is_made_explicitly_saved_and_offered_next_time(qtbot, workspace, sample_store, monkeypatch):
    from desktop.dialogs.category_combo import NEW_CATEGORY, CategoryCombo

    monkeypatch.setattr(CategoryCombo, "ask_name", lambda _self: "Negotiation")
    dlg = make_editor(qtbot, workspace, title="Talks", date_text="March 2024")
    combo = dlg.category_combo
    assert not combo.isEditable()
    combo.activated.emit(combo.findText(NEW_CATEGORY))  # as when the entry is clicked in the list
    assert combo.currentText() == "Negotiation"
    assert dlg.save() is not None
    assert sample_store.events.all()[0].category == "Negotiation"
    again = make_editor(qtbot, workspace)
    assert again.category_combo.findText("Negotiation") >= 0


def test_typing_picks_an_existing_category_whatever_the_case_never_a_new_lane(qtbot, workspace, sample_store,
                                                                            monkeypatch):
    from desktop.dialogs.category_combo import NEW_CATEGORY, CategoryCombo

    asked: list[str] = []
    monkeypatch.setattr(CategoryCombo, "ask_name", lambda _self: asked.append("asked") or "operation")
    dlg = make_editor(qtbot, workspace, title="Strikes", date_text="June 2024")
    combo = dlg.category_combo
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    qtbot.keyClick(combo, Qt.Key.Key_O)
    assert combo.currentText() == "Operation" and combo.category() == "Operation"
    qtbot.keyClick(combo, Qt.Key.Key_N)  # type-ahead never lands on "New category…" nor asks
    assert not asked and combo.category() != NEW_CATEGORY
    # "New category…" answered with an existing name in another case chooses the existing one
    combo.activated.emit(combo.findText(NEW_CATEGORY))
    assert asked and combo.category() == "Operation"
    assert [combo.itemText(i) for i in range(combo.count())].count("Operation") == 1
    assert dlg.save() is not None
    assert sample_store.events.all()[0].category == "Operation"
    assert [c for c in sample_store.events.categories() if c.lower() == "operation"] == ["Operation"]


def test_the_store_keeps_one_spelling_per_category(sample_store):
    from db.models import PartialDate as PD

    when = PD(date(2024, 6, 1), date(2024, 6, 30), "month")
    sample_store.events.add("A", when, category="negotiation ")
    assert sample_store.events.add("B", when, category="NEGOTIATION").category == "negotiation"
    assert sample_store.events.add("C", when, category="attack").category == "Attack"
    ev = sample_store.events.add("D", when, category="Other")
    assert sample_store.events.update(ev.id, category="  diplomacy").category == "Diplomacy"
    assert sample_store.events.categories().count("negotiation") == 1


@pytest.mark.parametrize(("when", "label"), [
    (PartialDate(date(2024, 3, 1), date(2024, 6, 30), "span"), "March–June 2024"),
    (PartialDate(date(2023, 11, 1), date(2024, 2, 29), "span"), "November 2023–February 2024"),
    (PartialDate(date(2024, 6, 3), date(2024, 6, 9), "span"), "3–9 June 2024"),
    (PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span"), "2009–2017"),
    (PartialDate(date(2024, 1, 1), date(2024, 4, 30), "span", estimate=True), "≈ January–April 2024"),
])
def test_date_labels_spell_spans_out_at_the_coarsest_fitting_unit(when, label):
    assert date_label(when) == label
    assert describe_date(when) == f"{label} · span"


def test_the_editor_renders_tidily(qtbot, workspace, annotation, tmp_path):
    dlg = make_editor(qtbot, workspace, title=annotation.exact, source_ids=(annotation.id,))
    type_text(qtbot, dlg.date_edit, "March–June 2024")
    image = dlg.grab()
    assert image.width() >= 460 and image.height() > 200
    assert image.save(str(tmp_path / "editor.png"))


# --- “Add as source of…” -------------------------------------------------------------------------
def _events(workspace, annotation):
    a = workspace.create_event("Operation Zarb-e-Azb begins",
                            PartialDate(date(2014, 6, 15), date(2014, 6, 15), "day", "15 June 2014"),
                            category="Operation", sources=(annotation.id,))
    b = workspace.create_event("Review published", PartialDate(date(2024, 1, 1), date(2024, 12, 31), "year", "2024"),
                            category="Policy")
    return a, b


def test_pick_event_filters_and_returns_the_chosen_id(qtbot, workspace, annotation):
    a, b = _events(workspace, annotation)
    dlg = PickEventDialog([a, b], None, quote="a passage")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.chosen_id() == a.id
    qtbot.keyClicks(dlg.filter, "review")
    assert dlg.chosen_id() == b.id
    assert dlg.list.item(0).isHidden()
    qtbot.keyClicks(dlg.filter, " nothing like this")
    assert dlg.chosen_id() is None and not dlg.ok_button.isEnabled()


def test_pick_event_greys_out_events_the_passage_already_sources(qtbot, workspace, annotation):
    a, b = _events(workspace, annotation)
    dlg = PickEventDialog([a, b], None, annotation_id=annotation.id)
    qtbot.addWidget(dlg)
    assert "already a source" in dlg.list.item(0).text()
    assert dlg.chosen_id() == b.id


def test_pick_event_arrow_keys_in_the_filter_move_the_choice(qtbot, workspace, annotation):
    a, b = _events(workspace, annotation)
    dlg = PickEventDialog([a, b], None)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClick(dlg.filter, Qt.Key.Key_Down)
    assert dlg.chosen_id() == b.id
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)


def test_an_event_stored_with_an_unreadable_date_text_opens_with_one_the_editor_reads(qtbot, workspace, sample_store):
    when = PartialDate(date(2023, 1, 1), date(2023, 12, 31), "year", "Last year (2023)")
    ev = sample_store.events.add("Old style", when)
    dlg = make_editor(qtbot, workspace, event=ev)
    assert dlg.date_edit.text() == "2023" and dlg.date_is_valid()


def test_the_editor_accepts_an_iso_date_time(qtbot, workspace, sample_store):
    dlg = make_editor(qtbot, workspace, title="Briefing")
    type_text(qtbot, dlg.date_edit, "2024-08-02T09:30:00+05:00")
    assert dlg.date_is_valid() and "2 August 2024 · day precision" in dlg.date_hint.text()
    with qtbot.waitSignal(dlg.saved):
        dlg.save()
    assert sample_store.events.all()[0].date.value == "2024-08-02"
