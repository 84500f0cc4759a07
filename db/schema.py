"""Database schema as sqlite-utils Migrations. A shipped migration is never edited, only added to."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "chronoline"
migrations = Migrations(MIGRATION_SET)


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    """Articles, annotations, tags, events, their links, and full-text search."""
    db.execute(
        """
        CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            published_start TEXT,
            published_end TEXT,
            published_precision TEXT,
            published_text TEXT NOT NULL DEFAULT '',
            published_estimate INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            encoding TEXT NOT NULL DEFAULT 'utf-8',
            filename TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE annotations (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            color TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'exact',
            created TEXT NOT NULL,
            modified TEXT NOT NULL,
            CHECK (start >= 0 AND "end" >= start)
        )"""
    )
    db.execute("CREATE INDEX annotations_article ON annotations(article_id, start)")
    db.execute(
        """
        CREATE TABLE tags (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            color TEXT NOT NULL,
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE annotation_tags (
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (annotation_id, tag_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id)")
    db.execute(
        """
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            date_text TEXT NOT NULL DEFAULT '',
            start TEXT NOT NULL,
            "end" TEXT NOT NULL,
            precision TEXT NOT NULL,
            category TEXT NOT NULL DEFAULT 'Other',
            expression TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            modified TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX events_start ON events(start)")
    db.execute(
        """
        CREATE TABLE event_sources (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (event_id, annotation_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX event_sources_annotation ON event_sources(annotation_id)")
    db.execute(
        """
        CREATE TABLE suggestion_decisions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
            event_id TEXT,
            modified TEXT NOT NULL,
            PRIMARY KEY (article_id, start, "end")
        ) WITHOUT ROWID"""
    )
    _create_fts(db)


def _create_fts(db: Database) -> None:
    """Full-text indexes over article text and annotation quotes/notes, kept in step by triggers."""
    db.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5("
        "title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61')"
    )
    db.execute(
        "CREATE VIRTUAL TABLE annotations_fts USING fts5("
        "exact, note, content='annotations', content_rowid='rowid', tokenize='porter unicode61')"
    )
    for table, cols in (("articles", ("title", "text")), ("annotations", ("exact", "note"))):
        names = ", ".join(cols)
        new = ", ".join(f"new.{c}" for c in cols)
        old = ", ".join(f"old.{c}" for c in cols)
        fts = f"{table}_fts"
        db.execute(
            f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "  # noqa: S608 - fixed names
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "  # noqa: S608 - fixed names
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_au AFTER UPDATE OF {names} ON {table} BEGIN "  # noqa: S608 - fixed names
            f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
            f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END"
        )


@migrations(name="m002_bulk_annotation_fts")
def m002_bulk_annotation_fts(db: Database) -> None:
    """Let batch inserts fill the annotation full-text index in one statement.

    Indexing row by row from the insert trigger made 100,000 annotations take ~3 s longer than
    indexing them with one INSERT … SELECT. While `_bulk.active` is 1 (only ever inside the
    batch's own transaction) the trigger stands aside and the batch indexes its rows itself.
    """
    db.execute("CREATE TABLE _bulk (id INTEGER PRIMARY KEY CHECK (id = 1), active INTEGER NOT NULL DEFAULT 0)")
    db.execute("INSERT INTO _bulk (id, active) VALUES (1, 0)")
    db.execute("DROP TRIGGER annotations_ai")
    db.execute(
        "CREATE TRIGGER annotations_ai AFTER INSERT ON annotations "
        "WHEN (SELECT active FROM _bulk WHERE id = 1) = 0 BEGIN "
        "INSERT INTO annotations_fts(rowid, exact, note) VALUES (new.rowid, new.exact, new.note); END"
    )


_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


@migrations(name="m003_merge_bookkeeping")
def m003_merge_bookkeeping(db: Database) -> None:
    """Tombstones for deletions, the last merged version of each item, and kept conflict versions.

    A merge of another analyst's database (db/merge.py) carries deletions by tombstone; triggers
    write one whenever an article (by text hash), annotation, tag, event or suggestion decision is
    deleted, and clear it when the item is inserted again (undo, or a merge keeping a later edit).
    """
    db.execute("CREATE TABLE tombstones (kind TEXT NOT NULL, id TEXT NOT NULL, deleted_at TEXT NOT NULL, "
               "PRIMARY KEY (kind, id)) WITHOUT ROWID")
    db.execute("CREATE TABLE merge_base (kind TEXT NOT NULL, id TEXT NOT NULL, modified TEXT NOT NULL, "
               "hash TEXT NOT NULL, peer TEXT NOT NULL DEFAULT '', PRIMARY KEY (kind, id)) WITHOUT ROWID")
    db.execute(
        """
        CREATE TABLE merge_conflicts (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            item_id TEXT NOT NULL,
            other_hash TEXT NOT NULL,
            current TEXT NOT NULL,
            other TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            merged_at TEXT NOT NULL,
            UNIQUE (kind, item_id, other_hash)
        )"""
    )
    for kind, table, key in (("annotation", "annotations", "id"), ("event", "events", "id"),
                             ("tag", "tags", "id"), ("article", "articles", "sha256")):
        db.execute(
            f"CREATE TRIGGER {table}_tombstone AFTER DELETE ON {table} BEGIN "  # noqa: S608 - fixed names
            f"INSERT OR REPLACE INTO tombstones (kind, id, deleted_at) VALUES ('{kind}', old.{key}, {_NOW}); END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_untombstone AFTER INSERT ON {table} BEGIN "  # noqa: S608 - fixed names
            f"DELETE FROM tombstones WHERE kind = '{kind}' AND id = new.{key}; END"
        )
    decision = ("(SELECT sha256 FROM articles WHERE id = {row}.article_id) || ':' || {row}.start || ':' "
                "|| {row}.\"end\"")
    db.execute(
        "CREATE TRIGGER suggestion_decisions_tombstone AFTER DELETE ON suggestion_decisions "  # noqa: S608
        "WHEN EXISTS (SELECT 1 FROM articles WHERE id = old.article_id) BEGIN "
        f"INSERT OR REPLACE INTO tombstones (kind, id, deleted_at) VALUES ('decision', {decision.format(row='old')}, "
        f"{_NOW}); END"
    )
    db.execute(
        "CREATE TRIGGER suggestion_decisions_untombstone AFTER INSERT ON suggestion_decisions BEGIN "  # noqa: S608
        f"DELETE FROM tombstones WHERE kind = 'decision' AND id = {decision.format(row='new')}; END"
    )


def registered(migration_set: Migrations) -> list:
    """Every migration of a set, in order: all of them are pending on an empty database (sqlite-utils' public API)."""
    return migration_set.pending(Database(memory=True))


SCHEMA_VERSION = len(registered(migrations))
KNOWN_MIGRATIONS = tuple(m.name for m in registered(migrations))
