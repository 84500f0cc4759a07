"""Starting the app: data folders, portable mode, and databases it must refuse without touching."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.portable import PortableError, portable_dir

ROOT = Path(__file__).resolve().parents[1]


def _start(*args: str, env_extra: dict[str, str] | None = None, timeout: int = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    env.pop("CHRONOLINE_DB", None)
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


def test_a_database_from_a_newer_chronoline_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite3"
    from db.store import Store

    Store(db).close()
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = db.read_bytes()
    out = _start("--db", str(db), env_extra={"CHRONOLINE_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 1
    assert "newer Chronoline" in out.stderr and "99" in out.stderr
    assert "Traceback" not in out.stderr
    assert db.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite3"
    db.write_text("my notes, not a database\n", encoding="utf-8")
    out = _start("--db", str(db), env_extra={"CHRONOLINE_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 1 and "not an SQLite database" in out.stderr
    assert db.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_a_data_folder_that_cannot_be_created_gets_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    out = _start(env_extra={"CHRONOLINE_DATA_DIR": str(blocker / "data")})
    assert out.returncode == 1
    assert "data folder" in out.stderr and "cannot be created" in out.stderr


def test_a_read_only_data_folder_gets_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop import app

    folder = tmp_path / "ro"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(app.os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode))
    monkeypatch.setenv("CHRONOLINE_DATA_DIR", str(folder))
    monkeypatch.delenv("CHRONOLINE_DB", raising=False)
    messages: list[str] = []
    monkeypatch.setattr(app, "fatal", lambda m: messages.append(m) or 1)
    assert app.main([]) == 1
    assert "read-only" in messages[0]
    assert not list(folder.glob("*.sqlite3")), "no database was created in the read-only folder"


def test_portable_mode_keeps_data_beside_the_program(tmp_path: Path) -> None:
    assert portable_dir(False, tmp_path) is None
    assert portable_dir(True, tmp_path) == (tmp_path / "ChronolineData").resolve()
    (tmp_path / "portable.txt").write_text("MyStick\n", encoding="utf-8")
    assert portable_dir(False, tmp_path) == (tmp_path / "MyStick").resolve()
    assert (tmp_path / "MyStick").is_dir()


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage\x80", b"notes.txt"])
def test_a_broken_portable_txt_is_refused_with_a_message(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    (tmp_path / "portable.txt").write_bytes(content)
    with pytest.raises(PortableError) as err:
        portable_dir(False, tmp_path)
    assert "portable.txt" in str(err.value)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "a file, not a folder"


def test_the_window_starts_on_the_sample_corpus_and_paints(tmp_path: Path) -> None:
    out = _start("--startup-probe", env_extra={"CHRONOLINE_DATA_DIR": str(tmp_path / "data")})
    assert out.returncode == 0, out.stderr
    assert "first-paint" in out.stdout
    from db.store import Store

    with Store(tmp_path / "data" / "chronoline.sqlite3", readonly=True) as store:
        assert store.articles.count() == 5
    assert (tmp_path / "data" / "chronoline.log").exists()


def test_the_self_test_passes_from_source(tmp_path: Path) -> None:
    out = _start("--self-test", env_extra={"CHRONOLINE_DATA_DIR": str(tmp_path / "data")}, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("self-test ok:")


def test_the_window_and_the_command_line_use_one_data_folder(tmp_path: Path, monkeypatch) -> None:
    from desktop import app

    monkeypatch.delenv("CHRONOLINE_DATA_DIR", raising=False)
    monkeypatch.delenv("CHRONOLINE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    from db.paths import database_path

    assert app.data_dir(None) / app.DB_NAME == database_path(None)
    if sys.platform.startswith("linux"):
        assert app.data_dir(None) == tmp_path / "share" / "Chronoline"
    assert app.data_dir(tmp_path / "portable") == tmp_path / "portable"
