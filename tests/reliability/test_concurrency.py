"""Two windows, one database: concurrent writers never see "database is locked" and lose nothing;
a window shows another's changes on View → Refresh and when it gets the focus."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from rel_helpers import logged_ids, new_database, spawn_writer

from db.store import Store
from desktop.actions import Action

SECONDS = float(os.environ.get("CHRONOLINE_CONCURRENCY_SECONDS", "10"))


@pytest.mark.slow
def test_two_processes_annotate_one_database_without_locked_errors_or_losses(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    new_database(db)
    # one writer through the desk's Workspace (a window's write path), one through the Store (CLI)
    writers = [spawn_writer(db, tmp_path / "gui.log", "workspace", SECONDS, "gui"),
               spawn_writer(db, tmp_path / "cli.log", "store", SECONDS, "cli")]
    outputs = []
    for proc in writers:
        out, err = proc.communicate(timeout=SECONDS + 60)
        assert proc.returncode == 0, err[-2000:]
        outputs.append(out)
    writes = errors = 0
    messages = []
    for out in outputs:
        for line in out.splitlines():
            if line.startswith("writes="):
                w, e = (int(part.split("=")[1]) for part in line.split())
                writes += w
                errors += e
            elif line.startswith("error:"):
                messages.append(line)
    promised = logged_ids(tmp_path / "gui.log") + logged_ids(tmp_path / "cli.log")
    conn = sqlite3.connect(db)
    present = {r[0] for r in conn.execute("SELECT id FROM annotations")}
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    lost = sum(1 for i in promised if i not in present)
    split = "/".join(str(len(logged_ids(tmp_path / n))) for n in ("gui.log", "cli.log"))
    print(f"\nconcurrency: seconds={SECONDS:g} writers=2 writes={writes} (workspace/store {split}) errors={errors} "
          f"locked={sum('busy' in m or 'locked' in m for m in messages)} lost={lost}")
    assert errors == 0, messages
    assert writes == len(promised) == len(present)
    assert lost == 0
    assert min(len(logged_ids(tmp_path / n)) for n in ("gui.log", "cli.log")) > 0, "one writer starved"


def test_a_write_waits_for_another_connections_long_transaction(tmp_path: Path) -> None:
    """A transaction held open elsewhere for 0.5 s delays a write; it does not fail it."""
    import threading
    import time

    db = tmp_path / "wait.sqlite3"
    article = new_database(db)
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: blocker.execute("COMMIT")).start()
    with Store(db) as store:
        t0 = time.monotonic()
        ann = store.annotations.add(article, 0, 8, tags=["waited"])
        assert time.monotonic() - t0 >= 0.4
        assert store.annotations.get(ann.id).tags == ("waited",)
    blocker.close()


def _annotations_shown(win) -> int:  # noqa: ANN001
    match = re.search(r"([\d,]+) annotations?\b", win.counts.text())
    return int(match.group(1).replace(",", ""))


def test_a_window_shows_another_writers_changes_on_refresh_and_on_focus(qtbot, tmp_path: Path,
                                                                        window_on) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    db = tmp_path / "two-windows.sqlite3"
    article = new_database(db)
    mine = Store(db)
    other = Store(db)  # another window (or process) on the same file
    try:
        win = window_on(mine, str(db))
        assert _annotations_shown(win) == 0
        other.annotations.add(article, 0, 8, note="from the other window")
        assert _annotations_shown(win) == 0  # nothing polls behind the analyst's back
        win.action(Action.REFRESH).trigger()
        assert _annotations_shown(win) == 1

        # focus: another process writes, the window is activated again
        proc = spawn_writer(db, tmp_path / "proc.log", "store", 0.3, "proc")
        proc.communicate(timeout=60)
        written = len(logged_ids(tmp_path / "proc.log"))
        assert written > 0 and _annotations_shown(win) == 1
        win.activateWindow()
        QApplication.sendEvent(win, QEvent(QEvent.Type.ActivationChange))
        qtbot.waitUntil(lambda: _annotations_shown(win) == 1 + written, timeout=3000)

        # focus without outside changes does not reload
        reloads = []
        win.ws.changed.connect(reloads.append)
        QApplication.sendEvent(win, QEvent(QEvent.Type.ActivationChange))
        assert reloads == []
        print(f"\nrefresh: refresh_action_showed=1 focus_showed={written} spurious_reloads=0")
    finally:
        other.close()
        mine.close()


def test_processes_opening_a_brand_new_database_at_once_seed_it_once(tmp_path: Path) -> None:
    """Several windows started together on a database that does not exist yet: none fails, and the
    sample corpus is there once (the duplicate check runs inside the write transaction)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    # each child imports first, then waits for the go file, so the opens really coincide
    code = ("import os, sys, time; from db.store import Store\n"
            "print('ready', flush=True)\n"
            "while not os.path.exists(sys.argv[2]): time.sleep(0.0005)\n"
            "Store(sys.argv[1], seed=True).close()")
    env = {**os.environ, "CHRONOLINE_DATA_DIR": str(tmp_path)}
    for trial in range(4):
        db, go = tmp_path / f"new{trial}.sqlite3", tmp_path / f"go{trial}"
        procs = [subprocess.Popen([sys.executable, "-c", code, str(db), str(go)], cwd=root, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        assert all(proc.stdout.readline().strip() == "ready" for proc in procs)
        go.touch()
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err[-2000:]
        with Store(db) as store:
            assert len(store.articles.all()) == 5
