"""Dates, events and the timeline inside the desk: what an analyst sees and clicks."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor

from db.dates import expression_words
from desktop.actions import Action


def _open(win, title_prefix: str):
    art = win.ws.store.articles.find(title_prefix)
    pane = win.open_article(art.id)
    return art, pane


def _select(view, start: int, end: int) -> None:
    c = view.textCursor()
    c.setPosition(view.offsets.to_qt(start))
    c.setPosition(view.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)


def test_first_run_shows_suggested_events_faintly_on_the_timeline(desk):
    timeline = desk.timeline_ctl
    assert desk.ws.store.events.count() == 0
    assert timeline.extra_items, "the sample corpus yields suggested events"
    assert all(i.suggested for i in timeline.extra_items)
    spans = [i for i in timeline.extra_items if i.start.year == 2009 and i.end.year == 2017]
    assert spans, "between 2009 and 2017 becomes a suggested span"
    first, last = timeline.timeline.visible_range()
    assert first.year <= 2009 and last.year >= 2024


def test_open_article_underlines_its_dates_and_lists_them(desk):
    art, pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    marks = pane.view.date_layer.marks
    assert marks, "dates are underlined"
    expected = [x for x in sugg.suggestions(art.id)]
    assert len(marks) == len(expected)
    # one row per date as it reads; identical ones share a row
    assert sugg.panel.list.count() == len({expression_words(x) for x in expected})
    x = next(x for x in expected if x.text == "earlier this year")
    assert x.value == "2024" and x.relative
    desk.action(Action.DATE_SUGGESTIONS).setChecked(False)
    assert pane.view.date_layer.marks == []
    desk.action(Action.DATE_SUGGESTIONS).setChecked(True)
    assert pane.view.date_layer.marks


def test_make_event_turns_the_sentence_into_a_dated_sourced_event(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    x = next(x for x in sugg.suggestions(art.id) if x.text == "earlier this year")
    editor = sugg.make_event(x, art.id)
    assert desk.ws.store.events.count() == 0, "nothing is written before Save"
    with qtbot.waitSignal(editor.saved):
        editor.save()
    event_id = editor.current_event.id
    ev = desk.ws.store.events.get(event_id)
    assert ev.date.value == "2024" and ev.date.precision == "year"
    source = desk.ws.store.annotations.get(ev.source_ids[0])
    assert "earlier this year" in source.exact and source.exact.endswith(".")
    assert ev.title.startswith(source.exact[:40])
    assert desk.ws.store.decisions.of_article(art.id)[(x.start, x.end)] == ("accepted", event_id)
    timeline = desk.timeline_ctl
    assert all(i.id != f"suggestion:{art.id}:{x.start}:{x.end}" for i in timeline.extra_items)
    desk.action(Action.UNDO).trigger()  # one step: the event, its annotation and the decision
    assert desk.ws.store.events.count() == 0 and not desk.ws.store.annotations.of([art.id])
    assert desk.ws.store.decisions.of_article(art.id) == {}


def test_rejected_suggestions_stay_rejected(desk):
    art, _pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    sugg.panel.list.setCurrentRow(0)
    x = sugg.panel.list.currentItem().data(Qt.ItemDataRole.UserRole)
    sugg.reject(x)
    assert desk.ws.store.decisions.of_article(art.id)[(x.start, x.end)][0] == "rejected"
    assert sugg.panel.list.item(0).text().startswith("✗")
    sugg.cache.clear()
    sugg._show_current()
    assert sugg.panel.list.item(0).text().startswith("✗")
    timeline = desk.timeline_ctl
    assert all(i.id != f"suggestion:{art.id}:{x.start}:{x.end}" for i in timeline.extra_items)


def test_new_publication_date_re_resolves_and_moves_events_made_from_it(desk):
    art, _pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    x = next(x for x in sugg.suggestions(art.id) if x.text == "earlier this year")
    event_id = sugg.make_event(x, art.id).save().id
    from datetime import date

    from db.models import PartialDate

    new = PartialDate(date(2025, 3, 1), date(2025, 3, 1), "day", "2025-03-01")
    sugg.edit_details({"title": art.title, "source": art.source, "author": art.author, "url": art.url,
                       "published": new})
    assert desk.ws.store.articles.get(art.id).published.value == "2025-03-01"
    assert desk.ws.store.events.get(event_id).date.value == "2025"


def test_ctrl_alt_e_opens_a_prefilled_editor_and_saving_adds_the_event(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    i = art.text.index("A high-powered meeting")
    j = art.text.index(".", i) + 1
    _select(pane.view, i, j)
    desk.action(Action.NEW_EVENT).trigger()
    events = desk.events_ctl
    editor = events.editors[-1]
    assert editor.isVisible() and not editor.isModal()
    assert editor.title_edit.text().startswith("A high-powered meeting")
    editor.date_edit.setText("22 June 2024")
    assert "day" in editor.date_hint.text()
    editor.category_combo.setCurrentText("Operation")
    with qtbot.waitSignal(editor.saved):
        editor.save()
    ev = desk.ws.store.events.all()[0]
    assert ev.date.value == "2024-06-22" and ev.category == "Operation" and len(ev.source_ids) == 1
    assert desk.ws.store.annotations.get(ev.source_ids[0]).exact == art.text[i:j]


def test_a_second_article_corroborates_an_event_and_the_timeline_counts_sources(desk, monkeypatch):
    from datetime import date

    from db.models import PartialDate
    from desktop.dialogs.pick_event import PickEventDialog

    art, pane = _open(desk, "Pakistan approves")
    a1 = desk.ws.add_annotation(art.id, 0, 20)
    ev = desk.ws.create_event("Approval", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"), sources=[a1.id])
    other, pane2 = _open(desk, "Pakistan’s Quest")
    monkeypatch.setattr(PickEventDialog, "get_event_id", staticmethod(lambda *a, **k: ev.id))
    desk.panes.set_current(pane2)
    _select(pane2.view, 0, 15)
    desk.action(Action.ADD_SOURCE).trigger()
    assert len(desk.ws.store.events.get(ev.id).source_ids) == 2
    timeline = desk.timeline_ctl
    index = timeline.timeline._index  # what the timeline draws and counts
    assert index.sources[index.position(ev.id)] == 2
    desk.ws.undo_stack.undo()  # the new annotation and the added source go back together
    assert desk.ws.store.events.get(ev.id).source_ids == (a1.id,)
    assert not desk.ws.store.annotations.of([other.id])


def test_selecting_on_the_timeline_emphasises_source_passages_and_enter_opens_them(desk, qtbot):
    from datetime import date

    from db.models import PartialDate

    art, pane = _open(desk, "Pakistan approves")
    ann = desk.ws.add_annotation(art.id, 100, 160)
    ev = desk.ws.create_event("Meeting", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"), sources=[ann.id])
    timeline = desk.timeline_ctl
    desk.selection.select_event(ev.id)
    assert ann.id in pane.view.emphasised
    desk.select_annotation(None)
    desk.selection.activate_event(ev.id)
    assert desk.selection.annotation == ann.id
    desk.select_annotation(ann.id)
    assert timeline.timeline.selected_ids() == [ev.id]


def test_brushing_filters_the_annotations_table_to_the_visible_period(desk):
    from datetime import date

    from db.models import PartialDate

    art, _pane = _open(desk, "Pakistan approves")
    a_old = desk.ws.add_annotation(art.id, 0, 10)
    a_new = desk.ws.add_annotation(art.id, 20, 30)
    desk.ws.create_event("Old", PartialDate(date(2010, 1, 1), date(2010, 12, 31), "year"), sources=[a_old.id])
    desk.ws.create_event("New", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"), sources=[a_new.id])
    timeline = desk.timeline_ctl
    timeline.timeline.set_visible_range(date(2024, 1, 1), date(2024, 12, 31))
    timeline.brush.setChecked(True)
    proxy = desk.annotations.proxy
    shown = {proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(proxy.rowCount())}
    assert a_new.id in shown and a_old.id not in shown
    timeline.brush.setChecked(False)
    shown = {proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(proxy.rowCount())}
    assert {a_new.id, a_old.id} <= shown


def test_timeline_of_the_desk_draws_the_2009_2017_bar_and_exports(desk, tmp_path):
    from datetime import date

    from db.models import PartialDate

    desk.ws.create_event("Military operations", PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "2009–2017"),
                      category="Operation")
    timeline = desk.timeline_ctl
    timeline.timeline.fit_all()
    img = timeline.timeline.grab().toImage()
    rect = timeline.timeline.event_rect(desk.ws.store.events.all()[0].id)
    assert rect is not None and rect.width() > 200
    c = QColor(img.pixel(int(rect.center().x() * img.devicePixelRatio()), int(rect.center().y() * img.devicePixelRatio())))
    assert c != timeline.timeline.palette().base().color()
    assert timeline.export_image("png", str(tmp_path / "t.png"))
    assert timeline.export_image("svg", str(tmp_path / "t.svg"))
    assert timeline.export_timelinejs(str(tmp_path / "t.json")) == 1
    import json

    doc = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    slide = doc["events"][0]
    assert slide["start_date"]["year"] == "2009" and slide["end_date"]["year"] == "2017"
    assert slide["text"]["headline"] == "Military operations" and slide["group"] == "Operation"


def test_refreshing_suggestions_reuses_the_loaded_events(desk, monkeypatch):
    """New suggestions are laid over the events already loaded: the database is not read again
    (a timeline of 100,000 events would otherwise reload twice at every start)."""
    timeline = desk.timeline_ctl
    suggestions = desk.suggestions_ctl
    before = len(timeline.timeline._index)
    monkeypatch.setattr(desk.ws, "timeline_columns", lambda **_k: (_ for _ in ()).throw(AssertionError("reread")))
    suggestions.update_timeline()
    assert timeline.extra_items and all(i.suggested for i in timeline.extra_items)
    assert len(timeline.timeline._index) == before


def _drag_events(widget, mime, pos):
    """The drag-enter, drag-move and drop events Qt sends while a drag crosses and ends on `widget`."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

    action, none = Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    point = QPoint(int(pos.x()), int(pos.y()))
    return (QDragEnterEvent(point, action, mime, Qt.MouseButton.LeftButton, none),
            QDragMoveEvent(point, action, mime, Qt.MouseButton.LeftButton, none),
            QDropEvent(QPointF(pos), action, mime, Qt.MouseButton.LeftButton, none))


def test_dropping_a_passage_on_an_event_adds_it_as_a_source_in_one_undo_step(desk, qtbot):
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from db.models import PartialDate

    art, pane = _open(desk, "Pakistan approves")
    a1 = desk.ws.add_annotation(art.id, 0, 20)
    ev = desk.ws.create_event("Approval", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"),
                           sources=[a1.id])
    other, pane2 = _open(desk, "Pakistan’s Quest")
    _select(pane2.view, 5, 30)
    mime = pane2.view.createMimeDataFromSelection()  # what a drag out of the pane carries
    assert mime.text() == other.text[5:30]
    timeline = desk.timeline_ctl
    timeline.timeline.set_visible_range(date(2024, 6, 1), date(2024, 7, 1))
    rect = timeline.timeline.event_rect(ev.id)
    assert rect is not None
    enter, move, drop = _drag_events(timeline.timeline, mime, rect.center())
    for e in (enter, move):
        QApplication.sendEvent(timeline.timeline, e)
        assert e.isAccepted()
    QApplication.sendEvent(timeline.timeline, drop)
    assert drop.isAccepted()
    sources = desk.ws.store.events.get(ev.id).source_ids
    assert len(sources) == 2 and desk.ws.store.annotations.get(sources[1]).exact == other.text[5:30]
    assert "2 sources" in desk.statusBar().currentMessage()
    desk.ws.undo_stack.undo()  # one step takes back both the source and the new annotation
    assert desk.ws.store.events.get(ev.id).source_ids == (a1.id,)
    assert all((a.start, a.end) != (5, 30) for a in desk.ws.store.annotations.of([other.id]))


def test_a_passage_dropped_beside_the_events_or_plain_text_is_refused(desk):
    from datetime import date

    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtWidgets import QApplication

    from db.models import PartialDate

    ev = desk.ws.create_event("Approval", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day"))
    other, pane2 = _open(desk, "Pakistan’s Quest")
    _select(pane2.view, 5, 30)
    timeline = desk.timeline_ctl
    timeline.timeline.set_visible_range(date(2024, 6, 1), date(2024, 7, 1))
    rect = timeline.timeline.event_rect(ev.id)
    _enter, move, drop = _drag_events(timeline.timeline, pane2.view.createMimeDataFromSelection(),
                                      QPointF(rect.right() + 150, rect.bottom() + 40))
    QApplication.sendEvent(timeline.timeline, move)
    QApplication.sendEvent(timeline.timeline, drop)
    assert not move.isAccepted() and not drop.isAccepted()
    plain = QMimeData()
    plain.setText("some text")
    enter, _move, _drop = _drag_events(timeline.timeline, plain, rect.center())
    QApplication.sendEvent(timeline.timeline, enter)
    assert not enter.isAccepted()
    assert desk.ws.store.events.get(ev.id).source_ids == ()


def test_the_dates_dock_speaks_in_words_groups_repeats_and_steps_through_them(desk, qtbot):
    art, pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    panel = sugg.panel
    rows = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert not any(re.search(r"\bP\d|\bPX|_REF|\d{4}-W\d|→ ", r) for r in rows), rows
    found = sugg.suggestions(art.id)
    words = [expression_words(x) for x in found]
    repeated = next(w for w in words if words.count(w) > 1)
    n = words.count(repeated)
    row = next(i for i in range(panel.list.count())
               if panel.list.item(i).text().startswith(f"{repeated} — {n} mentions"))
    panel.list.setCurrentRow(row)
    assert panel.next_button.isEnabled()
    first = panel.list.currentItem().data(Qt.ItemDataRole.UserRole)
    panel.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_F3)
    second = panel.list.currentItem().data(Qt.ItemDataRole.UserRole)
    assert second is not first and expression_words(second) == repeated and second.start > first.start
    assert f"(2 of {n}:" in panel.list.currentItem().text()
    # the reading pane shows the mention stepped to
    cursor = pane.view.textCursor()
    assert pane.view.offsets.to_qt(second.start) <= cursor.position() <= pane.view.offsets.to_qt(second.end)
    panel.prev_button.click()
    assert panel.list.currentItem().data(Qt.ItemDataRole.UserRole) is first


def test_a_bare_duration_is_not_made_into_an_event(desk):
    art, _pane = _open(desk, "Pakistan approves")
    sugg = desk.suggestions_ctl
    from datetime import date

    from db.dates import extract
    from db.models import PartialDate

    (x,) = [e for e in extract("The siege lasted 48 hours.", PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day"))]
    assert sugg.make_event(x, art.id) is None
    assert "length of time" in desk.statusBar().currentMessage()
    assert desk.ws.store.events.count() == 0
