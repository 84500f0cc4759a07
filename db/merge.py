"""Merge another analyst's database into this one, in one transaction; the other file is only read. No Qt.

Articles are matched by the SHA-256 of their text, everything else by its UUID (tags also by name).
New items are added, edited ones take the newer version, deletions travel as tombstones (a deletion
wins unless the other side edited the item after it), and an annotation or event both sides edited
since they last agreed (`merge_base`) is a conflict: the newer version is current, the other is kept
in `merge_conflicts` and listed in the report.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from db import errors
from db.merge_report import MergeReport
from db.merge_rows import Side, read_side
from db.merge_steps import Merger as _Merger

WAIT_MS = 3000  # how long to wait for a database another program is writing


def merge(mine, theirs_path: str | os.PathLike[str]) -> MergeReport:
    """Merge the database at `theirs_path` into the open Store `mine`; all or nothing."""
    path = Path(theirs_path)
    _check_not_itself(None if getattr(mine, "memory", False) else mine.abs_path, path)
    theirs = _open_theirs(path)
    try:
        other = _read_snapshot(theirs, path)
    finally:
        theirs.close()
    report = MergeReport(source=str(theirs_path))
    peers = ("" if getattr(mine, "memory", False) else os.path.realpath(mine.abs_path), os.path.realpath(path))
    with mine.atomic() as conn:
        here = read_side(conn, with_text=False)
        _Merger(conn, here, other, report, peers).run()
    return report


def check_source(mine_path: str | os.PathLike[str], theirs_path: str | os.PathLike[str]) -> None:
    """Refuse, before anything is opened for writing, a file that cannot be merged into `mine_path`."""
    path = Path(theirs_path)
    _check_not_itself(mine_path, path)
    theirs = _open_theirs(path)
    try:
        _tables_ok(theirs.conn, path)
    finally:
        theirs.close()


def _open_theirs(path: Path):  # noqa: ANN202
    """The other database, opened read-only (refusing non-SQLite, non-Chronoline and newer files)."""
    from db.store import Store

    if not path.exists():
        raise errors.StoreError(f"{path} does not exist; give the path of the database to merge.")
    if path.is_file() and path.stat().st_size == 0:
        raise errors.StoreError(f"{path} is empty, not a Chronoline database; nothing was merged.")
    _wait_for_writer(path)
    return Store(path, readonly=True)


def _wait_for_writer(path: Path) -> None:
    """Wait briefly while another program holds the other database locked, then say so in one line."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=WAIT_MS / 1000)
    except sqlite3.Error:
        return  # the Store's own checks say what is wrong with the file
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise errors.StoreError(
                f"{path} is locked by another program that is writing to it; close it there (or wait) and "
                "merge again. Nothing was merged.") from exc
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def _tables_ok(conn: sqlite3.Connection, path: Path) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"articles", "annotations", "events", "tags", "suggestion_decisions"} <= tables:
        raise errors.StoreError(f"{path} is an SQLite database, but not a Chronoline one; nothing was merged.")


def _check_not_itself(mine_path: str | os.PathLike[str] | None, path: Path) -> None:
    if mine_path is None or not path.exists() or not Path(mine_path).exists():
        return
    try:
        same = os.path.samefile(mine_path, path)
    except OSError:
        same = False
    if same:
        raise errors.ChronolineError(
            f"{path} is the database you have open; choose another analyst's database to merge.")


def _read_snapshot(theirs, path: Path) -> Side:
    """Everything of the other database, from one consistent read transaction."""
    conn = theirs.conn
    try:
        conn.execute(f"PRAGMA busy_timeout = {WAIT_MS}")
        _tables_ok(conn, path)
        conn.execute("BEGIN")
        try:
            return read_side(conn, with_text=True)
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        msg = str(exc).lower()
        if "locked" in msg or "busy" in msg:
            raise errors.StoreError(
                f"{path} is locked by another program that is writing to it; close it there (or wait) and "
                "merge again. Nothing was merged.") from exc
        raise errors.StoreError(f"{path} cannot be read ({exc}); nothing was merged.") from exc
