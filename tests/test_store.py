"""Storage: migrations, pragmas, ids, timestamps, and databases that must be refused untouched."""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from datetime import date
from pathlib import Path

import pytest

from db import errors
from db.models import PartialDate
from db.store import Store
from tests.conftest import SAMPLE_TEXT

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def test_a_new_database_has_every_table_and_the_current_schema_version(store):
    from db.schema import SCHEMA_VERSION

    tables = set(store.db.table_names())
    assert {"articles", "annotations", "tags", "annotation_tags", "events", "event_sources"} <= tables
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.integrity_ok()


def test_foreign_keys_and_busy_timeout_are_on(store):
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_a_file_database_uses_the_wal_journal(file_store):
    assert file_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_a_database_applies_no_migration_and_keeps_the_data(db_path):
    with Store(db_path) as s:
        art = s.articles.add("Kept", SAMPLE_TEXT)
    with Store(db_path) as s:
        assert s.backup_path is None
        assert s.articles.get(art.id).text == SAMPLE_TEXT
    assert not list(db_path.parent.glob("*.bak"))


def test_ids_are_uuids_and_timestamps_are_utc_iso_8601(store, article):
    ann = store.annotations.add(article.id, 4, 8, note="n", tags=["Army"])
    for rec in (article, ann):
        assert uuid.UUID(rec.id).version == 4
        assert ISO_UTC.match(rec.created) and ISO_UTC.match(rec.modified)
    tag = store.tags.all()[0]
    assert uuid.UUID(tag.id)


def test_an_annotation_records_the_os_user_as_author_by_default(store, article, monkeypatch):
    monkeypatch.setattr("db.store_annotations.current_user", lambda: "ayesha")
    assert store.annotations.add(article.id, 0, 3).author == "ayesha"
    assert store.annotations.add(article.id, 4, 8, author="bilal").author == "bilal"


def test_an_article_keeps_its_publication_date_with_precision_and_estimate_flag(store):
    june = PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024", estimate=True)
    art = store.articles.add("T", "Some text.", author="A", source="S", url="https://example.org/a",
                            published=june)
    again = store.articles.get(art.id)
    assert again.published == june
    assert again.published.estimate is True
    assert (again.author, again.source, again.url) == ("A", "S", "https://example.org/a")
    assert len(again.sha256) == 64
    [summary] = store.articles.all()
    assert summary.published.precision == "month" and summary.published.estimate


def test_a_duplicate_text_is_refused_naming_the_existing_article(store, article):
    with pytest.raises(errors.DuplicateArticle) as info:
        store.articles.add("Another title", SAMPLE_TEXT)
    assert info.value.existing_id == article.id
    assert "Operation begins" in str(info.value)
    assert store.articles.count() == 1


def test_deleting_an_article_deletes_its_annotations(store, article):
    store.annotations.add(article.id, 0, 3)
    store.articles.delete(article.id)
    assert store.annotations.count() == 0


def test_a_failed_write_leaves_nothing_behind(store, article):
    rows = [{"article_id": article.id, "start": 0, "end": 3, "exact": "The"},
            {"article_id": "no-such-article", "start": 0, "end": 3, "exact": "The"}]
    with pytest.raises(errors.StoreError):
        store.annotations.add_many(rows)
    assert store.annotations.count() == 0


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    p = tmp_path / "notes.sqlite3"
    p.write_bytes(b"Shopping list: milk, eggs\n" * 100)
    before = p.read_bytes()
    with pytest.raises(errors.StoreError, match="not an SQLite database"):
        Store(p)
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_an_sqlite_database_of_another_program_is_refused_and_left_untouched(tmp_path):
    p = tmp_path / "other.db"
    with sqlite3.connect(p) as c:
        c.execute("CREATE TABLE things (a)")
    before = p.read_bytes()
    with pytest.raises(errors.StoreError, match="not a Chronoline one"):
        Store(p)
    assert p.read_bytes() == before


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(errors.StoreError, match="folder"):
        Store(tmp_path)


def _make_newer(path: Path) -> None:
    with Store(path) as s:
        s.articles.add("From the future", SAMPLE_TEXT)
    c = sqlite3.connect(path)
    c.execute("PRAGMA journal_mode = DELETE")
    c.execute("PRAGMA user_version = 7")
    c.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
              "VALUES ('chronoline', 'm007_future', '2030-01-01')")
    c.commit()
    c.close()


def test_a_database_from_a_newer_chronoline_is_refused_naming_both_versions_and_untouched(db_path):
    from db.schema import SCHEMA_VERSION

    _make_newer(db_path)
    before = db_path.read_bytes()
    with pytest.raises(errors.NewerDatabase) as info:
        Store(db_path)
    msg = str(info.value)
    assert "schema 7" in msg and f"schema {SCHEMA_VERSION}" in msg
    assert db_path.read_bytes() == before


def test_a_read_only_database_can_be_read_but_refuses_writes_clearly(db_path):
    with Store(db_path) as s:
        art = s.articles.add("Locked", SAMPLE_TEXT)
    os.chmod(db_path, 0o444)
    try:
        before = db_path.read_bytes()
        with Store(db_path) as s:
            assert s.readonly
            assert [a.id for a in s.articles.all()] == [art.id]
            with pytest.raises(errors.ReadOnlyDatabase, match="read-only"):
                s.annotations.add(art.id, 0, 3)
            with pytest.raises(errors.ReadOnlyDatabase):
                s.articles.add("New", "other text")
        assert db_path.read_bytes() == before
    finally:
        os.chmod(db_path, 0o644)


def test_opening_read_only_on_request_refuses_writes(db_path):
    Store(db_path).close()
    with Store(db_path, readonly=True) as s, pytest.raises(errors.ReadOnlyDatabase):
        s.tags.ensure("x")


def test_an_older_database_is_backed_up_before_it_is_migrated(db_path, monkeypatch):
    from sqlite_utils.migrations import Migrations

    import db.schema as schema
    import db.store as store_mod

    with Store(db_path) as s:
        art = s.articles.add("Old", SAMPLE_TEXT)

    newer = Migrations(schema.MIGRATION_SET)
    for m in schema.registered(schema.migrations):
        newer(name=m.name)(m.fn)

    @newer(name="m002_test_column")
    def m002(db) -> None:
        db.execute("ALTER TABLE articles ADD COLUMN language TEXT NOT NULL DEFAULT ''")

    old_version = schema.SCHEMA_VERSION
    monkeypatch.setattr(store_mod, "migrations", newer)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", old_version + 1)
    monkeypatch.setattr(store_mod, "KNOWN_MIGRATIONS", tuple(m.name for m in schema.registered(newer)))
    with Store(db_path) as s:
        assert s.backup_path is not None and s.backup_path.exists()
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == old_version + 1
        assert "language" in s.db["articles"].columns_dict
        assert s.articles.get(art.id).title == "Old"
        backup = s.backup_path
    with sqlite3.connect(backup) as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == old_version
        assert c.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        cols = [r[1] for r in c.execute("PRAGMA table_info(articles)")]
        assert "language" not in cols


def test_a_batch_insert_is_indexed_for_full_text_search_like_single_inserts(store, article):
    store.annotations.add_many([{"article_id": article.id, "start": 4, "end": 8, "exact": "army",
                            "note": "Protesters gathered"}])
    store.annotations.add(article.id, 0, 3, note="strikes continued")
    hits = store.conn.execute("SELECT rowid FROM annotations_fts WHERE annotations_fts MATCH 'protest OR strike'")
    assert len(hits.fetchall()) == 2
    assert store.conn.execute("SELECT active FROM _bulk").fetchone()[0] == 0


def test_a_database_in_a_missing_folder_is_refused_with_the_folder_named(tmp_path):
    with pytest.raises(errors.StoreError, match="does not exist"):
        Store(tmp_path / "nowhere" / "x.sqlite3")


def test_annotations_keep_tags_in_order_and_a_tag_gets_a_colour(store, article):
    ann = store.annotations.add(article.id, 0, 3, tags=["Zeta", "alpha", "Zeta"])
    assert ann.tags == ("Zeta", "alpha")
    assert all(t.color.startswith("#") for t in store.tags.all())


def test_a_selection_outside_the_article_is_refused(store, article):
    with pytest.raises(errors.QuoteError):
        store.annotations.add(article.id, 5, 5)
    with pytest.raises(errors.QuoteError):
        store.annotations.add(article.id, 0, len(SAMPLE_TEXT) + 1)


def test_list_counts_annotations_per_article(store, article):
    other = store.articles.add("Second", "Another report entirely.")
    store.annotations.add_many([{"article_id": article.id, "start": i, "end": i + 1, "exact": SAMPLE_TEXT[i]}
                           for i in range(5)])
    counts = {a.id: a.annotation_count for a in store.articles.all()}
    assert counts == {article.id: 5, other.id: 0}


def test_a_new_database_can_be_seeded_with_the_sample_corpus(db_path):
    with Store(db_path, seed=True) as s:
        assert s.articles.count() == 5
    with Store(db_path, seed=True) as s:
        assert s.articles.count() == 5


def test_an_annotation_is_drawn_in_its_own_colour_else_its_first_coloured_tag_else_the_default():
    from db.store_tags import DEFAULT_COLOR, annotation_color

    colors = {"army": "#0072B2", "talks": "#CC79A7"}
    assert annotation_color("#E69F00", ("army",), colors) == "#E69F00"
    assert annotation_color("", ("unknown", "talks", "army"), colors) == "#CC79A7"
    assert annotation_color("", ("unknown",), colors) == DEFAULT_COLOR
    assert annotation_color("") == DEFAULT_COLOR


def test_annotating_a_deleted_article_is_refused_even_right_after_reading_its_text():
    store = Store(":memory:")
    art = store.articles.add("Report", "The bridge reopened on 3 May 2024.")
    store.annotations.add(art.id, 0, 10)  # its text is now the one kept
    store.articles.delete(art.id)
    with pytest.raises(errors.NotFound):
        store.annotations.add(art.id, 0, 10)


def test_annotating_an_article_deleted_by_another_connection_is_refused_as_not_found(tmp_path):
    path = tmp_path / "shared.sqlite3"
    store = Store(path)
    art = store.articles.add("Report", "The bridge reopened on 3 May 2024.")
    store.annotations.add(art.id, 0, 10)  # its text is now the one kept
    with Store(path) as other:
        other.articles.delete(art.id)
    with pytest.raises(errors.NotFound):
        store.annotations.add(art.id, 0, 10)
    store.close()
