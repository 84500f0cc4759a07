"""Shared fixtures: stores in memory and on disk, an article to annotate, files to import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

SAMPLE_TEXT = (
    "The army said on Monday that the operation began in North Waziristan. "
    "Officials said the strikes targeted hideouts near the border. "
    "On Tuesday the minister defended the strikes in parliament, saying the operation "
    "would continue until the militants were defeated.\n"
)


@pytest.fixture
def memory_store():
    """An empty Store in memory."""
    from db.store import Store

    store = Store(":memory:")
    yield store
    store.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new database file in a temporary folder."""
    return tmp_path / "chronoline.sqlite3"


@pytest.fixture
def file_store(db_path: Path):
    """An empty Store in a file."""
    from db.store import Store

    store = Store(db_path)
    yield store
    store.close()


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path: Path):
    """An empty Store, once in memory and once in a file."""
    from db.store import Store

    s = Store(":memory:") if request.param == "memory" else Store(tmp_path / "param.sqlite3")
    yield s
    s.close()


@pytest.fixture
def article(store):
    """A stored article with a known text."""
    return store.articles.add("Operation begins", SAMPLE_TEXT, source="Test wire")


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database path for CLI runs, with the environment pointing nowhere else."""
    monkeypatch.delenv("CHRONOLINE_DB", raising=False)
    monkeypatch.setenv("CHRONOLINE_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "cli.sqlite3"


@pytest.fixture
def sample_store():
    """A Store in memory seeded with the sample corpus (articles, no annotations or events)."""
    from db.store import Store

    s = Store(":memory:", seed=True)
    yield s
    s.close()


@pytest.fixture
def workspace(qtbot, sample_store):
    """A Workspace over the seeded sample store; clears its undo stack before the store closes."""
    from desktop.workspace import Workspace

    ws = Workspace(sample_store)
    yield ws
    ws.undo_stack.clear()


# --- reading desk (GUI) fixtures -----------------------------------------------------------------


@pytest.fixture
def qsettings(tmp_path: Path):
    """A fresh INI QSettings in a temporary folder (never the user's own settings)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record QMessageBox warnings/criticals/informations instead of blocking; questions answer Yes."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []

    def record(kind: str, answer=QMessageBox.StandardButton.Ok):  # noqa: ANN001, ANN202
        def box(_parent, title, text, *_a, **_k):  # noqa: ANN001, ANN202
            seen.append((kind, f"{title}: {text}"))
            return answer
        return staticmethod(box)

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, record(kind))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return seen


@pytest.fixture
def desk(qtbot, qsettings, message_boxes, tmp_path: Path):
    """The main window on the sample corpus (store in memory), restored from empty settings and shown."""
    from db.store import Store
    from desktop.app import build_window

    store = Store(":memory:", seed=True)
    win = build_window(store, qsettings, str(tmp_path / "desk.sqlite3"))
    qtbot.addWidget(win)
    win.restore_state()
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: bool(win.property("settled")), timeout=10000)  # work deferred past the first paint
    yield win
    win.close()
    win.ws.undo_stack.clear()
    win.ws.undo_stack.blockSignals(True)  # its destructor clears again, after the store is closed
    store.close()


@pytest.fixture
def run(capsys):
    """Run the command line in this process; returns (exit code, stdout, stderr)."""
    from db.cli import main

    def _run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run
