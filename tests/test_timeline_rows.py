"""db.timeline_rows: every event as the timeline's columns, the fast path and the row-by-row path alike."""

from __future__ import annotations

from datetime import date

import pytest

from db.store import Store
from db.timeline_rows import PRECISION_CODES, SEP, timeline_columns

EPOCH = date(1970, 1, 1).toordinal()


def _day(iso: str) -> float:
    return float(date.fromisoformat(iso).toordinal() - EPOCH)


@pytest.fixture()
def conn(tmp_path):
    """A database with two articles, three annotations (two tagged) and five events, by plain SQL."""
    store = Store(tmp_path / "t.sqlite3")
    c = store.conn
    for aid, title in (("a1", "First report"), ("a2", "Second report")):
        c.execute("INSERT INTO articles (id, title, text, sha256, created, modified) VALUES (?, ?, 'text', ?, '', '')",
                  [aid, title, aid])
    for nid, aid in (("n1", "a1"), ("n2", "a2"), ("n3", "a2")):
        c.execute('INSERT INTO annotations (id, article_id, start, "end", exact, created, modified) '
                  "VALUES (?, ?, 0, 4, 'text', '', '')", [nid, aid])
    for tid, name in (("t1", "Attack"), ("t2", "Policy")):
        c.execute("INSERT INTO tags (id, name, color, created, modified) VALUES (?, ?, '#888', '', '')", [tid, name])
    c.executemany("INSERT INTO annotation_tags (annotation_id, tag_id, position) VALUES (?, ?, ?)",
                  [("n2", "t2", 0), ("n2", "t1", 1), ("n3", "t1", 0)])
    events = [  # id, title, start, end, precision, category, date_text
        ("e1", "Ceasefire announced", "2024-06-22", "2024-06-22", "day", "Diplomacy", "22 June 2024"),
        ("e2", "Offensive", "2023-01-01", "2023-12-31", "year", "Operation", "2023"),
        ("e3", "Talks", "2024-06-22", "2024-06-22", "day", "Diplomacy", ""),
        ("e4", "Old treaty", "1815-06-09", "1815-06-09", "day", "Policy", "9 June 1815"),
        ("e5", "Unknown kind", "2024-07-01", "2024-07-31", "fortnight", "Other", "July"),
    ]
    c.executemany('INSERT INTO events (id, title, date_text, start, "end", precision, category, created, modified) '
                  "VALUES (?, ?, ?, ?, ?, ?, ?, '', '')", [(e[0], e[1], e[6], e[2], e[3], e[4], e[5]) for e in events])
    c.executemany("INSERT INTO event_sources (event_id, annotation_id, position) VALUES (?, ?, ?)",
                  [("e1", "n3", 1), ("e1", "n2", 0), ("e2", "n1", 0)])
    yield c
    store.close()


def _by_id(cols: dict) -> dict[str, tuple]:
    names = ("titles", "start", "end", "precision", "categories", "date_labels", "sources")
    return {eid: tuple(cols[n][i] for n in names) for i, eid in enumerate(cols["ids"])}


def test_every_event_becomes_one_entry_of_each_column(conn):
    cols = timeline_columns(conn)
    assert _by_id(cols) == {
        "e1": ("Ceasefire announced", _day("2024-06-22"), _day("2024-06-23"), 0, "Diplomacy", "22 June 2024", 2),
        "e2": ("Offensive", _day("2023-01-01"), _day("2024-01-01"), 2, "Operation", "2023", 1),
        "e3": ("Talks", _day("2024-06-22"), _day("2024-06-23"), 0, "Diplomacy", "", 0),
        "e4": ("Old treaty", _day("1815-06-09"), _day("1815-06-10"), 0, "Policy", "9 June 1815", 0),
        "e5": ("Unknown kind", _day("2024-07-01"), _day("2024-08-01"), 0, "Other", "July", 0),  # unknown: day
    }
    assert cols["first_articles"] is None and cols["first_tags"] is None


def test_the_first_source_gives_the_article_and_its_first_tag(conn):
    cols = timeline_columns(conn, with_first_source=True)
    firsts = dict(zip(cols["ids"], zip(cols["first_articles"], cols["first_tags"], strict=True), strict=True))
    # e1's sources by position: n2 (article a2, tags Policy then Attack) before n3
    assert firsts == {"e1": ("a2", "Policy"), "e2": ("a1", ""), "e3": ("", ""), "e4": ("", ""), "e5": ("", "")}


def test_a_title_holding_the_separator_reads_the_same_row_by_row(conn):
    fast = timeline_columns(conn, with_first_source=True)
    conn.execute("UPDATE events SET title = ? WHERE id = 'e3'", [f"Talks{SEP}resumed"])
    slow = timeline_columns(conn, with_first_source=True)
    assert _by_id(slow)["e3"][0] == f"Talks{SEP}resumed"
    fast["titles"][fast["ids"].index("e3")] = f"Talks{SEP}resumed"
    assert _by_id(slow) == _by_id(fast)
    assert sorted(zip(slow["ids"], slow["first_articles"], slow["first_tags"], strict=True)) == \
        sorted(zip(fast["ids"], fast["first_articles"], fast["first_tags"], strict=True))


def test_an_empty_database_gives_empty_columns(tmp_path):
    with Store(tmp_path / "empty.sqlite3") as store:
        cols = timeline_columns(store.conn, with_first_source=True)
    assert all(len(cols[n]) == 0 for n in ("ids", "titles", "start", "end", "precision", "categories",
                                           "date_labels", "sources", "first_articles", "first_tags"))


def test_precision_codes_are_the_timelines():
    from desktop.timeline.items import PRECISIONS

    assert tuple(PRECISIONS) == PRECISION_CODES
