"""Store(path): the only module family that knows table and column names; returns dataclasses.

Opening checks the file is SQLite and not from a newer Chronoline, backs it up before migrating,
and turns sqlite errors into `db.errors` exceptions with messages fit for a user.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from db import errors
from db.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION, migrations
from db.store_agreement import AgreementMixin
from db.store_annotations import AnnotationsMixin
from db.store_articles import ArticlesMixin
from db.store_events import EventsMixin
from db.store_lines import LinesMixin
from db.store_rows import RowsMixin
from db.store_search import SearchMixin
from db.store_tags import TagsMixin

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
BUSY_RETRIES = 4  # extra attempts to start a write after SQLite's own busy wait gave up
OPEN_RETRIES = 30  # extra attempts at the set-up of a file another process is setting up too


class Store(ArticlesMixin, AnnotationsMixin, TagsMixin, EventsMixin, RowsMixin, LinesMixin, AgreementMixin, SearchMixin):
    """A Chronoline database. Every write runs in its own transaction."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *, readonly: bool = False,
                 seed: bool = False) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        self.abs_path = self.path if self.memory else os.path.abspath(self.path)  # immune to a later chdir
        self.readonly = readonly
        self.backup_path: Path | None = None
        self._rescued: Path | None = None
        existed = self.memory is False and Path(self.path).exists() and Path(self.path).stat().st_size > 0
        if not self.memory:
            _check_file(Path(self.path))
            if existed and not _writable(Path(self.path)):
                self.readonly = True
            if not existed and readonly:
                raise errors.StoreError(f"{self.path} does not exist, and a read-only open cannot create it.")
        self.conn = self._connect()
        self.db = Database(self.conn)
        self._identity = _file_identity(self.abs_path) if not self.memory else None
        try:
            self._check_version()
            if not self.readonly:
                # several processes opening a brand-new file at once: the setup steps are
                # idempotent, so one that finds the file locked waits and tries again
                self._retry_busy(self._set_journal)
                self._retry_busy(lambda: self._migrate(existed))
            if seed and not existed and not self.readonly:
                from db.seed import seed_sample_corpus

                seed_sample_corpus(self)
        except BaseException:
            self.conn.close()
            raise
        self._seen_data_version = self.data_version()

    # --- connection -------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        """Open the connection with WAL, foreign keys and a busy timeout."""
        try:
            if self.memory:
                conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            elif self.readonly:
                uri = Path(self.path).resolve().as_uri() + "?mode=ro"
                conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # 32 MiB of page cache (default 2 MiB): an article's 10,000 annotations or 100,000 events
            # stay in memory between reads instead of coming back from the file each time
            conn.execute("PRAGMA cache_size = -32768")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as exc:
            raise errors.StoreError(
                f"{self.path} cannot be opened as a Chronoline database ({exc}). "
                "The file was left untouched; choose another file."
            ) from exc
        return conn

    def _retry_busy(self, step: Callable[[], object]) -> None:
        """Run `step`, again after a pause while it fails only because the file is locked."""
        for attempt in range(OPEN_RETRIES + 1):
            try:
                step()
                return
            except (sqlite3.OperationalError, errors.StoreError) as exc:
                cause = exc if isinstance(exc, sqlite3.OperationalError) else exc.__cause__
                if attempt == OPEN_RETRIES or not (isinstance(cause, sqlite3.OperationalError) and _is_busy(cause)):
                    raise
                time.sleep(0.02 * (attempt + 1))

    def _set_journal(self) -> None:
        """WAL journal and NORMAL sync, set only after the file was accepted (setting WAL rewrites the header)."""
        try:
            if not self.memory:
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def _check_version(self) -> None:
        """Refuse a database written by a newer Chronoline, naming both versions."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - set(KNOWN_MIGRATIONS)
        if version > SCHEMA_VERSION or unknown:
            raise errors.NewerDatabase(
                f"{self.path} was written by a newer Chronoline (database schema {max(version, len(applied))}); "
                f"this version understands schema {SCHEMA_VERSION}. Upgrade Chronoline to open it; "
                "the file was left untouched."
            )
        tables = set(self.db.table_names()) - {"_sqlite_migrations"}
        if tables and not applied:
            raise errors.StoreError(
                f"{self.path} is an SQLite database, but not a Chronoline one. "
                "It was left untouched; choose another file."
            )

    def _migrate(self, existed: bool) -> None:
        """Apply pending migrations, after copying an existing database to a versioned backup."""
        pending = migrations.pending(self.db)
        if not pending:
            if self.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                # killed between the last migration's commit and the version stamp: stamp it now
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            return
        if existed and migrations.applied(self.db):
            old = self.conn.execute("PRAGMA user_version").fetchone()[0]
            self.backup_path = _free_path(f"{self.path}.schema{old}", ".bak")
            try:
                self.conn.execute("VACUUM INTO ?", [str(self.backup_path)])
            except sqlite3.Error as exc:
                raise errors.StoreError(
                    f"{self.path} needs an upgrade, but the backup copy {self.backup_path} could not be "
                    f"written ({exc}); the database was left untouched. Free some space or check the folder."
                ) from exc
        try:
            migrations.apply(self.db)
        except sqlite3.Error as exc:
            if migrations.pending(self.db):
                raise _translate(exc, self.path) from exc
            # another process applied the same migrations at the same moment: nothing left to do
        try:
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def atomic(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """One transaction around several writes (an import of many kinds of rows): all or nothing."""
        return self._write()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
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
            raise _translate(exc, self.path) from exc
        except UnicodeEncodeError as exc:
            raise _unstorable(exc) from exc

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, retried a few times when another connection holds the write lock."""
        for attempt in range(BUSY_RETRIES + 1):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if attempt == BUSY_RETRIES or not _is_busy(exc):
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
        return self._identity is None or _file_identity(self.abs_path) == self._identity

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

    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version`: changes whenever another connection commits."""
        try:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            return -1

    def changed_by_others(self) -> bool:
        """True when another connection (window, process) committed since the last call."""
        version = self.data_version()
        if version < 0:  # closed or unreadable: nothing to reload from
            return False
        changed = version != self._seen_data_version
        self._seen_data_version = version
        return changed

    def _read(self, sql: str, params: tuple | list | dict = ()) -> list[sqlite3.Row]:
        """Run a query and return all rows (sqlite errors become `StoreError`)."""
        try:
            cur = self.conn.execute(sql, params)
            return cur.fetchall()
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        except UnicodeEncodeError as exc:
            raise _unstorable(exc) from exc

    def integrity_ok(self) -> bool:
        """True when `PRAGMA integrity_check` reports ok."""
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _check_file(path: Path) -> None:
    """Refuse directories and files that are not SQLite, before SQLite touches them."""
    if path.is_dir():
        raise errors.StoreError(f"{path} is a folder; give the path of a database file.")
    if path.exists() and path.stat().st_size > 0:
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head != SQLITE_MAGIC:
            raise errors.StoreError(
                f"{path} is not an SQLite database, so Chronoline will not use it. "
                "The file was left untouched; choose another file or a new name."
            )
    elif not path.parent.exists():
        raise errors.StoreError(f"The folder {path.parent} does not exist; create it or choose another place.")


def _free_path(stem: str, suffix: str) -> Path:
    """`stem + suffix`, or `stem-2 + suffix`, … — a name not taken yet (an earlier attempt's backup stays)."""
    candidate, n = Path(stem + suffix), 1
    while candidate.exists():
        n += 1
        candidate = Path(f"{stem}-{n}{suffix}")
    return candidate


def _file_identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file at `path`, None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _is_busy(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


def _writable(path: Path) -> bool:
    """False when the file cannot be written, or has no write permission bit at all.

    The permission bits are checked too because `os.access` says yes to root (and to some
    network file systems) even for a file its owner marked read-only.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def _unstorable(exc: UnicodeEncodeError) -> errors.StoreError:
    """Text SQLite cannot take (a lone UTF-16 surrogate, e.g. from a damaged paste)."""
    bad = exc.object[exc.start:exc.end] if isinstance(exc.object, str) else ""
    return errors.StoreError(
        f"The text contains a character that cannot be stored ({bad.encode('unicode_escape').decode()!s}, "
        "half of a broken character pair); remove it and try again. Nothing was saved.")


def _translate(exc: sqlite3.Error, path: str) -> errors.StoreError:
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
