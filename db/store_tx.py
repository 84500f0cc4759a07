"""The one connection of a Store and its transactions: every part of the Store writes through here.

`Tx.write()` is a transaction (BEGIN IMMEDIATE, retried while another connection holds the write
lock), or a savepoint when one is already open; sqlite errors come out as user-facing
`db.errors.StoreError`s. `Part` is the base of the Store's parts (`store.articles`,
`store.annotations`, …): it gives each the shared connection, `_read` and `_write`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from db import errors

BUSY_RETRIES = 4  # extra attempts to start a write after SQLite's own busy wait gave up


class Tx:
    """A Store's connection: reads, transactions, and the checks that the file is still the one opened."""

    def __init__(self, conn: sqlite3.Connection, path: str, *, readonly: bool) -> None:
        self.conn = conn
        self.db = Database(conn)
        self.path = path
        self.memory = path == ":memory:"
        self.abs_path = path if self.memory else os.path.abspath(path)  # immune to a later chdir
        self.readonly = readonly
        self._identity = None if self.memory else file_identity(self.abs_path)
        self._rescued: Path | None = None

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction; sqlite errors become user-facing `StoreError`s, nothing half-written.

        The transaction starts with BEGIN IMMEDIATE, so the write lock is taken (waiting up to the
        busy timeout, then retried) before anything is read: another window writing at the same
        moment makes this one wait, never fail with "database is locked" half-way through.
        """
        if self.readonly:
            raise errors.ReadOnlyDatabase(
                f"{self.path} is open read-only, so changes cannot be saved. "
                "Check the file's permissions, or save a copy elsewhere."
            )
        self._check_same_file()
        try:
            if self.conn.in_transaction:
                with self.db.atomic():
                    yield self.conn
                return
            self._begin()
            try:
                yield self.conn
            except BaseException:
                self._rollback()
                raise
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        except UnicodeEncodeError as exc:
            raise unstorable(exc) from exc

    def read(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        """Run a query and return all rows (sqlite errors become `StoreError`)."""
        try:
            cur = self.conn.execute(sql, params)
            return cur.fetchall()
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        except UnicodeEncodeError as exc:
            raise unstorable(exc) from exc

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, retried a few times when another connection holds the write lock."""
        for attempt in range(BUSY_RETRIES + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if attempt == BUSY_RETRIES or not is_busy(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    def _check_same_file(self) -> None:
        """Refuse to write when the file was deleted or replaced since it was opened.

        SQLite would go on writing into the unlinked (or replaced) file, and every change made
        from then on would vanish when the window closes. Instead, everything this connection
        can still see is copied next to the path, and the user is told where.
        """
        if self.same_file():
            return
        what = "deleted or moved" if not Path(self.path).exists() else "replaced by another file"
        rescue = self.rescue_copy()
        saved = (f"Everything saved until now was copied to {rescue}; open that file to continue."
                 if rescue else "Chronoline could not copy what was saved; do not close this window, "
                 "and restore the file first.")
        raise errors.StoreError(
            f"The database file {self.path} was {what} while Chronoline had it open, so this change "
            f"was not saved. {saved}"
        )

    def same_file(self) -> bool:
        """True while the path still names the file this store opened (or the store is in memory)."""
        return self._identity is None or file_identity(self.abs_path) == self._identity

    def rescue_copy(self) -> Path | None:
        """Copy what this connection sees to a new file beside the database path; None on failure."""
        if self.memory:
            return None
        if self._rescued is not None:
            return self._rescued
        target = Path(f"{self.path}.recovered-{time.strftime('%Y%m%d-%H%M%S')}.sqlite3")
        try:
            self.conn.execute("VACUUM INTO ?", [str(target)])
        except sqlite3.Error:
            return None
        self._rescued = target
        return target


class Part:
    """Base of the Store's parts: the shared connection, reads and transactions of one `Tx`."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    @property
    def conn(self) -> sqlite3.Connection:
        return self.tx.conn

    def _read(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        return self.tx.read(sql, params)

    def _write(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return self.tx.write()


def file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def is_busy(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def unstorable(exc: UnicodeEncodeError) -> errors.StoreError:
    """Text SQLite cannot take (a lone UTF-16 surrogate, e.g. from a damaged paste)."""
    bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else ""
    return errors.StoreError(
        f"The text contains a character that cannot be stored ({bad.encode('unicode_escape').decode()!s}, "
        "half of a broken character pair); remove it and try again. Nothing was saved.")


def translate(exc: sqlite3.Error, path: str) -> errors.StoreError:
    """A user-facing message for a sqlite error."""
    msg = str(exc).lower()
    if "readonly" in msg or "read-only" in msg:
        return errors.ReadOnlyDatabase(
            f"{path} cannot be written (read-only). Your changes were not saved; "
            "check the file's permissions or free the disk."
        )
    if "full" in msg:
        return errors.StoreError(
            "The disk is full, so the change was not saved. Free some space and try again; "
            "everything saved before is intact."
        )
    if "locked" in msg or "busy" in msg:
        return errors.StoreError(
            "The database is busy in another window or program. Try again in a moment; nothing was lost."
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return errors.StoreError(f"The change conflicts with existing data ({exc}); nothing was saved.")
    return errors.StoreError(f"Database error: {exc}. Nothing was changed.")
