"""`chronoline --db MINE merge THEIRS`: the printed Merge report, and bad input (one line, exit 1, nothing written)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.store import Store

ROOT = Path(__file__).resolve().parents[1]
TEXT = "The army said on Monday that the operation began in North Waziristan.\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()



@pytest.fixture
def dbs(tmp_path: Path) -> tuple[Path, Path]:
    """MINE and THEIRS: the same article, one annotation each (by different analysts)."""
    mine, theirs = tmp_path / "mine.sqlite3", tmp_path / "theirs.sqlite3"
    with Store(mine) as s:
        art = s.articles.add("Report", TEXT)
        s.annotations.add(art.id, 4, 8, note="who", author="ayesha")
    with Store(theirs) as s:
        art = s.articles.add("Report, their copy", TEXT)
        at = TEXT.index("operation")
        s.annotations.add(art.id, at, at + len("operation"), note="what", author="bilal")
    return mine, theirs


def _one_line(err: str) -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].startswith("chronoline: "), err
    return lines[0]


def test_merge_prints_the_report(run, dbs) -> None:
    mine, theirs = dbs
    code, out, err = run("--db", mine, "merge", theirs)
    assert code == 0 and err == ""
    assert out.splitlines()[:2] == [f"Merge report: {theirs}",
                                    "1 added, 1 updated, 0 deleted, 0 conflicts, 0 kept despite a deletion"]
    assert "  added: 1 annotation" in out
    assert "  updated: 1 article" in out  # same text, their newer title
    assert "annotations added by: bilal (1)" in out
    code, out, _ = run("--db", mine, "merge", theirs)  # again: nothing left to do
    assert code == 0 and "0 added, 0 updated, 0 deleted, 0 conflicts" in out


def test_merge_lists_each_conflict_with_both_versions(run, dbs, tmp_path: Path) -> None:
    mine, theirs = dbs
    run("--db", mine, "merge", theirs)
    copy = tmp_path / "copy.sqlite3"
    with Store(mine) as s:
        s.conn.execute("VACUUM INTO ?", [str(copy)])
        ann = next(a for a in s.annotations.all() if a.author == "bilal")
        s.annotations.update(ann.id, note="mine: the operation")
        s.conn.execute("UPDATE annotations SET modified = '2030-01-01T00:00:00.000Z' WHERE id = ?", [ann.id])
    with Store(copy) as s:
        s.annotations.update(ann.id, note="copy: the offensive")
        s.conn.execute("UPDATE annotations SET modified = '2030-01-02T00:00:00.000Z' WHERE id = ?", [ann.id])
    code, out, _ = run("--db", mine, "merge", copy)
    assert code == 0 and "1 conflict," in out
    assert f"Conflict (annotation {ann.id}):" in out
    assert "current (theirs): “operation” — copy: the offensive by bilal, modified 2030-01-02" in out
    assert "kept    (mine): “operation” — mine: the operation by bilal, modified 2030-01-01" in out


def _refused(run, mine: Path, theirs: Path, words: str) -> None:
    before_mine = sha(mine)
    before_theirs = sha(theirs) if theirs.is_file() else None
    code, out, err = run("--db", mine, "merge", theirs)
    assert code == 1 and out == ""
    assert words in _one_line(err)
    assert sha(mine) == before_mine
    if before_theirs:
        assert sha(theirs) == before_theirs


def test_a_file_that_is_not_a_database(run, dbs, tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("meeting notes\n", encoding="utf-8")
    _refused(run, dbs[0], notes, "not an SQLite database")


def test_an_sqlite_file_that_is_not_chronoline(run, dbs, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    _refused(run, dbs[0], other, "not a Chronoline one")


def test_an_empty_file(run, dbs, tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    _refused(run, dbs[0], empty, "is empty")


def test_a_newer_schema(run, dbs) -> None:
    mine, theirs = dbs
    conn = sqlite3.connect(theirs)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    _refused(run, mine, theirs, "newer Chronoline")


def test_the_database_into_itself_also_by_symlink(run, dbs, tmp_path: Path) -> None:
    mine, _ = dbs
    _refused(run, mine, mine, "is the database you have open")
    link = tmp_path / "link.sqlite3"
    link.symlink_to(mine)
    _refused(run, mine, link, "is the database you have open")
    os.link(mine, tmp_path / "hard.sqlite3")
    _refused(run, mine, tmp_path / "hard.sqlite3", "is the database you have open")


def test_a_missing_file(run, dbs, tmp_path: Path) -> None:
    mine, _ = dbs
    before = sha(mine)
    code, _, err = run("--db", mine, "merge", tmp_path / "nope.sqlite3")
    assert code == 1 and "does not exist" in _one_line(err) and sha(mine) == before


def test_bad_input_does_not_create_mine(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("x", encoding="utf-8")
    code, _, _ = run("--db", tmp_path / "new.sqlite3", "merge", bad)
    assert code == 1 and not (tmp_path / "new.sqlite3").exists()


HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE annotations SET note = 'half-written'")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_a_database_another_program_is_writing_merges_its_last_saved_state(dbs) -> None:
    mine, theirs = dbs
    before = sha(theirs)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(theirs)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        proc = subprocess.run([sys.executable, "-m", "db", "--db", str(mine), "merge", str(theirs)],
                              capture_output=True, text=True, timeout=60, check=False,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        holder.communicate("\n", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "1 added" in proc.stdout
    with Store(mine) as s:
        assert "half-written" not in {a.note for a in s.annotations.all()}
    assert sha(theirs) == before


def test_merge_is_a_launcher_command() -> None:
    from db.cli import COMMANDS

    assert "merge" in COMMANDS


LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE annotations SET note = 'locked'")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


def test_a_database_locked_by_another_program_is_one_line_after_a_short_wait(run, dbs, monkeypatch) -> None:
    from db import merge as merge_mod

    monkeypatch.setattr(merge_mod, "WAIT_MS", 300)
    mine, theirs = dbs
    before = sha(mine)
    holder = subprocess.Popen([sys.executable, "-c", LOCKER, str(theirs)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        code, out, err = run("--db", mine, "merge", theirs)
    finally:
        holder.communicate("\n", timeout=30)
    assert code == 1 and out == ""
    assert "is locked by another program" in _one_line(err)
    assert sha(mine) == before
