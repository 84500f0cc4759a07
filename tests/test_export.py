"""CSV export: columns, RFC 4180, formula injection, Excel BOM, and the round trip through import."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import errors
from db.csv_import import import_annotations_csv
from db.export import (
    ANNOTATION_COLUMNS,
    EVENT_COLUMNS,
    export_annotations,
    export_events,
    safe_cell,
    unsafe_cell,
)
from db.models import PartialDate
from db.store import Store
from tests.conftest import SAMPLE_TEXT

ISSUE_ANNOTATION_COLUMNS = (
    "annotation_id, article_id, article_title, article_source, article_published, start, end, quote, "
    "prefix, suffix, note, tags, color, author, created, modified, event_ids, event_titles, event_dates, "
    "event_start, event_end")  # issue 15 added the ISO event_start/event_end
ISSUE_EVENT_COLUMNS = ("event_id, title, description, date_text, start, end, precision, category, "
                       "source_count, source_annotation_ids, created, modified, source_dates, agreement")


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_columns_are_exactly_those_the_issue_lists():
    assert ANNOTATION_COLUMNS == tuple(ISSUE_ANNOTATION_COLUMNS.split(", "))
    assert EVENT_COLUMNS == tuple(ISSUE_EVENT_COLUMNS.split(", "))


def test_an_export_has_one_row_per_annotation_with_tags_and_published(store, tmp_path):
    june = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day", "24 June 2024")
    art = store.articles.add("Operation begins", SAMPLE_TEXT, source="Wire", published=june)
    ann = store.annotations.add(art.id, 4, 8, note="first\nsecond line", tags=["Army", "North"])
    out = tmp_path / "a.csv"
    assert export_annotations(store, out) == 1
    raw = out.read_bytes()
    assert raw.startswith(b"annotation_id,") and b"\r\n" in raw
    [row] = _read(out)
    assert list(row) == list(ANNOTATION_COLUMNS)
    assert row["annotation_id"] == ann.id and row["quote"] == "army"
    assert (row["start"], row["end"]) == ("4", "8")
    assert row["note"] == "first\nsecond line"
    assert row["tags"] == "Army;North"
    assert row["article_published"] == "2024-06-24" and row["article_source"] == "Wire"
    assert row["event_ids"] == row["event_titles"] == row["event_dates"] == ""


def test_event_columns_fill_once_an_event_cites_the_annotation(store, tmp_path):
    art = store.articles.add("Operation begins", SAMPLE_TEXT)
    ann = store.annotations.add(art.id, 4, 8)
    when = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")
    ev = store.events.add("Operation approved", when, source_ids=[ann.id], category="Policy")
    export_annotations(store, tmp_path / "a.csv")
    [row] = _read(tmp_path / "a.csv")
    assert (row["event_ids"], row["event_titles"], row["event_dates"]) == (ev.id, ev.title, "22 June 2024")
    assert export_events(store, tmp_path / "e.csv") == 1
    [erow] = _read(tmp_path / "e.csv")
    assert list(erow) == list(EVENT_COLUMNS)
    assert erow["source_count"] == "1" and erow["source_annotation_ids"] == ann.id
    assert (erow["start"], erow["end"], erow["precision"]) == ("2024-06-22", "2024-06-22", "day")


def test_excel_export_starts_with_a_utf8_bom(store, tmp_path):
    store.articles.add("T", SAMPLE_TEXT)
    export_annotations(store, tmp_path / "x.csv", excel=True)
    export_annotations(store, tmp_path / "p.csv")
    assert (tmp_path / "x.csv").read_bytes().startswith(b"\xef\xbb\xbfannotation_id")
    assert (tmp_path / "p.csv").read_bytes().startswith(b"annotation_id")


@pytest.mark.parametrize("bad", ["=SUM(A1:A2)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_formula_prefixes_get_a_leading_apostrophe(bad):
    assert safe_cell(bad) == "'" + bad
    assert unsafe_cell(safe_cell(bad)) == bad


def test_plain_cells_and_numbers_are_left_alone():
    assert safe_cell("Army") == "Army" and safe_cell(12) == "12" and safe_cell(None) == ""
    assert unsafe_cell("'quoted'") == "'quoted'"


def test_a_cell_that_already_starts_with_an_apostrophe_and_a_formula_survives_the_round_trip():
    for text in ("'=x", "''+1", "'"):
        assert unsafe_cell(safe_cell(text)) == text
    assert not safe_cell("'=1+1").startswith("'=")  # still not read as the formula =1+1


def test_a_formula_in_a_note_is_neutralised_in_the_file(store, tmp_path):
    art = store.articles.add("T", SAMPLE_TEXT)
    store.annotations.add(art.id, 4, 8, note='=HYPERLINK("http://evil","x")')
    export_annotations(store, tmp_path / "a.csv")
    [row] = _read(tmp_path / "a.csv")
    assert row["note"] == '\'=HYPERLINK("http://evil","x")'


def test_an_export_to_a_folder_is_refused(store, tmp_path):
    with pytest.raises(errors.ChronolineError, match="folder"):
        export_annotations(store, tmp_path)


def test_an_export_to_a_missing_folder_is_refused_cleanly(store, tmp_path):
    with pytest.raises(errors.ChronolineError, match="Cannot write"):
        export_annotations(store, tmp_path / "missing" / "a.csv")


def _twin_store(source: Store) -> Store:
    """A second database holding the same articles (same ids), without annotations."""
    twin = Store(":memory:")
    for summary in source.articles.all():
        a = source.articles.get(summary.id)
        twin.articles.add(a.title, a.text, article_id=a.id, published=a.published)
    return twin


def test_importing_an_export_recreates_the_same_annotations(store, tmp_path):
    art = store.articles.add("Operation begins", SAMPLE_TEXT)
    made = [store.annotations.add(art.id, 4, 8, note="n1", tags=["Army"], author="ayesha"),
            store.annotations.add(art.id, 40, 60, note="line\nbreak, \"quoted\"", color="#E69F00")]
    export_annotations(store, tmp_path / "a.csv")
    twin = _twin_store(store)
    res = import_annotations_csv(twin, tmp_path / "a.csv")
    assert (res.added, res.skipped) == (2, 0)
    for ann in made:
        got = twin.annotations.get(ann.id)
        assert (got.start, got.end, got.exact, got.note, got.tags, got.color, got.author, got.created) == (
            ann.start, ann.end, ann.exact, ann.note, ann.tags, ann.color, ann.author, ann.created)
    assert import_annotations_csv(twin, tmp_path / "a.csv").skipped == 2


def test_importing_into_a_text_with_shifted_offsets_reanchors_by_quote(store, tmp_path):
    art = store.articles.add("Operation begins", SAMPLE_TEXT)
    ann = store.annotations.add(art.id, SAMPLE_TEXT.index("North Waziristan"),
                               SAMPLE_TEXT.index("North Waziristan") + 16)
    export_annotations(store, tmp_path / "a.csv")
    other = Store(":memory:")
    other.articles.add("Operation begins", "Editor's note: updated. " + SAMPLE_TEXT)
    res = import_annotations_csv(other, tmp_path / "a.csv")
    assert (res.added, res.moved) == (1, 1)
    got = other.annotations.get(ann.id)
    assert got.exact == "North Waziristan"
    assert other.articles.get(got.article_id).text[got.start:got.end] == "North Waziristan"


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_a_file_missing_a_column_imports_nothing_and_names_the_column(store, tmp_path):
    art = store.articles.add("T", SAMPLE_TEXT)
    store.annotations.add(art.id, 4, 8)
    export_annotations(store, tmp_path / "a.csv")
    rows = list(csv.reader(open(tmp_path / "a.csv", encoding="utf-8", newline="")))
    i = rows[0].index("quote")
    _write_csv(tmp_path / "b.csv", [c for j, c in enumerate(rows[0]) if j != i],
               [[c for j, c in enumerate(r) if j != i] for r in rows[1:]])
    twin = _twin_store(store)
    with pytest.raises(errors.CsvImportError, match="quote"):
        import_annotations_csv(twin, tmp_path / "b.csv")
    assert twin.annotations.count() == 0


def test_a_bad_row_imports_nothing_and_names_the_row(store, tmp_path):
    art = store.articles.add("T", SAMPLE_TEXT)
    for i in range(3):
        store.annotations.add(art.id, i * 10, i * 10 + 5)
    export_annotations(store, tmp_path / "a.csv")
    rows = list(csv.reader(open(tmp_path / "a.csv", encoding="utf-8", newline="")))
    rows[3][rows[0].index("start")] = "twelve"
    _write_csv(tmp_path / "b.csv", rows[0], rows[1:])
    twin = _twin_store(store)
    with pytest.raises(errors.CsvImportError, match="row 4"):
        import_annotations_csv(twin, tmp_path / "b.csv")
    assert twin.annotations.count() == 0


def test_a_row_whose_quote_is_not_in_the_article_imports_nothing(store, tmp_path):
    art = store.articles.add("T", SAMPLE_TEXT)
    store.annotations.add(art.id, 4, 8)
    export_annotations(store, tmp_path / "a.csv")
    other = Store(":memory:")
    other.articles.add("T", "A different text altogether, with no soldiers in it.")
    with pytest.raises(errors.CsvImportError, match="row 2.*does not occur"):
        import_annotations_csv(other, tmp_path / "a.csv")
    assert other.annotations.count() == 0


def test_a_file_that_is_not_csv_text_is_refused(store, tmp_path):
    (tmp_path / "x.csv").write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(errors.CsvImportError, match="nothing was imported|Nothing was imported"):
        import_annotations_csv(store, tmp_path / "x.csv")


# --- property: export then import into a second database gives back the same annotations ------

tricky = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20) | st.sampled_from(
    ["=1+1", "+SUM(A1)", "-3", "@x", "\tTab", "\rCR", "'=already", '"quoted"', "a,b", "line\nbreak",
     "crlf\r\nend", "'"])
tag_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                                  exclude_characters=";"), min_size=1, max_size=8).filter(str.strip)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.tuples(tricky, tricky, tricky), min_size=1, max_size=4),
       notes=st.lists(tricky, min_size=4, max_size=4), tags=st.lists(tag_names, max_size=3),
       title=tricky.filter(str.strip))
def test_export_then_import_round_trips_arbitrary_text(tmp_path_factory, pieces, notes, tags, title):
    tmp = tmp_path_factory.mktemp("rt")
    text, spans = "", []
    for before, quote, after in pieces:
        text += before
        if quote:
            spans.append((len(text), len(text) + len(quote)))
        text += quote + after
    if not text.strip() or not spans:
        return
    with Store(":memory:") as one:
        art = one.articles.add(title, text)
        made = [one.annotations.add(art.id, s, e, note=notes[i % 4], tags=tags, author=notes[(i + 1) % 4])
                for i, (s, e) in enumerate(spans)]
        export_annotations(one, tmp / "a.csv")
        with _twin_store(one) as two:
            res = import_annotations_csv(two, tmp / "a.csv")
            assert res.added == len(made)
            for ann in made:
                got = two.annotations.get(ann.id)
                assert got.exact == ann.exact == text[got.start:got.end]
                assert (got.note, got.tags, got.author) == (ann.note, ann.tags, ann.author)


def test_write_rows_streams_from_an_iterator():
    from db.export import write_rows

    buf = io.StringIO()
    n = write_rows(buf, ("a", "b"), ((i, f"=x{i}") for i in range(3)))
    assert n == 3
    assert buf.getvalue().splitlines()[1] == "0,'=x0"
