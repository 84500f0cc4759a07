"""Upgrades: a database made by the first released schema opens with every row kept (after a backup
copy when a migration is pending); a database from a newer schema is refused without being touched.

Each migration commits on its own (sqlite-utils): a failing one is rolled back, the ones before it in
the same run stay applied, and the backup copy holds the database exactly as it was."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from db import errors
from db.schema import SCHEMA_VERSION
from db.store import Store

FIXTURE = Path(__file__).with_name("fixtures") / "schema1.sqlite3"
USER_TABLES = ("articles", "annotations", "tags", "annotation_tags", "events", "event_sources",
               "suggestion_decisions")


def _rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in USER_TABLES}  # noqa: S608
    finally:
        conn.close()


@pytest.fixture
def schema1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE, target)
    return target


def test_the_fixture_really_is_schema_1() -> None:
    conn = sqlite3.connect(f"{FIXTURE.resolve().as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")] == ["m001_initial"]
    conn.close()


def test_a_schema1_database_opens_with_every_row_kept(schema1_copy: Path) -> None:
    before = _rows(schema1_copy)
    assert sum(map(len, before.values())) > 15
    with Store(schema1_copy) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.integrity_ok()
        if SCHEMA_VERSION > 1:  # today's code has migrations the fixture lacks: backed up first
            assert store.backup_path == Path(f"{schema1_copy}.schema1.bak")
            assert _rows(store.backup_path) == before
        assert store.annotations.get("n1").tags == ("actor", "military")
        assert store.events.get("e1").source_ids == ("n1", "n2")
        assert store.articles.get("a3").title.startswith("Ünïcödé")
        assert [h.article_id for h in store.search.flat("Genève")] == ["a3"]  # the FTS index came along
    assert _rows(schema1_copy) == before


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, fn) -> int:  # noqa: ANN001
    """Pretend the code has one more migration (test-only), as the next release will; returns its version."""
    from sqlite_utils.migrations import Migrations

    import db.schema
    import db.store

    future = Migrations(db.schema.MIGRATION_SET)
    for m in db.schema.registered(db.schema.migrations):
        future(name=m.name)(m.fn)
    future(name="m999_test_only")(fn)
    names = tuple(m.name for m in db.schema.registered(future))
    monkeypatch.setattr(db.store, "migrations", future)
    monkeypatch.setattr(db.store, "SCHEMA_VERSION", len(names))
    monkeypatch.setattr(db.store, "KNOWN_MIGRATIONS", names)
    return len(names)


def test_a_pending_migration_runs_after_a_backup_copy(schema1_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def m002(database) -> None:  # noqa: ANN001
        database.execute("ALTER TABLE annotations ADD COLUMN importance INTEGER NOT NULL DEFAULT 0")

    version = _with_extra_migration(monkeypatch, m002)
    before = _rows(schema1_copy)
    with Store(schema1_copy) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == version
        assert store.backup_path == Path(f"{schema1_copy}.schema1.bak")
        cols = [r[1] for r in store.conn.execute("PRAGMA table_info(annotations)")]
        assert "importance" in cols
        assert store.annotations.count() == len(before["annotations"])
    backup = Path(f"{schema1_copy}.schema1.bak")
    assert _rows(backup) == before  # the backup is the untouched schema-1 data
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    after = _rows(schema1_copy)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    print(f"\nupgrade: rows_before={sum(map(len, before.values()))} rows_after={sum(map(len, after.values()))} "
          f"backup={backup.name}")


def test_a_failing_migration_is_rolled_back_and_the_backup_kept(schema1_copy: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def m002(database) -> None:  # noqa: ANN001
        database.execute("ALTER TABLE annotations ADD COLUMN importance INTEGER")
        database.execute("ALTER TABLE no_such_table ADD COLUMN x")  # fails half-way

    _with_extra_migration(monkeypatch, m002)
    before = _rows(schema1_copy)
    with pytest.raises(errors.StoreError):
        Store(schema1_copy)
    assert _rows(schema1_copy) == before
    conn = sqlite3.connect(schema1_copy)
    assert "importance" not in [r[1] for r in conn.execute("PRAGMA table_info(annotations)")]
    conn.close()
    assert _rows(Path(f"{schema1_copy}.schema1.bak")) == before
    monkeypatch.undo()
    with Store(schema1_copy) as store:  # and today's code still opens it
        assert store.annotations.count() == len(before["annotations"])
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_an_upgrade_does_not_trip_over_an_earlier_attempts_backup(schema1_copy: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    stale = Path(f"{schema1_copy}.schema1.bak")
    stale.write_bytes(b"left by an earlier, interrupted upgrade")
    _with_extra_migration(monkeypatch, lambda database: database.execute("CREATE TABLE t999 (x)"))
    with Store(schema1_copy) as store:
        assert store.backup_path == Path(f"{schema1_copy}.schema1-2.bak")
    assert stale.read_bytes() == b"left by an earlier, interrupted upgrade"


@pytest.mark.parametrize("how", ["user_version", "unknown_migration"])
@pytest.mark.parametrize("readonly", [False, True])
def test_a_database_from_a_newer_schema_is_refused_untouched(schema1_copy: Path, how: str,
                                                             readonly: bool) -> None:
    Store(schema1_copy).close()  # bring it to today's schema first
    conn = sqlite3.connect(schema1_copy)
    conn.execute("PRAGMA journal_mode = DELETE")
    if how == "user_version":
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    else:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('chronoline', 'm999_from_the_future', '2030-01-01')")
        conn.commit()
    conn.close()
    folder = sorted(p.name for p in schema1_copy.parent.iterdir())
    raw = schema1_copy.read_bytes()
    with pytest.raises(errors.NewerDatabase, match="newer Chronoline") as info:
        Store(schema1_copy, readonly=readonly)
    assert "left untouched" in str(info.value)
    assert schema1_copy.read_bytes() == raw
    assert sorted(p.name for p in schema1_copy.parent.iterdir()) == folder  # no -wal, no backup
