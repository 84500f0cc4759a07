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
    return store.add_article("Operation begins", SAMPLE_TEXT, source="Test wire")


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
