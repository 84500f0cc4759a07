"""File → Merge database… in the window: file dialog answered by the test, report dialog, views reloaded."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from db.dates import parse_date
from db.store import Store
from desktop.actions import Action, Menu


def _annotation_ids(win) -> set[str]:  # noqa: ANN001
    m = win.annotations.model
    return {m.rows[r].id for r in range(m.rowCount())}


def test_merge_database_from_the_file_menu(desk, tmp_path: Path, monkeypatch, qtbot, message_boxes) -> None:
    article = desk.ws.store.articles.all()[0]
    shared = desk.ws.add_annotation(article.id, 0, 10, note="shared")
    assert desk.ws.undo_stack.count() == 1
    theirs_path = tmp_path / "bilal.sqlite3"
    desk.ws.store.conn.execute("VACUUM INTO ?", [str(theirs_path)])  # Bilal's copy of this database
    with Store(theirs_path) as theirs:
        theirs.annotations.update(shared.id, note="Bilal's reading")
        theirs.conn.execute("UPDATE annotations SET modified = '2099-01-01T00:00:00.000Z' WHERE id = ?", [shared.id])
        added = theirs.annotations.add(article.id, 20, 30, note="from Bilal", author="bilal")
        event = theirs.events.add("Raid", parse_date("2014-06-15"), source_ids=[added.id])
    desk.ws.edit_annotation(shared.id, note="my reading")  # both edited the same annotation: a conflict

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(theirs_path), ""))
    texts = [a.text() for a in desk.menus[Menu.FILE].actions()]
    assert "&Merge database…" in texts
    desk.action(Action.MERGE_DATABASE).trigger()
    qtbot.waitUntil(lambda: getattr(desk, "merge_report_dialog", None) is not None
                    and desk.merge_report_dialog.isVisible())
    lines = desk.merge_report_dialog.texts()
    assert "Added: 2" in lines  # the annotation and the event
    assert "1 annotation by bilal" in lines
    assert lines[lines.index("Conflicts: 1 (both edited; the newer is current)") + 1].startswith("annotation")
    joined = "\n".join(lines)
    assert "Bilal's reading" in joined and "my reading" in joined  # both versions shown
    assert not message_boxes
    # the database and the window now hold the merged state
    assert desk.ws.store.annotations.get(shared.id).note == "Bilal's reading"
    assert desk.ws.store.events.get(event.id).source_ids == (added.id,)
    assert added.id in _annotation_ids(desk)  # the window reloaded what changed
    assert "Merged" in desk.statusBar().currentMessage()
    assert desk.ws.undo_stack.count() == 0  # undo steps from before the merge no longer apply
    desk.merge_report_dialog.close()


def test_merging_a_file_that_is_not_a_database_says_so_and_writes_nothing(desk, tmp_path: Path, monkeypatch,
                                                                         message_boxes) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("not a database", encoding="utf-8")
    before = desk.ws.store.annotations.count()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    desk.action(Action.MERGE_DATABASE).trigger()
    assert message_boxes and "not an SQLite database" in message_boxes[-1][1]
    assert desk.ws.store.annotations.count() == before
    assert getattr(desk, "merge_report_dialog", None) is None
