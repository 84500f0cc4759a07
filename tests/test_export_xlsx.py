"""XLSX export: typed cells read back with openpyxl, long cells cut visibly, header frozen and filtered."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from db import errors
from db.export import ANNOTATION_COLUMNS, EVENT_COLUMNS
from db.export_xlsx import MAX_CELL, cut_text, export_annotations_xlsx, export_events_xlsx
from db.models import PartialDate
from tests.conftest import SAMPLE_TEXT

TRICKY = ["June 2024", "00123", "TRUE", "=1+1", "1/2", "+44 20 7946 0000", "@sum", "-3"]
DAY = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day", "24 June 2024")


def _sheet(path):
    book = openpyxl.load_workbook(path)
    return book.active


def _by_header(ws) -> list[dict[str, object]]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], [_excel(v) for v in r], strict=False)) for r in rows[1:]]


def _excel(value: object) -> object:
    """A cell as Excel shows it: openpyxl leaves the `_xHHHH_` escapes of control characters as they are."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), value)


def test_text_stays_text_and_numbers_and_days_are_typed(memory_store, tmp_path):
    art = memory_store.articles.add("00123", SAMPLE_TEXT, source="TRUE", published=DAY)
    for i, note in enumerate(TRICKY):
        memory_store.annotations.add(art.id, i * 10, i * 10 + 4, note=note, tags=["June 2024"])
    out = tmp_path / "a.xlsx"
    res = export_annotations_xlsx(memory_store, out)
    assert (res.rows, res.cut) == (len(TRICKY), 0)
    ws = _sheet(out)
    rows = _by_header(ws)
    assert [r["note"] for r in rows] == TRICKY  # every one a string, none a formula, number or date
    for r in rows:
        assert r["article_title"] == "00123" and r["article_source"] == "TRUE" and r["tags"] == "June 2024"
        assert isinstance(r["start"], int) and isinstance(r["end"], int)
        assert r["article_published"] == datetime(2024, 6, 24)
    cells = {c.value: c for c in ws["K"][1:]}  # the note column
    assert all(c.data_type == "s" for c in cells.values())
    assert ws["F2"].data_type == "n"
    assert ws["E2"].is_date and ws["E2"].number_format == "yyyy-mm-dd"
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml  # no formula anywhere


def test_header_is_frozen_filtered_and_columns_have_widths(memory_store, tmp_path):
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    memory_store.annotations.add(art.id, 4, 8)
    export_annotations_xlsx(memory_store, tmp_path / "a.xlsx")
    ws = _sheet(tmp_path / "a.xlsx")
    assert [c.value for c in ws[1]] == list(ANNOTATION_COLUMNS)
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:U2"
    assert ws.column_dimensions["H"].width > ws.column_dimensions["F"].width > 0


def test_a_cell_over_the_excel_limit_is_cut_with_a_marker_and_counted(memory_store, tmp_path):
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    long_note = "x" * 50_000
    memory_store.annotations.add(art.id, 4, 8, note=long_note)
    memory_store.annotations.add(art.id, 10, 14, note="🚀" * 20_000)  # 40,000 UTF-16 units
    memory_store.annotations.add(art.id, 20, 24, note="y" * MAX_CELL)  # fits exactly
    res = export_annotations_xlsx(memory_store, tmp_path / "a.xlsx")
    assert res.cut == 2
    notes = [r["note"] for r in _by_header(_sheet(tmp_path / "a.xlsx"))]
    kept = notes[0].split("…")[0]
    assert kept == "x" * len(kept) and notes[0].endswith(f"… [cut: {50_000 - len(kept):,} characters]")
    assert len(notes[0]) <= MAX_CELL
    assert notes[1].endswith("characters]") and len(notes[1].encode("utf-16-le")) // 2 <= MAX_CELL
    assert notes[2] == "y" * MAX_CELL


def test_cut_text_says_how_much_was_dropped():
    text, cut = cut_text("a" * 40_000)
    kept = text.split("…")[0]
    assert cut and text.endswith(f"[cut: {40_000 - len(kept):,} characters]") and len(text) <= MAX_CELL
    assert cut_text("short") == ("short", False)


def test_events_have_real_dates_numbers_and_labels_as_text(memory_store, tmp_path):
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    ann = memory_store.annotations.add(art.id, 4, 8)
    memory_store.events.add("Strikes", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024"),
                           source_ids=[ann.id], description="=HYPERLINK(\"x\")")
    res = export_events_xlsx(memory_store, tmp_path / "e.xlsx")
    assert res.rows == 1
    [row] = _by_header(_sheet(tmp_path / "e.xlsx"))
    assert list(row) == list(EVENT_COLUMNS)
    assert (row["start"], row["end"]) == (datetime(2024, 6, 1), datetime(2024, 6, 30))
    assert row["date_text"] == "June 2024" and row["source_count"] == 1
    assert row["description"] == "=HYPERLINK(\"x\")"


def test_event_columns_of_annotations_hold_a_date_only_for_a_single_event(memory_store, tmp_path):
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    one = memory_store.annotations.add(art.id, 4, 8)
    two = memory_store.annotations.add(art.id, 10, 14)
    memory_store.events.add("A", DAY, source_ids=[one.id, two.id])
    memory_store.events.add("B", DAY, source_ids=[two.id])
    export_annotations_xlsx(memory_store, tmp_path / "a.xlsx")
    first, second = _by_header(_sheet(tmp_path / "a.xlsx"))
    assert first["event_start"] == datetime(2024, 6, 24)
    assert second["event_start"] == "2024-06-24;2024-06-24"


def test_cancelling_writes_nothing_and_a_folder_is_refused(memory_store, tmp_path, monkeypatch):
    import tempfile

    import db.export_xlsx as mod

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where XlsxWriter keeps its row files
    monkeypatch.setattr(mod, "EVERY", 1)
    out = tmp_path / "out"
    out.mkdir()
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    memory_store.annotations.add(art.id, 4, 8)
    memory_store.events.add("E", DAY)
    with pytest.raises(errors.ChronolineError, match="cancelled"):
        export_annotations_xlsx(memory_store, out / "a.xlsx", progress=lambda n: False)
    with pytest.raises(errors.ChronolineError, match="cancelled"):
        export_events_xlsx(memory_store, out / "e.xlsx", progress=lambda n: False)
    assert list(out.iterdir()) == [] and list(scratch.iterdir()) == []
    with pytest.raises(errors.ChronolineError, match="is a folder"):
        export_annotations_xlsx(memory_store, tmp_path)


def test_the_cli_picks_xlsx_by_extension_and_reports_cut_cells(tmp_path, capsys):
    from db.cli import main
    from db.store import Store

    path = tmp_path / "db.sqlite3"
    with Store(path) as s:
        a = s.articles.add("T", SAMPLE_TEXT)
        s.annotations.add(a.id, 4, 8, note="z" * 40_000)
        s.events.add("E", DAY)
    assert main(["--db", str(path), "export", "annotations", str(tmp_path / "a.xlsx")]) == 0
    err = capsys.readouterr().err
    assert "1 annotation written" in err and "1 cell longer than Excel's 32,767 characters cut" in err
    assert main(["--db", str(path), "export", "events", str(tmp_path / "e.xlsx")]) == 0
    assert _by_header(_sheet(tmp_path / "e.xlsx"))[0]["title"] == "E"


def test_text_that_looks_like_sheet_xml_stays_text(memory_store, tmp_path):
    """Constant-memory XlsxWriter writes a string between <r> and </r> into the sheet as raw XML."""
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    hostile = '<r><t>a</t></r></is></c><c r="Z2" t="inlineStr"><is><r><t>injected</t></r>'
    for i, note in enumerate(("<r>x</r>", hostile, "<b>bold</b> & <i>", "<r>")):
        memory_store.annotations.add(art.id, i * 10, i * 10 + 4, note=note)
    export_annotations_xlsx(memory_store, tmp_path / "a.xlsx")
    ws = _sheet(tmp_path / "a.xlsx")
    assert [r["note"] for r in _by_header(ws)] == ["<r>x</r>", hostile, "<b>bold</b> & <i>", "<r>"]
    assert ws.max_column == len(ANNOTATION_COLUMNS)  # no cell was injected beyond the columns


ODD = ["\x01 control", "_x0041_ literal", "line\r\nbreak", "  padded  ", "<r>x</r>", "🚀 Urdu آپریشن",
       "a & b < c > d", "tab\tin", "\ufffe", "=SUM(A1:A2)", "TRUE", "00123", "June 2024", "x" * 40_000]


def test_the_fast_path_writes_what_xlsxwriter_writes_cell_by_cell(memory_store, tmp_path, monkeypatch):
    from db.store_lines import Ambiguous

    art = memory_store.articles.add("Title & <co>", SAMPLE_TEXT, source=" spaced ", published=DAY)
    for i, note in enumerate(ODD):
        memory_store.annotations.add(art.id, i * 5, i * 5 + 4, note=note, tags=["June 2024"] if i % 2 else ())
    memory_store.events.add("E", DAY, source_ids=[a.id for a in memory_store.annotations.all()[:2]])
    fast = export_annotations_xlsx(memory_store, tmp_path / "fast.xlsx")

    def refuse(*_a, **_k):
        raise Ambiguous
        yield  # pragma: no cover

    monkeypatch.setattr(memory_store.lines, "annotations", refuse)
    exact = export_annotations_xlsx(memory_store, tmp_path / "exact.xlsx")
    assert fast == exact and fast.cut == 1
    a, b = _sheet(tmp_path / "fast.xlsx"), _sheet(tmp_path / "exact.xlsx")
    cells = lambda ws: [[(c.value, c.data_type, c.number_format) for c in row] for row in ws.iter_rows()]  # noqa: E731
    assert cells(a) == cells(b)
    notes = [r["note"] for r in _by_header(a)]
    assert notes[:-1] == ODD[:-1] and notes[-1].endswith("characters]")
    assert (a.freeze_panes, a.auto_filter.ref) == (b.freeze_panes, b.auto_filter.ref)


def test_a_cell_the_fast_path_cannot_carry_falls_back_to_cell_by_cell(memory_store, tmp_path):
    art = memory_store.articles.add("T", SAMPLE_TEXT)
    memory_store.annotations.add(art.id, 0, 4, note="unit\x1fseparator and record\x1eseparator")
    memory_store.annotations.add(art.id, 5, 9, note="plain")
    assert export_annotations_xlsx(memory_store, tmp_path / "a.xlsx").rows == 2
    assert [r["note"] for r in _by_header(_sheet(tmp_path / "a.xlsx"))] == [
        "unit\x1fseparator and record\x1eseparator", "plain"]


def test_the_quicker_deflate_is_confined_to_the_export(memory_store, tmp_path):
    import xlsxwriter.workbook

    art = memory_store.articles.add("T", SAMPLE_TEXT)
    memory_store.annotations.add(art.id, 4, 8)
    export_annotations_xlsx(memory_store, tmp_path / "a.xlsx")
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        assert z.testzip() is None
