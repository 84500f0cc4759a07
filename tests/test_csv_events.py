"""CSV details of issue 15: canonical event dates with ISO ends, the colour a row is drawn in, and
`import-annotations` carrying events back so a round trip through an empty database gives the same rows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from db import errors
from db.csv_import import import_annotations_csv
from db.dates import parse_date
from db.export import ANNOTATION_COLUMNS, export_annotations, export_events, write_csv
from db.store import Store
from tests.conftest import SAMPLE_TEXT

SECOND = "Another report says the talks between 2009 and 2017 failed, and strikes resumed in June 2024.\n"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _both_paths(store: Store, tmp_path: Path) -> tuple[list[dict], list[dict]]:
    export_annotations(store, tmp_path / "fast.csv")
    write_csv(tmp_path / "exact.csv", ANNOTATION_COLUMNS, store.rows.annotations())
    return _rows(tmp_path / "fast.csv"), _rows(tmp_path / "exact.csv")


def _project(store: Store) -> dict[str, str]:
    """Two articles with tagged, coloured and plain annotations, and events citing them."""
    a = store.articles.add("Operation begins", SAMPLE_TEXT, source="Wire")
    b = store.articles.add("Talks", SECOND, source="Daily")
    army = store.annotations.add(a.id, 4, 8, note="who", tags=["Army", "Actors"], author="ayesha")
    own = store.annotations.add(a.id, 40, 60, tags=["Army"], color="#123456", author="bilal")
    plain = store.annotations.add(a.id, 70, 80, note="=1+1")
    talks = store.annotations.add(b.id, SECOND.index("talks"), SECOND.index("talks") + 5, tags=["Talks"])
    store.tags.recolor(store.tags.by_name("Army").id, "#AA0000")
    span = store.events.add("Talks held", parse_date("between 2009 and 2017"), source_ids=[talks.id, army.id],
                           category="Diplomacy", description="long talks")
    store.events.add("Strikes resume", parse_date("June 2024"), source_ids=[army.id])
    store.events.add("Same span typed otherwise", parse_date("2009-2017"), source_ids=[plain.id])
    return {"army": army.id, "own": own.id, "plain": plain.id, "talks": talks.id, "span": span.id}


def test_event_dates_are_canonical_labels_with_iso_ends_on_both_export_paths(store, tmp_path):
    ids = _project(store)
    for rows in _both_paths(store, tmp_path):
        by_id = {r["annotation_id"]: r for r in rows}
        assert by_id[ids["plain"]]["event_dates"] == "2009–2017"  # typed "2009-2017"
        talks = by_id[ids["talks"]]
        assert talks["event_dates"] == "2009–2017"  # typed "between 2009 and 2017"
        assert (talks["event_start"], talks["event_end"]) == ("2009-01-01", "2017-12-31")
        army = by_id[ids["army"]]
        assert army["event_ids"].count(";") == army["event_dates"].count(";") == army["event_start"].count(";") == 1
        assert set(army["event_dates"].split(";")) == {"2009–2017", "June 2024"}
        assert "2024-06-30" in army["event_end"].split(";")


def test_color_is_what_the_reading_pane_draws_on_both_export_paths(store, tmp_path):
    ids = _project(store)
    fast, exact = _both_paths(store, tmp_path)
    assert fast == exact
    by_id = {r["annotation_id"]: r for r in fast}
    assert by_id[ids["army"]]["color"] == "#AA0000"  # first tag's colour, after a recolour
    assert by_id[ids["own"]]["color"] == "#123456"  # its own colour wins
    assert by_id[ids["plain"]]["color"] == ""  # untagged, no colour of its own


def _empty_with_articles(source: Store) -> Store:
    """A new database holding the same texts under new ids, as if the files were imported again."""
    twin = Store(":memory:")
    for summary in source.articles.all():
        a = source.articles.get(summary.id)
        twin.articles.add(a.title, a.text, source=a.source)
    return twin


def test_export_import_export_gives_the_same_rows_apart_from_article_ids(store, tmp_path):
    _project(store)
    export_annotations(store, tmp_path / "first.csv")
    twin = _empty_with_articles(store)
    res = import_annotations_csv(twin, tmp_path / "first.csv")
    assert (res.added, res.events_added) == (4, 3)
    export_annotations(twin, tmp_path / "second.csv")
    first, second = _rows(tmp_path / "first.csv"), _rows(tmp_path / "second.csv")
    for row in first + second:
        row.pop("article_id")  # the documented difference: ids of the database the articles live in
    # (and with them the order of the articles' groups of rows)
    assert sorted(second, key=lambda r: r["annotation_id"]) == sorted(first, key=lambda r: r["annotation_id"])


def test_recreated_events_keep_ids_dates_precision_and_sources(store, tmp_path):
    ids = _project(store)
    export_annotations(store, tmp_path / "a.csv")
    twin = _empty_with_articles(store)
    import_annotations_csv(twin, tmp_path / "a.csv")
    mine, theirs = store.events.get(ids["span"]), twin.events.get(ids["span"])
    assert (theirs.title, theirs.date.start, theirs.date.end) == (mine.title, mine.date.start, mine.date.end)
    assert theirs.date.precision == "span" and theirs.date.text == "2009–2017"
    assert set(theirs.source_ids) == set(mine.source_ids)
    june = next(e for e in twin.events.all() if e.title == "Strikes resume")
    assert june.date.precision == "month"
    assert twin.tags.by_name("Army").color == "#AA0000"  # a tag the import creates takes the row's colour
    assert twin.annotations.get(ids["army"]).color == ""  # … and the annotation keeps following its tag
    assert twin.annotations.get(ids["own"]).color == "#123456"
    export_events(twin, tmp_path / "e.csv")
    assert {r["event_id"] for r in _rows(tmp_path / "e.csv")} == {e.id for e in store.events.all()}


def test_an_event_already_in_the_database_is_matched_by_id_and_gains_the_sources(store, tmp_path):
    ids = _project(store)
    export_annotations(store, tmp_path / "a.csv")
    twin = _empty_with_articles(store)
    mine = store.events.get(ids["span"])
    twin.events.add("Talks (my wording)", mine.date, event_id=mine.id)
    res = import_annotations_csv(twin, tmp_path / "a.csv")
    assert (res.events_added, res.events_linked) == (2, 1)
    ev = twin.events.get(mine.id)
    assert ev.title == "Talks (my wording)"  # the analyst's own event is not overwritten
    assert set(ev.source_ids) == set(mine.source_ids)
    assert len(twin.events.all()) == 3
    again = import_annotations_csv(twin, tmp_path / "a.csv")
    assert (again.added, again.events_added, again.events_linked) == (0, 0, 0)


def test_a_file_from_before_event_start_and_end_still_carries_its_events(store, tmp_path):
    ids = _project(store)
    export_annotations(store, tmp_path / "a.csv")
    rows = _rows(tmp_path / "a.csv")
    old_columns = [c for c in ANNOTATION_COLUMNS if c not in ("event_start", "event_end")]
    with open(tmp_path / "old.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, old_columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    twin = _empty_with_articles(store)
    assert import_annotations_csv(twin, tmp_path / "old.csv").events_added == 3
    assert twin.events.get(ids["span"]).date.end == date(2017, 12, 31)


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("event_start", "June 2024", "not two ISO dates"),
    ("event_end", "2001-01-01", "ends before it starts"),
    ("event_start", "2024-06-01;2024-06-02", "do not hold 1 dates"),
    ("event_titles", " ", "empty title"),
])
def test_bad_event_cells_import_nothing_and_name_the_row(store, tmp_path, column, value, expected):
    ids = _project(store)
    export_annotations(store, tmp_path / "a.csv")
    rows = _rows(tmp_path / "a.csv")
    row = next(r for r in rows if r["annotation_id"] == ids["plain"])
    row[column] = value
    with open(tmp_path / "bad.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(ANNOTATION_COLUMNS))
        w.writeheader()
        w.writerows(rows)
    twin = _empty_with_articles(store)
    with pytest.raises(errors.CsvImportError, match=rf"row {rows.index(row) + 2}: .*{expected}"):
        import_annotations_csv(twin, tmp_path / "bad.csv")
    assert twin.annotations.count() == 0 and twin.events.all() == [] and twin.tags.all() == []


def test_the_cli_reports_events_carried(tmp_path, capsys):
    from db.cli import main

    src = Store(tmp_path / "a.sqlite3")
    _project(src)
    src.close()
    assert main(["--db", str(tmp_path / "a.sqlite3"), "export", "annotations", str(tmp_path / "a.csv")]) == 0
    dst = Store(tmp_path / "b.sqlite3")
    with Store(tmp_path / "a.sqlite3") as again:
        for summary in again.articles.all():
            a = again.articles.get(summary.id)
            dst.articles.add(a.title, a.text)
    dst.close()
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "b.sqlite3"), "import-annotations", str(tmp_path / "a.csv")]) == 0
    assert "3 events recreated" in capsys.readouterr().err
