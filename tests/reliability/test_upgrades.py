"""Upgrades: a database made by the first released schema opens with every row kept (after a backup
copy when a migration is pending); a database from a newer schema is refused without being touched."""

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
        assert store.schema_version == SCHEMA_VERSION
        assert store.integrity_ok()
        assert store.annotation("n1").tags == ("actor", "military")
        assert store.event("e1").source_ids == ("n1", "n2")
        assert store.article("a3").title.startswith("Ünïcödé")
        assert [h.article_id for h in store.search("Genève")] == ["a3"]  # the FTS index came along
    assert _rows(schema1_copy) == before


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, fn) -> None:  # noqa: ANN001
    """Pretend the code has a second migration (test-only), as the next release will."""
    from sqlite_utils.migrations import Migrations

    import db.schema
    import db.store

    future = Migrations(db.schema.MIGRATION_SET)
    future(name="m001_initial")(db.schema.m001_initial)
    future(name="m002_test_only")(fn)
    monkeypatch.setattr(db.store, "migrations", future)
    monkeypatch.setattr(db.store, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(db.store, "KNOWN_MIGRATIONS", ("m001_initial", "m002_test_only"))


def test_a_pending_migration_runs_after_a_backup_copy(schema1_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def m002(database) -> None:  # noqa: ANN001
        database.execute("ALTER TABLE annotations ADD COLUMN importance INTEGER NOT NULL DEFAULT 0")

    _with_extra_migration(monkeypatch, m002)
    before = _rows(schema1_copy)
    with Store(schema1_copy) as store:
        assert store.schema_version == 2
        assert store.backup_path == Path(f"{schema1_copy}.schema1.bak")
        cols = [r[1] for r in store.conn.execute("PRAGMA table_info(annotations)")]
        assert "importance" in cols
        assert store.annotation_count() == len(before["annotations"])
    backup = Path(f"{schema1_copy}.schema1.bak")
    assert _rows(backup) == before  # the backup is the untouched schema-1 data
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()
    after = _rows(schema1_copy)
    assert {t: len(r) for t, r in after.items()} == {t: len(r) for t, r in before.items()}
    print(f"\nupgrade: rows_before={sum(map(len, before.values()))} rows_after={sum(map(len, after.values()))} "
          f"backup={backup.name}")


def test_a_failing_migration_leaves_the_database_as_it_was(schema1_copy: Path,
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
    monkeypatch.undo()
    with Store(schema1_copy) as store:  # and today's code still opens it
        assert store.annotation_count() == len(before["annotations"])


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
