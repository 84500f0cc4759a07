"""XLSX export of annotations and events with XlsxWriter in constant-memory mode.

Spreadsheets guess types when they open a CSV (`June 2024` becomes a date, `00123` a number, `TRUE`
a boolean, `=1+1` a formula). Here every cell has its type written down: text is always written as
a string (never a formula, so no apostrophe is needed), offsets and counts as numbers, and dates
known to the day as real dates. A text longer than Excel's 32,767 characters is cut with a visible
marker, and the caller is told how many cells were cut.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from db import columns
from db.columns import ANNOTATION_COLUMNS, EVENT_COLUMNS
from db.export import with_agreement
from db.file_out import Cancelled, replacing
from db.store_lines import ROW, Ambiguous
from db.xlsx_rows import RowXml, RowXmlSheet, escape_batch

MAX_CELL = 32_767  # Excel's limit, in UTF-16 code units
EVERY = 10_000  # rows between progress calls

# Column kinds: "n" number, "d" a real date when the cell holds one ISO day, "t" text.
_ANNOTATION_KINDS = columns.kinds(columns.ANNOTATION)
_EVENT_KINDS = columns.kinds(columns.EVENT)
_WIDTHS = columns.widths()


@dataclass(frozen=True)
class XlsxResult:
    """How many rows were written and how many cells had to be cut at 32,767 characters."""

    rows: int
    cut: int


def export_annotations_xlsx(store, path: str | os.PathLike[str], *,
                            progress: Callable[[int], bool | None] | None = None) -> XlsxResult:
    """Every annotation, one row each, in the CSV's columns (see `db.columns.ANNOTATION_COLUMNS`).

    Takes the fast path (`db.xlsx_rows`, rows from `store.lines.annotations`); when a cell holds a
    character that path cannot carry, starts over writing cell by cell through XlsxWriter.
    """
    try:
        return write_xlsx(path, "Annotations", ANNOTATION_COLUMNS, _ANNOTATION_KINDS, store,
                          progress=progress, fast=True)
    except Ambiguous:
        return write_xlsx(path, "Annotations", ANNOTATION_COLUMNS, _ANNOTATION_KINDS,
                          store.rows.annotations(), progress=progress)


def export_events_xlsx(store, path: str | os.PathLike[str], *,
                       progress: Callable[[int], bool | None] | None = None) -> XlsxResult:
    """Every event, one row each, in the CSV's columns (see `db.columns.EVENT_COLUMNS`)."""
    rows = with_agreement(store, store.rows.events())
    return write_xlsx(path, "Events", EVENT_COLUMNS, _EVENT_KINDS, rows, progress=progress)


def cut_text(text: str) -> tuple[str, bool]:
    """`text`, or its start and `… [cut: N characters]` when Excel could not hold it all."""
    if len(text) <= MAX_CELL // 2 or _units(text) <= MAX_CELL:
        return text, False
    limit = MAX_CELL - 40  # room for the marker
    keep = limit
    while (over := _units(text[:keep]) - limit) > 0:  # each code point dropped frees 1 or 2 units
        keep -= over
    return f"{text[:keep]}… [cut: {len(text) - keep:,} characters]", True


def _units(text: str) -> int:
    """Length in UTF-16 code units, the unit of Excel's limit (an emoji counts two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def write_xlsx(path: str | os.PathLike[str], sheet_name: str, columns: Sequence[str], kinds: dict[str, str],
               rows, *, progress: Callable[[int], bool | None] | None = None, fast: bool = False) -> XlsxResult:
    """Write one sheet through a temporary file, then move it into place; nothing is left on failure.

    `rows` is an iterable of row tuples, or with `fast` the store whose annotation lines are written.
    """
    import xlsxwriter

    book = None
    with replacing(path, ".xlsx") as tmp:
        try:
            book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                                  "strings_to_formulas": False, "strings_to_urls": False})
            sheet = book.add_worksheet(sheet_name, worksheet_class=RowXmlSheet if fast else None)
            count, cut = (_fill_fast if fast else _fill)(book, sheet, columns, kinds, rows, progress)
            with _quick_deflate():
                book.close()
            book = None
        finally:
            if book is not None:
                _discard(book)
    return XlsxResult(count, cut)


_DEFLATE_LOCK = threading.Lock()


@contextlib.contextmanager
def _quick_deflate() -> Iterator[None]:
    """Let XlsxWriter zip the workbook at zlib level 1 instead of 6.

    XlsxWriter has no compression setting, and deflating a million rows' sheet XML (about 900 MB)
    at level 6 took a third of the export: level 1 is about three times faster, for a file about a
    quarter larger (96 → 122 MB). Its module's `ZipFile` is swapped only while `close()` runs; when
    the module does not look as expected, nothing is changed.
    """
    import xlsxwriter.workbook as module

    if getattr(module, "ZipFile", None) is not zipfile.ZipFile:
        yield
        return
    with _DEFLATE_LOCK:
        module.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=1)
        try:
            yield
        finally:
            module.ZipFile = zipfile.ZipFile


def _discard(book) -> None:  # noqa: ANN001
    """Drop an unfinished workbook without assembling it (closing would zip every row written so far):
    remove the constant-memory row files XlsxWriter keeps in the temporary folder."""
    for sheet in book.worksheets():
        with contextlib.suppress(Exception):
            if sheet.row_data_fh is not None and not sheet.row_data_fh_closed:
                sheet.row_data_fh.close()
            if sheet.row_data_filename:
                os.unlink(sheet.row_data_filename)
    book.fileclosed = True  # nothing more to write; keeps XlsxWriter's destructor quiet



def _header(book, sheet, columns: Sequence[str], kinds: dict[str, str]):
    """Header row (bold, frozen), column widths and formats; returns the (text, day) formats."""
    bold = book.add_format({"bold": True, "bottom": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})  # typing into the column later stays text too
    for c, name in enumerate(columns):
        sheet.set_column(c, c, _WIDTHS.get(name, 14), None if kinds.get(name) else text)
        sheet.write_string(0, c, name, bold)
    sheet.freeze_panes(1, 0)
    return text, day


def _fill_fast(book, sheet, columns: Sequence[str], kinds: dict[str, str], store,
               progress: Callable[[int], bool | None] | None) -> tuple[int, int]:
    """The rows from `store.lines.annotations`, a batch at a time (see `db.xlsx_rows`)."""
    text, day = _header(book, sheet, columns, kinds)
    rows_xml = RowXml([kinds.get(name, "t") for name in columns], text._get_xf_index(), day._get_xf_index())
    width = len(columns)
    count = cut = 0

    def idle() -> None:
        if progress is not None and progress(count) is False:
            raise Cancelled

    for lines in store.lines.annotations(idle=idle):
        try:
            data = ROW.join(lines).decode("utf-8")
        except UnicodeDecodeError:
            raise Ambiguous from None
        if data.count("\x1f") != (width - 1) * len(lines) or data.count("\x1e") != len(lines) - 1:
            raise Ambiguous  # a cell holds a separator itself
        raw = data.split("\x1e")
        if any(len(line) > MAX_CELL // 2 for line in raw):
            for i, line in enumerate(raw):
                if len(line) > MAX_CELL // 2:
                    cells = []
                    for value in line.split("\x1f"):
                        value, was_cut = cut_text(value)
                        cut += was_cut
                        cells.append(value)
                    raw[i] = "\x1f".join(cells)
            data = "\x1e".join(raw)
        first = count + 1
        xml = "".join(rows_xml.row(first + i, line.split("\x1f"))
                      for i, line in enumerate(escape_batch(data).split("\x1e")))
        sheet.append_rows_xml(xml, first, first + len(lines) - 1, width - 1)
        count += len(lines)
        if progress is not None and progress(count) is False:
            raise Cancelled
    sheet.autofilter(0, 0, max(count, 1), width - 1)
    return count, cut


def _fill(book, sheet, columns: Sequence[str], kinds: dict[str, str], rows: Iterable[Sequence[object]],
          progress: Callable[[int], bool | None] | None) -> tuple[int, int]:
    """Header, widths, frozen header row, then the rows; the autofilter once the last row is known."""
    _, day = _header(book, sheet, columns, kinds)
    numbers = [c for c, name in enumerate(columns) if kinds.get(name) == "n"]
    dates = [c for c, name in enumerate(columns) if kinds.get(name) == "d"]
    special = set(numbers) | set(dates)
    texts = [c for c in range(len(columns)) if c not in special]
    write_string, write_number, write_date = sheet.write_string, sheet.write_number, sheet.write_datetime
    count = cut = 0
    r = 0
    for r, row in enumerate(rows, start=1):
        for c in texts:
            v = row[c]
            if v is None or v == "":
                continue
            v = str(v)
            if len(v) > MAX_CELL // 2:
                v, was_cut = cut_text(v)
                cut += was_cut
            if v.startswith("<r>") and v.endswith("</r>"):
                # constant-memory XlsxWriter copies such a string into the sheet as raw XML (its
                # rich-string form), so a note could inject cells; as plain fragments it reads the same
                sheet.write_rich_string(r, c, v[:1], v[1:2], v[2:])
                continue
            write_string(r, c, v)
        for c in numbers:
            v = row[c]
            if v is not None and v != "":
                try:
                    write_number(r, c, int(v))
                except (TypeError, ValueError):
                    write_string(r, c, str(v))
        for c in dates:
            v = row[c]
            if v is None or v == "":
                continue
            v = str(v)
            if len(v) == 10:
                try:
                    write_date(r, c, date.fromisoformat(v), day)
                    continue
                except ValueError:
                    pass
            write_string(r, c, v)  # a month, a year, a span or several dates: as written
        if r % EVERY == 0 and progress is not None and progress(r) is False:
            raise Cancelled
    count = r
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    if progress is not None:
        progress(count)
    return count, cut
