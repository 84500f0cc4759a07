"""Crash safety: writers killed with SIGKILL at random moments never lose a committed annotation.

A child process annotates as fast as it can and logs each id only after its commit returned; the
parent kills it at a random moment, then checks integrity, that every logged id is there, and that
no annotation is half-written (each is written with its two tags in one transaction).
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from rel_helpers import ForkServer, check_database, logged_ids, new_database

from db.store import Store

KILLS = 50  # through the Store
GUI_KILLS = 6  # through the desk's Workspace (Qt offscreen)


def _kill_rounds(tmp_path: Path, mode: str, rounds: int, fresh_every: int, seed: int) -> dict[str, int]:
    """Fork/kill `rounds` writers, two at a time on two databases; returns the totals."""
    rng = random.Random(seed)
    dbs = [tmp_path / f"{mode}-a.sqlite3", tmp_path / f"{mode}-b.sqlite3"]
    for db in dbs:
        new_database(db)
    totals = {"kills": 0, "lost": 0, "half": 0, "promised": 0, "fresh": 0}
    server = ForkServer()
    try:
        n = 0
        while totals["kills"] < rounds:
            batch = []
            for k, db in enumerate(dbs):
                n += 1
                fresh = bool(fresh_every) and n % fresh_every == 0
                if fresh:  # killed while creating a brand-new database (schema, first article)
                    db = tmp_path / f"{mode}-fresh-{n}.sqlite3"
                log = db.with_suffix(".log")
                batch.append((server.start(db, log, mode, label=f"{mode}{k}"), db, log, fresh))
            started = time.monotonic()
            for pid, _db, _log, fresh in batch:
                if not fresh:
                    server.wait_ready(pid)
            ready_at = time.monotonic()
            # each writer dies at its own random moment: creating the file, or mid-stream of writes
            moments = sorted(((started + rng.uniform(0.0, 0.3)) if fresh else (ready_at + rng.uniform(0.0, 0.15)),
                              pid) for pid, _db, _log, fresh in batch)
            for at, pid in moments:
                time.sleep(max(0.0, at - time.monotonic()))
                server.kill(pid)
            for _pid, db, log, fresh in batch:
                totals["kills"] += 1
                totals["fresh"] += fresh
                if fresh and not db.exists():
                    continue
                with Store(db) as store:  # the app opens it again (and finishes a killed creation)
                    assert store.integrity_ok()
                promised = logged_ids(log)
                got = check_database(db, promised)
                totals["lost"] += got["lost"]
                totals["half"] += got["half"]
                totals["promised"] += len(promised)
    finally:
        server.close()
    return totals


@pytest.mark.slow
def test_sigkilled_store_writers_lose_nothing(tmp_path: Path) -> None:
    t = _kill_rounds(tmp_path, "store", KILLS, fresh_every=9, seed=7)
    print(f"\ncrash/store: kills={t['kills']} lost={t['lost']} half_written={t['half']} "
          f"committed_and_checked={t['promised']} killed_while_creating={t['fresh']}")
    assert t["kills"] >= KILLS
    assert t["lost"] == 0 and t["half"] == 0
    assert t["promised"] > 0


@pytest.mark.slow
def test_sigkilled_workspace_writers_lose_nothing(tmp_path: Path) -> None:
    t = _kill_rounds(tmp_path, "workspace", GUI_KILLS, fresh_every=0, seed=11)
    print(f"\ncrash/workspace: kills={t['kills']} lost={t['lost']} half_written={t['half']} "
          f"committed_and_checked={t['promised']}")
    assert t["lost"] == 0 and t["half"] == 0
    assert t["promised"] > 0


def test_a_first_open_killed_mid_migration_opens_next_time(tmp_path: Path) -> None:
    """Killed after sqlite-utils created its migrations table but before m001 committed."""
    import sqlite_utils

    from db.schema import migrations

    db = tmp_path / "half.sqlite3"
    raw = sqlite_utils.Database(db)
    migrations.ensure_migrations_table(raw)
    raw.close()
    with Store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert store.articles.count() == 0


def test_a_first_open_killed_before_the_version_stamp_is_stamped(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "stamp.sqlite3"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 0")
    conn.close()
    with Store(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] >= 1
