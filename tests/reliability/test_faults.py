"""Faults: disk full, read-only database, file deleted or replaced while open, export target not
writable. Each gives a clear message from db.errors, the window keeps working, nothing committed is lost."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from rel_helpers import new_database

from db import errors
from db.store import Store
from desktop.actions import Action


@pytest.fixture
def opened(tmp_path: Path, window_on, record_boxes):
    """(window, store, db path, article id, committed annotation id) over a file database."""
    db = tmp_path / "faults.sqlite3"
    article = new_database(db)
    store = Store(db)
    win = window_on(store, str(db))
    first = win.ws.add_annotation(article, 0, 8, note="committed before the fault", tags=["kept"])
    assert first is not None and record_boxes == []
    yield win, store, db, article, first.id
    store.close()


def _still_there(path: Path, annotation_id: str) -> bool:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        row = conn.execute("SELECT note FROM annotations WHERE id = ?", [annotation_id]).fetchone()
        return row is not None and row[0] == "committed before the fault"
    finally:
        conn.close()


def _window_works(win) -> None:  # noqa: ANN001
    win.action(Action.REFRESH).trigger()
    assert "annotation" in win.counts.text()


def test_disk_full_during_a_write(opened, record_boxes) -> None:
    win, store, db, article, first = opened
    before = store.annotations.count()
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # test-only: the file cannot grow
    assert win.ws.add_annotation(article, 10, 20, note="x" * 2_000_000, tags=["big"]) is None
    assert len(record_boxes) == 1 and "disk is full" in record_boxes[0]
    assert "intact" in record_boxes[0]
    assert store.annotations.count() == before  # nothing half-written, not even the new tag
    assert store.tags.by_name("big") is None
    with pytest.raises(errors.StoreError, match="disk is full"):
        store.annotations.add(article, 10, 20, note="y" * 2_000_000)
    _window_works(win)
    store.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed: the same write succeeds
    assert win.ws.add_annotation(article, 10, 20, note="after freeing space") is not None
    assert _still_there(db, first)
    print(f"\nfault/disk-full: message={record_boxes[0][:60]!r}… lost=0")


def test_database_becomes_read_only_while_open(opened, record_boxes) -> None:
    win, store, db, article, first = opened
    store.conn.execute("PRAGMA query_only = ON")  # what SQLite reports when the file turns read-only
    assert win.ws.add_annotation(article, 10, 20, note="refused") is None
    assert len(record_boxes) == 1 and "read-only" in record_boxes[0]
    _window_works(win)
    store.conn.execute("PRAGMA query_only = OFF")
    assert _still_there(db, first)


def test_database_opened_read_only_refuses_writes_with_a_message(tmp_path: Path, window_on,
                                                                  record_boxes) -> None:
    db = tmp_path / "ro.sqlite3"
    article = new_database(db)
    with Store(db) as rw:
        kept = rw.annotations.add(article, 0, 8, note="committed before the fault").id
    os.chmod(db, 0o444)  # root ignores the bits, so Store also checks them
    try:
        store = Store(db)
        assert store.readonly
        win = window_on(store, str(db))
        assert win.ws.add_annotation(article, 10, 20) is None
        assert len(record_boxes) == 1 and "read-only" in record_boxes[0]
        _window_works(win)
        store.close()
    finally:
        os.chmod(db, 0o644)
    with Store(db, readonly=True) as ro, pytest.raises(errors.ReadOnlyDatabase, match="read-only"):
        ro.tags.ensure("nope")
    assert _still_there(db, kept)


def test_database_file_deleted_while_open(opened, record_boxes) -> None:
    win, store, db, article, first = opened
    os.remove(db)
    assert win.ws.add_annotation(article, 10, 20, note="after the delete") is None
    assert len(record_boxes) == 1
    msg = record_boxes[0]
    assert "deleted or moved" in msg and "was not saved" in msg and ".recovered-" in msg
    _window_works(win)  # reads still work from the open file
    rescue = store.rescue_copy()
    assert rescue is not None and rescue.exists() and str(rescue) in msg
    assert _still_there(rescue, first)  # everything committed survives in the rescue copy
    assert not db.exists()  # nothing silently re-created at the old path
    print(f"\nfault/deleted: rescued_to={rescue.name} lost=0")


def test_database_file_replaced_while_open(opened, record_boxes, tmp_path: Path) -> None:
    win, store, db, article, first = opened
    other = tmp_path / "other.sqlite3"
    new_database(other)
    other_bytes = other.read_bytes()
    os.replace(other, db)  # e.g. a backup tool restored an older copy over it
    assert win.ws.add_annotation(article, 10, 20, note="after the replace") is None
    assert len(record_boxes) == 1 and "replaced by another file" in record_boxes[0]
    assert db.read_bytes() == other_bytes  # the newcomer is not written to
    rescue = store.rescue_copy()
    assert rescue is not None and _still_there(rescue, first)
    _window_works(win)


@pytest.mark.parametrize("where", ["folder", "missing-folder"])
def test_export_target_not_writable(opened, record_boxes, tmp_path: Path, where: str) -> None:
    from desktop.window_actions import export_csv

    win, store, db, _article, first = opened
    target = tmp_path if where == "folder" else tmp_path / "no" / "such" / "folder" / "out.csv"
    assert export_csv(win, "annotations", str(target)) is None
    assert len(record_boxes) == 1
    assert ("is a folder" in record_boxes[0]) if where == "folder" else ("Cannot write" in record_boxes[0])
    assert "Choose another" in record_boxes[0] or "give a file name" in record_boxes[0]
    assert export_csv(win, "annotations", str(tmp_path / "ok.csv")) == 1  # and the next export works
    assert _still_there(db, first)
