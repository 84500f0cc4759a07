"""The reading desk driven through its real widgets (offscreen): annotate, edit, undo, panes, find, import."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from db.models import Annotation
from desktop.actions import Action


def u16(text: str, cp: int) -> int:
    """Code point offset → UTF-16 offset, computed independently of desktop.offsets."""
    return len(text[:cp].encode("utf-16-le")) // 2


def select(view, start: int, end: int) -> None:  # noqa: ANN001
    """Select code points start..end in a view with a plain QTextCursor (UTF-16 positions)."""
    text = view.article.text
    c = QTextCursor(view.document())
    c.setPosition(u16(text, start))
    c.setPosition(u16(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)


def span_of(text: str, phrase: str) -> tuple[int, int]:
    i = text.index(phrase)
    return i, i + len(phrase)


def drawn_ranges(view) -> set[tuple[int, int]]:  # noqa: ANN001
    return {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}


def annotate(win, view, start: int, end: int) -> Annotation:  # noqa: ANN001
    """Select and trigger the real Annotate action; returns the new row from the store."""
    before = {a.id for a in win.ws.store.annotations.of([view.article.id])}
    win.panes.set_current(next(p for p in win.panes.panes if p.view is view))
    select(view, start, end)
    win.action(Action.ANNOTATE).trigger()
    new = [a for a in win.ws.store.annotations.of([view.article.id]) if a.id not in before]
    assert len(new) == 1
    return new[0]


def focus_view(qtbot, win, view) -> None:  # noqa: ANN001
    win.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=2000)


def table_ids(win) -> list[str]:  # noqa: ANN001
    m = win.annotations.model
    return [m.rows[r].id for r in range(m.rowCount())]


@pytest.fixture
def pane(desk):
    """The first reading pane (restored with the first sample article)."""
    p = desk.panes.panes[0]
    assert p.article is not None
    return p


# --- annotate --------------------------------------------------------------------------------------


def test_annotating_a_selection_stores_paints_lists_and_opens_the_editor(qtbot, desk, pane):
    view = pane.view
    text = view.article.text
    start, end = span_of(text, "Azm-e-Istehkam")
    view.setFocus()
    view.viewport().repaint()
    before = view.viewport().grab().toImage()

    ann = annotate(desk, view, start, end)

    assert ann.exact == text[start:end] and (ann.start, ann.end) == (start, end)
    assert (u16(text, start), u16(text, end)) in drawn_ranges(view)
    # pixels: with the selection cleared, the passage is no longer painted in the background colour
    c = view.textCursor()
    c.clearSelection()
    view.setTextCursor(c)
    view.viewport().repaint()
    after = view.viewport().grab().toImage()
    probe = QTextCursor(view.document())
    probe.setPosition(u16(text, start) + 3)
    r = view.cursorRect(probe)
    pt = QPoint(r.right() + 2, r.center().y())
    dpr = after.devicePixelRatio()
    assert after.pixelColor(pt * dpr) != before.pixelColor(pt * dpr)
    # the table lists it, selected
    assert ann.id in table_ids(desk)
    assert desk.annotations.table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == ann.id
    # the editor shows the quote, with the cursor in the note field
    assert text[start:end] in desk.editor.quote.text()
    qtbot.waitUntil(desk.editor.note.hasFocus, timeout=2000)
    assert desk.selection.annotation == ann.id


def test_annotate_without_a_selection_only_says_so(desk, pane):
    n = desk.ws.store.annotations.count()
    c = pane.view.textCursor()
    c.clearSelection()
    pane.view.setTextCursor(c)
    desk.action(Action.ANNOTATE).trigger()
    assert desk.ws.store.annotations.count() == n
    assert "Select a passage" in desk.statusBar().currentMessage()


def test_typing_a_note_is_saved_after_the_pause_and_tags_come_from_the_editor(qtbot, desk, pane):
    text = pane.article.text
    ann = annotate(desk, pane.view, *span_of(text, "Azm-e-Istehkam"))
    qtbot.waitUntil(desk.editor.note.hasFocus, timeout=2000)
    qtbot.keyClicks(desk.editor.note, "Named after resolve")
    qtbot.waitUntil(lambda: desk.ws.store.annotations.get(ann.id).note == "Named after resolve", timeout=3000)
    assert "Named after resolve" in desk.annotations.model.data(
        desk.annotations.model.index(desk.annotations.model.row_of(ann.id), 1))

    desk.editor.tags.setFocus()
    desk.editor.tags.setText("Operation, Policy")
    qtbot.keyClick(desk.editor.tags, Qt.Key.Key_Return)
    assert desk.ws.store.annotations.get(ann.id).tags == ("Operation", "Policy")
    row = desk.annotations.model.row_of(ann.id)
    assert desk.annotations.model.index(row, 2).data() == "Operation, Policy"
    # the highlight takes the first tag's colour
    colors = {t.name: t.color for t in desk.ws.store.tags.all()}
    assert pane.view.highlights.marks[[m.key for m in pane.view.highlights.marks].index(ann.id)].color.name().lower() \
        == colors["Operation"].lower()
    # one undo step per typing burst: undo of the tags, then of the note
    desk.action(Action.UNDO).trigger()
    assert desk.ws.store.annotations.get(ann.id).tags == ()
    desk.action(Action.UNDO).trigger()
    assert desk.ws.store.annotations.get(ann.id).note == ""


def test_digits_apply_the_recent_tags_to_the_selection(qtbot, desk, pane):
    view = pane.view
    text = pane.article.text
    first = desk.ws.add_annotation(pane.article.id, *span_of(text, "Azm-e-Istehkam"), tags=["Operation"])
    desk.ws.add_annotation(pane.article.id, *span_of(text, "Shehbaz Sharif"), tags=["Person"])
    assert [t.name for t in desk.ws.store.tags.recent(9)][:2] == ["Person", "Operation"]
    focus_view(qtbot, desk, view)
    start, end = span_of(text, "North Waziristan") if "North Waziristan" in text else (10, 30)
    select(view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_2)
    made = [a for a in desk.ws.store.annotations.of([pane.article.id]) if (a.start, a.end) == (start, end)]
    assert len(made) == 1 and made[0].tags == ("Operation",)
    assert made[0].exact == text[start:end]
    assert desk.selection.annotation == made[0].id
    assert first.id != made[0].id
    # a digit beyond the recent tags does nothing but say so
    n = desk.ws.store.annotations.count()
    select(view, 0, 5)
    qtbot.keyClick(view, Qt.Key.Key_9)
    assert desk.ws.store.annotations.count() == n


def test_delete_key_deletes_and_undo_redo_go_through_the_undo_stack(qtbot, desk, pane):
    view = pane.view
    text = pane.article.text
    start, end = span_of(text, "Azm-e-Istehkam")
    ann = annotate(desk, view, start, end)
    stack = desk.ws.undo_stack
    focus_view(qtbot, desk, view)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert desk.ws.store.annotations.count() == 0
    assert (u16(text, start), u16(text, end)) not in drawn_ranges(view)
    assert ann.id not in table_ids(desk)
    assert stack.count() == 2 and stack.undoText().startswith("Delete")

    desk.action(Action.UNDO).trigger()  # undo the delete
    assert desk.ws.store.annotations.get(ann.id).exact == text[start:end]
    assert (u16(text, start), u16(text, end)) in drawn_ranges(view)
    assert ann.id in table_ids(desk)
    desk.action(Action.UNDO).trigger()  # undo the create
    assert desk.ws.store.annotations.count() == 0
    assert not view.highlights.marks
    desk.action(Action.REDO).trigger()
    desk.action(Action.REDO).trigger()
    assert desk.ws.store.annotations.count() == 0
    desk.action(Action.UNDO).trigger()
    assert desk.ws.store.annotations.get(ann.id).start == start


def test_undo_survives_closing_and_reopening_the_pane(desk):
    first, second = desk.panes.panes[:2]
    article_id = second.article.id
    text = second.article.text
    ann = annotate(desk, second.view, 100, 140)
    assert ann.exact == text[100:140]
    desk.panes.set_current(second)
    desk.action(Action.CLOSE_PANE).trigger()
    assert len(desk.panes.panes) == 1 and desk.panes.pane_for(article_id) is None
    desk.action(Action.UNDO).trigger()
    assert desk.ws.store.annotations.count() == 0
    desk.action(Action.REDO).trigger()
    assert desk.ws.store.annotations.get(ann.id).exact == text[100:140]
    desk.action(Action.NEW_PANE).trigger()
    reopened = desk.open_article(article_id)
    assert reopened is not first
    assert ann.id in {m.key for m in reopened.view.highlights.marks}
    desk.action(Action.UNDO).trigger()
    assert desk.ws.store.annotations.count() == 0
    assert not reopened.view.highlights.marks
    assert ann.id not in table_ids(desk)


def test_update_extent_moves_the_annotation_and_is_undoable(desk, pane):
    view = pane.view
    text = pane.article.text
    start, end = span_of(text, "Azm-e-Istehkam")
    ann = annotate(desk, view, start, end)
    select(view, start - 10, end + 5)
    desk.action(Action.UPDATE_EXTENT).trigger()
    moved = desk.ws.store.annotations.get(ann.id)
    assert (moved.start, moved.end, moved.exact) == (start - 10, end + 5, text[start - 10:end + 5])
    assert (u16(text, start - 10), u16(text, end + 5)) in drawn_ranges(view)
    desk.action(Action.UNDO).trigger()
    back = desk.ws.store.annotations.get(ann.id)
    assert (back.start, back.end, back.exact) == (start, end, text[start:end])


# --- panes -----------------------------------------------------------------------------------------


def test_two_panes_show_two_articles_and_each_keeps_its_own_highlights(desk):
    # start from one empty pane, as a user who closed everything would
    while len(desk.panes.panes) > 1:
        desk.action(Action.CLOSE_PANE).trigger()
    desk.action(Action.CLOSE_PANE).trigger()
    assert len(desk.panes.panes) == 1 and desk.panes.panes[0].article is None
    arts = desk.ws.store.articles.all()
    desk.open_article(arts[0].id)
    desk.action(Action.NEW_PANE).trigger()
    assert len(desk.panes.panes) == 2 and desk.panes.current is desk.panes.panes[1]
    desk.open_article(arts[1].id)
    left, right = desk.panes.panes
    assert (left.article.id, right.article.id) == (arts[0].id, arts[1].id)
    assert left.title.text() == arts[0].title and right.title.text() == arts[1].title
    a = annotate(desk, left.view, 50, 80)
    b = annotate(desk, right.view, 60, 90)
    assert {m.key for m in left.view.highlights.marks} == {a.id}
    assert {m.key for m in right.view.highlights.marks} == {b.id}
    assert set(table_ids(desk)) == {a.id, b.id}
    assert a.exact == left.article.text[50:80] and b.exact == right.article.text[60:90]
    # four panes at most
    for _ in range(3):
        desk.action(Action.NEW_PANE).trigger()
    assert len(desk.panes.panes) == 4


def test_synchronized_scrolling_is_proportional(qtbot, desk):
    left, right = desk.panes.panes[:2]
    lb, rb = left.view.verticalScrollBar(), right.view.verticalScrollBar()
    qtbot.waitUntil(lambda: lb.maximum() > 0 and rb.maximum() > 0, timeout=2000)
    lb.setValue(lb.maximum() // 2)
    assert rb.value() == 0  # off by default
    desk.action(Action.SYNC_SCROLLING).trigger()
    assert desk.panes.sync
    lb.setValue(lb.maximum() // 2 + 1)
    frac = lb.value() / lb.maximum()
    assert abs(rb.value() - frac * rb.maximum()) <= 1
    rb.setValue(rb.maximum())
    assert lb.value() == lb.maximum()
    desk.action(Action.SYNC_SCROLLING).trigger()
    rb.setValue(0)
    assert lb.value() == lb.maximum()


def test_clicking_a_highlight_selects_its_annotation(qtbot, desk, pane):
    view = pane.view
    text = pane.article.text
    ann = desk.ws.add_annotation(pane.article.id, *span_of(text, "Azm-e-Istehkam"), note="a note")
    other = desk.ws.add_annotation(pane.article.id, *span_of(text, "Shehbaz Sharif"))
    desk.select_annotation(other.id)
    view.reveal(ann.start, ann.end, flash=False)
    probe = QTextCursor(view.document())
    probe.setPosition(u16(text, ann.start) + 4)
    point = view.cursorRect(probe).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert desk.selection.annotation == ann.id
    assert desk.annotations.table.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == ann.id
    assert desk.editor.note.toPlainText() == "a note"
    assert view.selected_id == ann.id


def test_selecting_a_table_row_reveals_the_passage_in_its_pane(qtbot, desk):
    right = desk.panes.panes[1]
    text = right.article.text
    start = len(text) - 60
    ann = desk.ws.add_annotation(right.article.id, start, start + 30)
    right.view.verticalScrollBar().setValue(0)
    desk.select_annotation(None)
    proxy = desk.annotations.proxy
    row = proxy.mapFromSource(desk.annotations.model.index(desk.annotations.model.row_of(ann.id), 0))
    desk.annotations.table.setFocus()
    qtbot.mouseClick(desk.annotations.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=desk.annotations.table.visualRect(row).center())
    assert desk.selection.annotation == ann.id
    assert right.view.verticalScrollBar().value() > 0
    probe = QTextCursor(right.view.document())
    probe.setPosition(u16(text, start))
    assert right.view.viewport().rect().contains(right.view.cursorRect(probe).center())
    assert desk.panes.current is right


# --- find and search -------------------------------------------------------------------------------


def test_find_bar_counts_matches_and_steps_through_them(qtbot, desk, pane):
    desk.panes.set_current(pane)
    desk.action(Action.FIND).trigger()
    bar = pane.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.edit, "pakistan")
    n = pane.article.text.lower().count("pakistan")
    assert n > 1
    assert bar.count.text() == f"1 of {n}"
    assert len(pane.view.find_layer.marks) == n
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == f"2 of {n}"
    bar.edit.setText("no such words here")
    assert bar.count.text() == "0 matches"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and not pane.view.find_layer.marks


def test_search_everywhere_finds_a_note_and_odd_queries_never_error(qtbot, desk, pane, message_boxes):
    ann = desk.ws.add_annotation(pane.article.id, 20, 60, note="zebracrossing remark")
    desk.action(Action.SEARCH).trigger()
    panel = desk.search
    qtbot.keyClicks(panel.edit, "zebracrossing")
    qtbot.waitUntil(lambda: panel.results.topLevelItemCount() > 0, timeout=2000)
    item = panel.results.topLevelItem(0).child(0)
    hit = item.data(0, Qt.ItemDataRole.UserRole)
    assert hit.annotation_id == ann.id
    desk.select_annotation(None)
    panel.results.itemActivated.emit(item, 0)
    assert desk.selection.annotation == ann.id
    for q in ('"', '"unbalanced', "AND", "OR NOT", "*", "pak*", "a AND", "NEAR(", "'; DROP TABLE annotations; --",
              "title:x", "^", "-", "()"):
        panel.edit.setText(q)
        panel.run()
    assert not message_boxes
    assert desk.ws.store.annotations.get(ann.id).note == "zebracrossing remark"


# --- tags, import, export --------------------------------------------------------------------------


def test_tag_manager_rename_shows_in_the_table_and_the_highlights(desk, pane, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop.dialogs.tag_manager import TagManager

    ann = desk.ws.add_annotation(pane.article.id, 20, 60, tags=["Operaton"])
    dlg = TagManager(desk.ws, desk)
    dlg.list.setCurrentRow(0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("Operation", True)))
    dlg.rename()
    row = desk.annotations.model.row_of(ann.id)
    assert desk.annotations.model.index(row, 2).data() == "Operation"
    assert "Operation" in [desk.annotations.tag.itemText(i) for i in range(desk.annotations.tag.count())]
    assert dlg.list.item(0).text().startswith("Operation")
    assert desk.ws.store.annotations.get(ann.id).tags == ("Operation",)
    desk.action(Action.UNDO).trigger()
    assert desk.annotations.model.index(row, 2).data() == "Operaton"
    dlg.delete()  # confirmation answered Yes by the fixture
    assert desk.ws.store.annotations.get(ann.id).tags == ()
    dlg.close()


def test_export_annotations_csv(tmp_path: Path, desk, pane):
    text = pane.article.text
    desk.ws.add_annotation(pane.article.id, 20, 60, note='says "hi", then, =1+1', tags=["A", "B"])
    desk.ws.add_annotation(pane.article.id, 100, 130)
    from desktop.window_actions import export_csv

    out = tmp_path / "ann.csv"
    assert export_csv(desk, "annotations", str(out)) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert len(rows) == 2
    quotes = {r.get("exact") or r.get("quote") for r in rows}
    assert text[20:60] in quotes or any(text[20:60] in str(r) for r in rows)


def _accept_prefilled(monkeypatch: pytest.MonkeyPatch) -> list:
    from desktop.dialogs.import_dialog import ImportDialog

    shown: list = []

    def exec_(self) -> int:  # noqa: ANN001
        shown.append(self.title.text())
        self.accept()
        return self.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    return shown


def test_import_files_opens_the_new_article(tmp_path: Path, desk, monkeypatch):
    from desktop.window_actions import import_files

    shown = _accept_prefilled(monkeypatch)
    f = tmp_path / "floods.txt"
    f.write_text("Floods in Swat\n\nHeavy rain caused floods in Swat on 3 July 2024.\n", encoding="utf-8")
    n = desk.ws.store.articles.count()
    added = import_files(desk, [str(f)])
    assert len(added) == 1 and desk.ws.store.articles.count() == n + 1
    assert shown == ["Floods in Swat"]
    assert desk.panes.current.article.id == added[0]
    assert any(a.id == added[0] for a in desk.library.model.rows)


def test_import_errors_show_a_message_and_lose_nothing(tmp_path: Path, desk, monkeypatch, message_boxes):
    from desktop.window_actions import import_files

    _accept_prefilled(monkeypatch)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    good = tmp_path / "good.txt"
    good.write_text("A good article\n\nSomething happened on Monday.\n", encoding="utf-8")
    n = desk.ws.store.articles.count()
    added = import_files(desk, [str(empty), str(good)])
    assert len(added) == 1 and desk.ws.store.articles.count() == n + 1
    assert len(message_boxes) == 1 and "empty.txt" in message_boxes[0][1] and "empty" in message_boxes[0][1]
    # importing the same file again is refused with a message, and the first copy stays
    added = import_files(desk, [str(good)])
    assert added == [] and desk.ws.store.articles.count() == n + 1
    assert len(message_boxes) == 2


def test_window_title_has_the_database_name(desk):
    assert "desk.sqlite3" in desk.windowTitle()


# --- anchors on open -------------------------------------------------------------------------------


def test_stale_anchors_are_reanchored_on_open(desk):
    store = desk.ws.store
    art = store.articles.all()[2]
    text = store.articles.get(art.id).text
    desk.panes.set_current(desk.panes.panes[0])
    # a moved passage: right quote and context, wrong offsets
    m_start, m_end = span_of(text, "Pakistan")
    moved_quote = text[m_start:m_start + 40]
    # a fuzzy one: a quote whose wording changed a little, its context intact
    f_start = len(text) // 2
    f_end = f_start + 60
    changed = text[f_start:f_end]
    changed = changed[:30] + ("X" if changed[30] != "X" else "Y") + changed[31:]
    rows = [
        {"id": "moved", "article_id": art.id, "start": m_start + 5, "end": m_start + 45, "exact": moved_quote,
         "prefix": text[max(0, m_start - 32):m_start], "suffix": text[m_start + 40:m_start + 72]},
        {"id": "fuzzy", "article_id": art.id, "start": f_start, "end": f_end, "exact": changed,
         "prefix": text[f_start - 32:f_start], "suffix": text[f_end:f_end + 32]},
        {"id": "orphan", "article_id": art.id, "start": 10, "end": 40,
         "exact": "a sentence that is nowhere in the article", "prefix": "", "suffix": ""},
    ]
    store.annotations.add_many(rows)
    pane = desk.open_article(art.id, pane=desk.panes.panes[0])
    moved = store.annotations.get("moved")
    assert (moved.start, moved.end, moved.status) == (m_start, m_start + 40, "exact")
    assert moved.exact == text[moved.start:moved.end]
    assert store.annotations.get("fuzzy").status == "fuzzy"
    assert store.annotations.get("orphan").status == "orphan"
    keys = {m.key for m in pane.view.highlights.marks}
    assert "moved" in keys and "fuzzy" in keys and "orphan" not in keys
    panel = desk.annotations
    panel.attention.setChecked(True)
    listed = {panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(panel.proxy.rowCount())}
    assert listed == {"fuzzy", "orphan"}
    # confirming the fuzzy one puts it where it was found, exact again
    desk.select_annotation("fuzzy")
    desk.action(Action.CONFIRM_MOVED).trigger()
    confirmed = store.annotations.get("fuzzy")
    assert confirmed.status == "exact" and confirmed.exact == text[confirmed.start:confirmed.end]
    listed = {panel.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(panel.proxy.rowCount())}
    assert listed == {"orphan"}


# --- settings --------------------------------------------------------------------------------------


def test_open_articles_are_restored_from_settings(qtbot, desk, qsettings, tmp_path: Path):
    from desktop.app import build_window

    arts = desk.ws.store.articles.all()
    desk.open_article(arts[3].id, pane=desk.panes.panes[0])
    desk.action(Action.NEW_PANE).trigger()
    desk.open_article(arts[4].id)
    desk.action(Action.SYNC_SCROLLING).setChecked(True)
    desk.close()
    win = build_window(desk.ws.store, qsettings, str(tmp_path / "desk.sqlite3"))
    qtbot.addWidget(win)
    win.restore_state()
    assert [p.article.id for p in win.panes.panes] == [arts[3].id, arts[1].id, arts[4].id]
    assert win.action(Action.SYNC_SCROLLING).isChecked()
    win.close()
    QApplication.processEvents()


# --- keyboard details ------------------------------------------------------------------------------


def test_escape_in_the_note_editor_saves_and_returns_to_the_text(qtbot, desk, pane):
    ann = annotate(desk, pane.view, 40, 70)
    qtbot.waitUntil(desk.editor.note.hasFocus, timeout=2000)
    qtbot.keyClicks(desk.editor.note, "quick")
    qtbot.keyClick(desk.editor.note, Qt.Key.Key_Escape)
    assert desk.ws.store.annotations.get(ann.id).note == "quick"  # saved at once, not after the pause
    qtbot.waitUntil(pane.view.hasFocus, timeout=2000)


def test_undo_from_the_menu_while_the_note_has_focus_shows_the_old_note_and_keeps_it(qtbot, desk, pane):
    ann = annotate(desk, pane.view, 40, 70)
    qtbot.waitUntil(desk.editor.note.hasFocus, timeout=2000)
    qtbot.keyClicks(desk.editor.note, "first thought")
    qtbot.waitUntil(lambda: desk.ws.store.annotations.get(ann.id).note == "first thought", timeout=3000)
    desk.action(Action.UNDO).trigger()  # Edit → Undo with the cursor still in the note
    assert desk.ws.store.annotations.get(ann.id).note == ""
    assert desk.editor.note.toPlainText() == ""
    pane.view.setFocus()  # leaving the field must not write the undone text back
    qtbot.waitUntil(pane.view.hasFocus, timeout=2000)
    assert desk.ws.store.annotations.get(ann.id).note == ""


def test_a_change_arriving_while_typing_keeps_what_was_typed(qtbot, desk, pane):
    ann = annotate(desk, pane.view, 40, 70)
    qtbot.waitUntil(desk.editor.note.hasFocus, timeout=2000)
    qtbot.keyClicks(desk.editor.note, "typed")
    desk.ws.edit_annotation(ann.id, tags=["Late"])  # e.g. another window, or a digit shortcut
    assert desk.editor.note.toPlainText() == "typed"
    qtbot.waitUntil(lambda: desk.ws.store.annotations.get(ann.id).note == "typed", timeout=3000)
    assert desk.ws.store.annotations.get(ann.id).tags == ("Late",)


def test_digits_typed_in_the_find_bar_are_text_not_tag_shortcuts(qtbot, desk, pane):
    desk.ws.add_annotation(pane.article.id, 5, 15, tags=["Operation"])
    n = desk.ws.store.annotations.count()
    select(pane.view, 40, 70)
    desk.panes.set_current(pane)
    desk.action(Action.FIND).trigger()
    qtbot.waitUntil(pane.find_bar.edit.hasFocus, timeout=2000)
    qtbot.keyClicks(pane.find_bar.edit, "2024")
    assert pane.find_bar.edit.text() == "2024"
    assert desk.ws.store.annotations.count() == n


def test_hovering_a_highlight_shows_its_note(qtbot, desk, pane):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    view = pane.view
    text = pane.article.text
    ann = desk.ws.add_annotation(pane.article.id, *span_of(text, "Azm-e-Istehkam"), note="hover me", tags=["Op"])
    view.reveal(ann.start, ann.end, flash=False)
    probe = QTextCursor(view.document())
    probe.setPosition(u16(text, ann.start) + 3)
    pos = view.cursorRect(probe).center()
    ev = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), ev)
    assert "hover me" in QToolTip.text() and "Op" in QToolTip.text()
    QToolTip.hideText()


def test_overlapping_highlights_are_both_drawn_and_the_selected_one_outlined(desk, pane):
    view = pane.view
    text = pane.article.text
    a = desk.ws.add_annotation(pane.article.id, 100, 160)
    b = desk.ws.add_annotation(pane.article.id, 130, 200)
    drawn = drawn_ranges(view)
    assert (u16(text, 100), u16(text, 160)) in drawn and (u16(text, 130), u16(text, 200)) in drawn
    desk.select_annotation(b.id)
    alpha = {(s.cursor.selectionStart(), s.cursor.selectionEnd()): s.format.background().color().alpha()
             for s in view.extraSelections()}
    assert alpha[(u16(text, 130), u16(text, 200))] > alpha[(u16(text, 100), u16(text, 160))]
    assert view.selected_id == b.id and a.id != b.id


def test_tags_typed_for_one_annotation_stay_with_it_when_another_is_selected(qtbot, desk, pane):
    a = desk.ws.add_annotation(pane.article.id, 10, 30)
    b = desk.ws.add_annotation(pane.article.id, 60, 90, tags=["Other"])
    desk.select_annotation(a.id)
    desk.editor.tags.setFocus()
    desk.editor.tags.setText("Mine")
    desk.select_annotation(b.id)
    assert desk.ws.store.annotations.get(a.id).tags == ("Mine",)
    assert desk.ws.store.annotations.get(b.id).tags == ("Other",)
    assert desk.editor.tags.text() == "Other"


def test_clicking_a_column_header_sorts_the_annotations_table(qtbot, desk, pane):
    for i, note in enumerate(("beta", "alpha", "gamma")):
        desk.ws.add_annotation(pane.article.id, 10 + 30 * i, 30 + 30 * i, note=note)
    table = desk.annotations.table
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2))
    notes = [desk.annotations.proxy.index(r, 1).data() for r in range(desk.annotations.proxy.rowCount())]
    assert notes in (["alpha", "beta", "gamma"], ["gamma", "beta", "alpha"])
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(1) + 5, header.height() // 2))
    assert [desk.annotations.proxy.index(r, 1).data() for r in range(3)] == notes[::-1]


def test_cancelling_a_large_export_in_the_window_writes_nothing(tmp_path: Path, qtbot, qsettings, message_boxes,
                                                                 monkeypatch):
    """A file database: the export reads on its own connection and the progress dialog is serviced
    from inside SQLite's sort; Cancel there stops it, leaves no file, and the window works on."""
    from PySide6.QtWidgets import QProgressDialog

    import db.store_lines as lines
    from db.store import Store
    from desktop.app import build_window
    from desktop.window_actions import export_csv

    store = Store(tmp_path / "big.sqlite3", seed=True)
    art = store.articles.all()[0]
    text = store.articles.get(art.id).text
    store.annotations.add_many({"article_id": art.id, "start": i % 500, "end": i % 500 + 9,
                           "exact": text[i % 500:i % 500 + 9]} for i in range(30_000))
    win = build_window(store, qsettings, str(tmp_path / "big.sqlite3"))
    qtbot.addWidget(win)
    win.show()
    monkeypatch.setattr(lines, "_IDLE_EVERY", 0.0)
    polled = []
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: polled.append(self.value()) or True)
    out = tmp_path / "ann.csv"
    assert export_csv(win, "annotations", str(out)) is None
    assert polled and polled[0] <= 0  # asked before the first row was written, from inside the query
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    assert any("cancelled" in text for _kind, text in message_boxes)
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: False)
    assert export_csv(win, "annotations", str(out)) == 30_000
    win.close()
    win.ws.undo_stack.blockSignals(True)
    store.close()
