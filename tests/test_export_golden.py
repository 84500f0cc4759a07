"""Exports stay byte-identical: a fixed database exported to CSV (fast and exact paths, Excel
variant), events CSV and W3C JSON, compared with files written before the Store was recomposed.

Regenerate the files only for an intended change of an export format:
`CHRONOLINE_WRITE_GOLDEN=1 pytest tests/test_export_golden.py`.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import pytest

from db.export import ANNOTATION_COLUMNS, export_annotations, export_events, write_csv
from db.export_w3c import export_w3c
from db.models import PartialDate
from db.store import Store

GOLDEN = Path(__file__).parent / "data" / "export_golden"
STAMP = "2024-07-01T12:00:00.000Z"
TEXT_A = ("The army moved north on Monday. Officials said the operation — approved on 22 June 2024 — "
          "would last weeks. “=SUM(A1)” read a sign; another said +1, -2, @home.\nSecond line, with a, comma.")
TEXT_B = "Ceasefire talks resumed in Doha in July 2024; négociateurs 🕊 met again in 2009–2017 terms."
TEXT_C = "An undated note about the border crossing and the \"quoted\" word."


def _build(path: Path) -> Store:
    store = Store(path)
    day = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day", "24 June 2024")
    month = PartialDate(date(2024, 7, 1), date(2024, 7, 31), "month", "July 2024")
    span = PartialDate(date(2009, 1, 1), date(2017, 12, 31), "span", "2009–2017")
    year = PartialDate(date(2023, 1, 1), date(2023, 12, 31), "year", "2023")
    store.articles.add("Operation begins", TEXT_A, source="Wire", published=day, article_id="art-a")
    store.articles.add("Talks, again", TEXT_B, source="Desk; Doha", published=month, article_id="art-b")
    store.articles.add("Undated", TEXT_C, article_id="art-c")
    store.articles.add("Year piece", "Only a year is known for this one.", published=year, article_id="art-d")
    store.tags.ensure("Army", "#0072B2")
    store.tags.ensure("Talks")
    rows = [
        {"id": "ann-1", "article_id": "art-a", "start": 4, "end": 8, "exact": "army", "prefix": "The ",
         "suffix": " moved", "note": "first\nsecond line", "tags": ["Army", "North"], "author": "ana"},
        {"id": "ann-2", "article_id": "art-a", "start": 97, "end": 108, "exact": TEXT_A[97:108], "note": "=cmd|x",
         "color": "#D55E00", "author": "ana"},
        {"id": "ann-3", "article_id": "art-a", "start": 0, "end": 3, "exact": "The", "note": "'=already quoted",
         "tags": ["Talks"], "color": "", "author": "bo"},
        {"id": "ann-4", "article_id": "art-b", "start": 0, "end": 9, "exact": "Ceasefire", "note": "a, \"b\"",
         "tags": ["Talks", "Army"], "author": "bo"},
        {"id": "ann-5", "article_id": "art-b", "start": 60, "end": 62, "exact": TEXT_B[60:62], "author": "bo"},
        {"id": "ann-6", "article_id": "art-c", "start": 3, "end": 10, "exact": TEXT_C[3:10], "note": "-minus",
         "author": "cy"},
    ]
    for r in rows:
        r.update(created=STAMP, modified=STAMP)
    store.annotations.add_many(rows)
    store.events.add("Operation approved", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024"),
                    source_ids=["ann-1", "ann-2"], category="Policy", description="desc, with comma",
                    event_id="ev-1")
    store.events.add("Talks resume", month, source_ids=["ann-4"], category="Diplomacy", event_id="ev-2")
    store.events.add("Long period", span, source_ids=["ann-1"], event_id="ev-3")
    store.events.add("+Unsourced", year, description="=formula?", event_id="ev-4")
    with store.atomic() as conn:
        conn.execute("UPDATE events SET created = ?, modified = ?", [STAMP, STAMP])
    return store


def _outputs(store: Store, tmp: Path) -> dict[str, bytes]:
    export_annotations(store, tmp / "annotations.csv")
    export_annotations(store, tmp / "annotations_excel.csv", excel=True)
    write_csv(tmp / "annotations_exact.csv", ANNOTATION_COLUMNS, store.rows.annotations())
    export_events(store, tmp / "events.csv")
    export_w3c(store, tmp / "annotations_w3c.json")
    out = {name: (tmp / name).read_bytes() for name in
           ("annotations.csv", "annotations_excel.csv", "annotations_exact.csv", "events.csv",
            "annotations_w3c.json")}
    collection = re.search(rb'"id": "(urn:uuid:[0-9a-f-]+)"', out["annotations_w3c.json"])
    assert collection  # a fresh id per export: the one part not compared
    out["annotations_w3c.json"] = out["annotations_w3c.json"].replace(collection[1], b"urn:uuid:collection")
    return out


@pytest.mark.parametrize("where", ["file", "memory"])
def test_exports_are_byte_identical_to_the_recorded_files(tmp_path, where):
    store = _build(tmp_path / "g.sqlite3" if where == "file" else Path(":memory:"))
    try:
        out = _outputs(store, tmp_path)
    finally:
        store.close()
    if os.environ.get("CHRONOLINE_WRITE_GOLDEN") and where == "file":
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, data in out.items():
            (GOLDEN / name).write_bytes(data)
    for name, data in out.items():
        assert data == (GOLDEN / name).read_bytes(), f"{name} differs from tests/data/export_golden/{name}"
