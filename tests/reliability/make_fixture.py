"""Make `fixtures/schema1.sqlite3`: a small database written by the first released schema (m001).

Run once with the code of that release and commit the file; never regenerate it with a later schema
(the upgrade test exists to open *old* files). Usage: python tests/reliability/make_fixture.py
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from db.models import PartialDate  # noqa: E402
from db.store import Store  # noqa: E402

TARGET = Path(__file__).with_name("fixtures") / "schema1.sqlite3"
ARTICLES = [
    ("a1", "Operation begins", "The army said on Monday that the operation began in North Waziristan. "
     "Officials said the strikes targeted hideouts near the border.\n", date(2014, 6, 16)),
    ("a2", "Minister defends strikes", "On Tuesday the minister defended the strikes in parliament, "
     "saying the operation would continue until the militants were defeated.\n", date(2014, 6, 17)),
    ("a3", "Ünïcödé — “quotes” & 'apostrophes'", "Résumé: 3 days of talks in Genève ended on 20 June; "
     "=SUM(A1) stays text. 日本語の文も。\n", None),
]


def main() -> int:
    TARGET.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{TARGET}{suffix}").unlink(missing_ok=True)
    with Store(TARGET) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 1, "the fixture must be written by schema 1"
        for aid, title, text, day in ARTICLES:
            published = PartialDate(day, day, "day", day.isoformat()) if day else None
            store.articles.add(title, text, source="Fixture wire", author="A. Writer", published=published,
                              article_id=aid)
        n1 = store.annotations.add("a1", 4, 8, note="who said it", tags=["actor", "military"],
                                  annotation_id="n1")
        n2 = store.annotations.add("a1", 26, 32, note="when", tags=["date"], annotation_id="n2")
        n3 = store.annotations.add("a2", 7, 14, note="", tags=["date", "politics"], color="#CC79A7",
                                  annotation_id="n3")
        store.annotations.add("a3", 0, 6, note="Ünïcödé note", tags=["unicode"], annotation_id="n4")
        store.events.add("Operation begins", PartialDate(date(2014, 6, 15), date(2014, 6, 15), "day", "Sunday"),
                        description="Start of the offensive", category="Military",
                        source_ids=[n1.id, n2.id], event_id="e1")
        store.events.add("Debate in parliament", PartialDate(date(2014, 6, 1), date(2014, 6, 30), "month", "June"),
                        category="Politics", source_ids=[n3.id], event_id="e2")
        store.decisions.decide("a1", 26, 32, "accepted", "e1")
    conn = sqlite3.connect(TARGET)  # one self-contained file: no WAL beside it
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
