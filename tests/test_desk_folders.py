"""Importing folders and many files from the window: progress, cancel, summary; databases to switch to."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressBar, QPushButton

from db.store import Store
from desktop.actions import Action, Menu
from tests.test_folder_import import make_folder


def _wait_batch(qtbot, batch, timeout: int = 20000):  # noqa: ANN001, ANN202
    if not batch.summary_box:
        with qtbot.waitSignal(batch.finished, timeout=timeout):
            pass
    return batch.summary


def _close_summary(batch) -> str:  # noqa: ANN001
    box = batch.summary_box
    text = box.text() + "\n" + box.informativeText() + "\n" + box.detailedText()
    box.close()
    return text


def _numbered(folder: Path, n: int) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    texts = {}
    for i in range(n):
        name = f"r{i:03d}.txt"
        texts[name] = f"Report {i}\n\nOn day {i} the council met and decided matter number {i}.\n"
        (folder / name).write_text(texts[name], encoding="utf-8")
    return texts


def test_importing_a_folder_with_one_bad_file_imports_the_others_and_says_which_was_refused(qtbot, desk, tmp_path):
    from desktop.batch_import import import_batch

    folder = tmp_path / "news"
    make_folder(folder)
    n = desk.ws.store.articles.count()
    batch = import_batch(desk, [str(folder)])
    summary = _wait_batch(qtbot, batch)
    assert len(summary.imported) == 3 and len(summary.refused) == 1 and not summary.cancelled
    assert desk.ws.store.articles.count() == n + 3
    titles = {r.title for r in desk.library.model.rows}
    assert {"Floods in Swat", "Budget passed", "Talks resume"} <= titles
    text = _close_summary(batch)
    assert "3 articles imported, 0 skipped as already present, 1 refused." in text
    assert "broken.txt" in text and "binary" in text
    assert "3 articles imported" in desk.statusBar().currentMessage()


def test_importing_again_counts_what_is_already_present_as_skipped(qtbot, desk, tmp_path):
    from desktop.batch_import import import_batch

    folder = tmp_path / "news"
    make_folder(folder)
    first = import_batch(desk, [str(folder)])
    _wait_batch(qtbot, first)
    _close_summary(first)
    n = desk.ws.store.articles.count()
    batch = import_batch(desk, [str(folder)])
    summary = _wait_batch(qtbot, batch)
    assert len(summary.skipped) == 3 and summary.imported == [] and desk.ws.store.articles.count() == n
    assert "0 articles imported, 3 skipped as already present, 1 refused." in _close_summary(batch)


def test_cancel_in_the_progress_dialog_leaves_only_whole_articles(qtbot, desk, tmp_path, monkeypatch):
    import desktop.batch_import as bi

    texts = _numbered(tmp_path / "many", 20)
    gate = threading.Event()
    real = bi.read_candidate

    def slow_after_five(c):  # noqa: ANN001, ANN202 - runs on the reader thread
        if int(c.path.stem[1:]) >= 5:
            gate.wait(30)
        return real(c)

    monkeypatch.setattr(bi, "read_candidate", slow_after_five)
    n = desk.ws.store.articles.count()
    batch = bi.import_batch(desk, [str(tmp_path / "many")])
    qtbot.waitUntil(lambda: batch.progress.isVisible() and batch.progress.value() == 5, timeout=10000)
    cancel = next(b for b in batch.progress.findChildren(QPushButton) if b.text() == "Cancel")
    with qtbot.waitSignal(batch.finished, timeout=10000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: batch.thread.isFinished(), timeout=10000)
    summary = batch.summary
    assert summary.cancelled and len(summary.imported) == 5
    assert desk.ws.store.articles.count() == n + 5
    stored = {desk.ws.store.articles.get(aid).text for _label, aid in summary.imported}
    assert stored == {texts[f"r{i:03d}.txt"] for i in range(5)}  # each one whole
    text = _close_summary(batch)
    assert "5 articles imported" in text and "Cancelled after 5 of 20 files" in text
    assert not batch.progress.isVisible()


def test_progress_rises_and_the_event_loop_keeps_running_during_a_large_import(qtbot, desk, tmp_path):
    from desktop.batch_import import BatchImport

    _numbered(tmp_path / "many", 150)
    batch = BatchImport(desk, [str(tmp_path / "many")])
    values: list[int] = []
    batch.progress.findChild(QProgressBar).valueChanged.connect(values.append)
    ticks = []
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    batch.start()
    summary = _wait_batch(qtbot, batch)
    timer.stop()
    assert len(summary.imported) == 150
    assert values == sorted(values) and len(set(values)) >= 100 and values[-1] == 150
    assert len(ticks) >= 50  # the event loop ran all along, not only at the end
    _close_summary(batch)


def test_file_import_with_several_files_chosen_runs_one_batch(qtbot, desk, tmp_path, monkeypatch):
    texts = _numbered(tmp_path / "few", 3)
    paths = [str(tmp_path / "few" / name) for name in texts]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (paths, "")))
    n = desk.ws.store.articles.count()
    desk.action(Action.IMPORT).trigger()
    qtbot.waitUntil(lambda: desk.ws.store.articles.count() == n + 3, timeout=10000)
    batch = desk.findChild(__import__("desktop.batch_import", fromlist=["x"]).BatchImport)
    _wait_batch(qtbot, batch)
    _close_summary(batch)


def test_dropping_a_folder_on_the_window_imports_it(qtbot, desk, tmp_path):
    from desktop.batch_import import BatchImport

    folder = tmp_path / "dropped"
    make_folder(folder)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    pos, action, none = QPointF(300, 300), Qt.DropAction.CopyAction, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos.toPoint(), action, mime, Qt.MouseButton.LeftButton, none)
    drop = QDropEvent(pos, action, mime, Qt.MouseButton.LeftButton, none)
    n = desk.ws.store.articles.count()
    QApplication.sendEvent(desk, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(desk, drop)
    assert drop.isAccepted()
    batch = desk.findChild(BatchImport)
    summary = _wait_batch(qtbot, batch)
    assert len(summary.imported) == 3 and desk.ws.store.articles.count() == n + 3
    _close_summary(batch)


def test_the_import_folder_action_is_in_the_file_menu(qtbot, desk, tmp_path, monkeypatch):
    from desktop.batch_import import BatchImport

    folder = tmp_path / "chosen"
    make_folder(folder)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))
    action = next(a for a in desk.menus[Menu.FILE].actions() if a.text() == "Import &folder…")
    action.trigger()
    batch = desk.findChild(BatchImport)
    assert len(_wait_batch(qtbot, batch).imported) == 3
    _close_summary(batch)


# --- databases -----------------------------------------------------------------------------------------


@pytest.fixture
def switched(qtbot):  # noqa: ANN001, ANN201
    """Windows opened by a database switch, closed (and their stores) at the end."""
    wins = []
    yield wins
    for w in wins:
        w.close()
        w.ws.undo_stack.clear()
        w.ws.undo_stack.blockSignals(True)
        w.ws.store.close()


def test_file_new_database_opens_an_empty_database_in_a_new_window(qtbot, desk, tmp_path, monkeypatch, switched):
    from desktop.database_switch import current_window

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "case"), "")))
    action = next(a for a in desk.menus[Menu.FILE].actions() if a.text() == "&New database…")
    action.trigger()
    new = current_window(desk)
    switched.append(new)
    assert new is not desk and new.isVisible() and not desk.isVisible()
    assert new.db_path == str(tmp_path / "case.sqlite3") and "case.sqlite3" in new.windowTitle()
    assert new.ws.store.articles.count() == 0 and new.library.model.rows == []
    assert desk.ws.store.articles.count() == 5  # the old database is untouched (its store closes with the window)


def test_a_new_database_never_overwrites_an_existing_file(qtbot, desk, tmp_path, monkeypatch, message_boxes):
    from desktop.database_switch import current_window

    existing = tmp_path / "keep.sqlite3"
    existing.write_bytes(b"precious")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(existing), "")))
    next(a for a in desk.menus[Menu.FILE].actions() if a.text() == "&New database…").trigger()
    assert current_window(desk) is desk and existing.read_bytes() == b"precious"
    assert "already exists" in message_boxes[-1][1]


def test_help_opens_the_sample_corpus_in_its_own_database(qtbot, desk, tmp_path, monkeypatch, switched):
    from desktop.database_switch import current_window

    desk.data_dir = tmp_path / "data"
    action = next(a for a in desk.menus[Menu.HELP].actions() if a.text() == "Open the &sample corpus")
    action.trigger()
    new = current_window(desk)
    switched.append(new)
    assert new.db_path == str(tmp_path / "data" / "sample-corpus.sqlite3")
    assert new.ws.store.articles.count() == 5 and len(new.library.model.rows) == 5
    # File → Open database… goes back to another database
    other = tmp_path / "other.sqlite3"
    with Store(other) as s:
        s.articles.add("Only article", "Only text.\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(other), "")))
    next(a for a in new.menus[Menu.FILE].actions() if a.text() == "Open &database…").trigger()
    third = current_window(desk)
    switched.append(third)
    assert third.db_path == str(other) and [r.title for r in third.library.model.rows] == ["Only article"]
    assert third.panes.current.article is not None and third.panes.current.article.title == "Only article"


def test_opening_a_file_that_is_no_database_says_so_and_changes_nothing(qtbot, desk, tmp_path, monkeypatch,
                                                                        message_boxes):
    from desktop.database_switch import current_window

    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"These are my notes, not a database.\n" * 50)
    before = notes.read_bytes()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(notes), "")))
    next(a for a in desk.menus[Menu.FILE].actions() if a.text() == "Open &database…").trigger()
    assert current_window(desk) is desk and desk.isVisible()
    assert "cannot open notes.sqlite3" in message_boxes[-1][1]
    assert notes.read_bytes() == before
