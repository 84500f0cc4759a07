"""A new database starts empty; only the default database gets the sample corpus, on the first start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db.store import Store

ROOT = Path(__file__).resolve().parents[1]


def _start_and_quit(*args: str, data: Path, env_db: str | None = None) -> subprocess.CompletedProcess:
    """Start the real app offscreen; `--startup-probe` quits it after the first painted frame."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHRONOLINE_DATA_DIR": str(data),
           "XDG_CONFIG_HOME": str(data / "config")}
    env.pop("CHRONOLINE_DB", None)
    if env_db:
        env["CHRONOLINE_DB"] = env_db
    return subprocess.run([sys.executable, "-m", "desktop", *args, "--startup-probe"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def _titles(path: Path) -> list[str]:
    with Store(path) as s:
        return [a.title for a in s.articles.all()]


def test_the_window_on_a_new_db_file_starts_with_no_articles(tmp_path):
    db = tmp_path / "fresh.sqlite3"
    proc = _start_and_quit("--db", str(db), data=tmp_path / "data")
    assert proc.returncode == 0, proc.stderr
    assert db.exists() and _titles(db) == []


def test_a_new_chronoline_db_from_the_environment_starts_empty_too(tmp_path):
    db = tmp_path / "env.sqlite3"
    assert _start_and_quit(data=tmp_path / "data", env_db=str(db)).returncode == 0
    assert _titles(db) == []


def test_the_very_first_start_seeds_the_default_database_once(tmp_path):
    data = tmp_path / "data"
    assert _start_and_quit(data=data).returncode == 0
    default = data / "chronoline.sqlite3"
    titles = _titles(default)
    assert len(titles) == 5
    with Store(default) as s:  # the analyst deletes a sample article; a later start does not bring it back
        s.articles.delete(s.articles.all()[0].id)
    assert _start_and_quit(data=data).returncode == 0
    assert len(_titles(default)) == 4


def test_the_cli_on_a_new_database_stores_only_what_is_imported(tmp_path, capsys):
    from db.cli import main

    db = tmp_path / "cli.sqlite3"
    f = tmp_path / "one.txt"
    f.write_text("One report\n\nText.\n", encoding="utf-8")
    assert main(["--db", str(db), "import", str(f)]) == 0
    assert _titles(db) == ["One report"]


DRIVER = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop import app
from desktop.actions import Menu
from desktop.mainwindow import MainWindow

def switch():
    win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
    act = next(a for a in win.menus[Menu.HELP].actions() if a.text() == "Open the &sample corpus")
    act.trigger()
    QTimer.singleShot(0, report)

def report():
    wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    print("windows", len(wins), wins[0].ws.store.articles.count(), wins[0].db_path, flush=True)
    QApplication.quit()

QTimer.singleShot(0, switch)
sys.exit(app.main(sys.argv[1:]))
"""


def test_help_opens_the_sample_corpus_in_the_running_app_and_it_quits_cleanly(tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CHRONOLINE_DATA_DIR": str(data),
           "XDG_CONFIG_HOME": str(data / "config")}
    env.pop("CHRONOLINE_DB", None)
    mine = tmp_path / "mine.sqlite3"
    proc = subprocess.run([sys.executable, "-c", DRIVER, "--db", str(mine)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"windows 1 5 {data / 'sample-corpus.sqlite3'}" in proc.stdout
    assert _titles(mine) == [] and len(_titles(data / "sample-corpus.sqlite3")) == 5
    assert not (data / "sample-corpus.sqlite3-wal").exists()  # its store was closed at exit (WAL checkpointed)
    assert not (tmp_path / "mine.sqlite3-wal").exists()  # and the first one when its window went
