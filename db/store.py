"""Store(path): the only module family that knows table and column names; returns dataclasses.

Opening checks the file is SQLite and not from a newer Chronoline, backs it up before migrating,
and turns sqlite errors into `db.errors` exceptions with messages fit for a user.

The Store is composed of parts over one connection (`db.store_tx.Tx`): `store.articles`,
`store.annotations`, `store.tags`, `store.events`, `store.decisions`, `store.search`,
`store.agreement`, and the export readers `store.rows` and `store.lines`. The Store itself keeps
only what concerns the whole database (opening, `atomic`, `close`, the file checks).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from db import errors
from db.schema import KNOWN_MIGRATIONS, SCHEMA_VERSION, migrations
from db.store_agreement import Agreement
from db.store_annotations import Annotations
from db.store_articles import Articles
from db.store_decisions import Decisions
from db.store_events import Events
from db.store_lines import ExportLines
from db.store_rows import ExportRows
from db.store_search import Search
from db.store_tags import Tags
from db.store_tx import Tx, is_busy, translate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
OPEN_RETRIES = 30  # extra attempts at the set-up of a file another process is setting up too
MIGRATE_RETRIES = 10  # extra attempts at migrations another process is applying at the same moment


class Store:
    """A Chronoline database, composed of its parts over one connection. Every write runs in its own transaction."""

    def __init__(self, path: str | os.PathLike[str] = ":memory:", *, readonly: bool = False,
                 seed: bool = False) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        self.backup_path: Path | None = None
        existed = self.memory is False and Path(self.path).exists() and Path(self.path).stat().st_size > 0
        if not self.memory:
            _check_file(Path(self.path))
            if existed and not _writable(Path(self.path)):
                readonly = True
            if not existed and readonly:
                raise errors.StoreError(f"{self.path} does not exist, and a read-only open cannot create it.")
        self.tx = Tx(self._connect(readonly), self.path, readonly=readonly)
        self.conn, self.db, self.abs_path = self.tx.conn, self.tx.db, self.tx.abs_path
        self.tags = Tags(self.tx)
        self.articles = Articles(self.tx)
        self.annotations = Annotations(self.tx, articles=self.articles, tags=self.tags)
        self.events = Events(self.tx)
        self.decisions = Decisions(self.tx)
        self.search = Search(self.tx)
        self.agreement = Agreement(self.tx)
        self.rows = ExportRows(self.tx)
        self.lines = ExportLines(self.tx)
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
    @property
    def readonly(self) -> bool:
        """True when the database was opened (or found) read-only: every write is refused."""
        return self.tx.readonly

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        """Open the connection with WAL, foreign keys and a busy timeout."""
        try:
            if self.memory:
                conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            elif readonly:
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
                if attempt == OPEN_RETRIES or not (isinstance(cause, sqlite3.OperationalError) and is_busy(cause)):
                    raise
                time.sleep(0.02 * (attempt + 1))

    def _set_journal(self) -> None:
        """WAL journal and NORMAL sync, set only after the file was accepted (setting WAL rewrites the header)."""
        try:
            if not self.memory:
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def _check_version(self) -> None:
        """Refuse a database written by a newer Chronoline, naming both versions."""
        # the tables first: another process setting up the same new file commits its tables together with
        # their migration record, so tables seen before the records are never mistaken for a foreign file
        tables = set(self.db.table_names()) - {"_sqlite_migrations"}
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - set(KNOWN_MIGRATIONS)
        if version > SCHEMA_VERSION or unknown:
            raise errors.NewerDatabase(
                f"{self.path} was written by a newer Chronoline (database schema {max(version, len(applied))}); "
                f"this version understands schema {SCHEMA_VERSION}. Upgrade Chronoline to open it; "
                "the file was left untouched."
            )
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
        self._apply_migrations()
        try:
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def _apply_migrations(self) -> None:
        """Apply what is pending; when another process is applying the same migrations at the same
        moment (its migrations table or tables appear under us), wait for it and take what is left."""
        for attempt in range(MIGRATE_RETRIES + 1):
            try:
                migrations.apply(self.db)
                return
            except sqlite3.Error as exc:
                if not migrations.pending(self.db):
                    return  # the other process applied them all: nothing left to do
                if attempt == MIGRATE_RETRIES:
                    raise translate(exc, self.path) from exc
                time.sleep(0.05 * (attempt + 1))

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
        return self.tx.write()

    def same_file(self) -> bool:
        """True while the path still names the file this store opened (or the store is in memory)."""
        return self.tx.same_file()

    def rescue_copy(self) -> Path | None:
        """Copy what this connection sees to a new file beside the database path; None on failure."""
        return self.tx.rescue_copy()

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
