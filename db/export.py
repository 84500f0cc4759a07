"""CSV writers over iterables of rows: streaming, RFC 4180, formula injection neutralised."""

from __future__ import annotations

import csv
import io
import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate

from db.columns import ANNOTATION_COLUMNS, EVENT_COLUMNS
from db.file_out import Cancelled, replacing
from db.store_lines import CELL, ROW, Ambiguous

__all__ = ["ANNOTATION_COLUMNS", "EVENT_COLUMNS"]  # defined once in db.columns; re-exported for the writers' callers
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell as text; a text starting like a spreadsheet formula gets a leading `'` (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    # Apostrophes already in front of a formula get one more, so `unsafe_cell` can tell a
    # neutralised `'=x` from a note that really says `'=x` (the round trip stays exact).
    if text.lstrip("'").startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` for a text cell (used when importing our own CSV back)."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def write_csv(path: str | os.PathLike[str], columns: Sequence[str], rows: Iterable[Sequence[object]], *,
              excel: bool = False, progress: Callable[[int], bool | None] | None = None,
              every: int = 10_000) -> int:
    """Write rows to a CSV file through a temporary file; returns the number of rows written.

    `progress(n)` is called every `every` rows; returning False cancels (the target is not created).
    """
    return _to_file(path, excel, lambda fh: write_rows(fh, columns, rows, progress=progress, every=every))


def _to_file(path: str | os.PathLike[str], excel: bool, write: Callable, *, binary: bool = False) -> int:
    """Run `write(fh)` on a temporary file beside `path`, then move it into place.

    A text file is UTF-8 (with a BOM for Excel); a binary one is the writer's to encode.
    """
    with replacing(path, ".csv") as tmp:
        if binary:
            with open(tmp, "wb") as fh:
                return write(fh)
        with open(tmp, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as fh:
            return write(fh)


# A cell that may need `safe_cell`'s apostrophe: at the start of the row or after the separator.
_MAYBE_FORMULA = re.compile("(?:^|\x1f)'*[=+\\-@\t\r]")


def safe_row(row: Sequence[object]) -> Sequence[object]:
    """`row` with every cell made safe; rows without a risky cell (most) are returned as they are.

    One regular-expression search over the joined cells decides, instead of a Python call per cell.
    The test is a superset (a number such as -3 or a separator inside a cell only sends the row
    down the exact path).
    """
    if _MAYBE_FORMULA.search("\x1f".join(map(str, row))):
        return [safe_cell(v) for v in row]
    return row


def write_rows(fh: io.TextIOBase, columns: Sequence[str], rows: Iterable[Sequence[object]], *,
               progress: Callable[[int], bool | None] | None = None, every: int = 10_000) -> int:
    """Write a header and rows to an open text file (RFC 4180, CRLF line ends)."""
    writer = csv.writer(fh, dialect="excel", lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    batch: list[Sequence[object]] = []
    for row in rows:
        batch.append(safe_row(row))
        if len(batch) == every:
            writer.writerows(batch)
            count += len(batch)
            batch.clear()
            if progress is not None and progress(count) is False:
                raise Cancelled
    writer.writerows(batch)
    return count + len(batch)


def export_annotations(store, path: str | os.PathLike[str], *, excel: bool = False,
                       progress: Callable[[int], bool | None] | None = None) -> int:
    """Export every annotation to CSV (see ANNOTATION_COLUMNS); returns the row count.

    Takes the fast path (`write_annotation_lines`, about 6 s per million rows); when a cell holds
    a character that path cannot carry (its separators, NUL), starts over on the exact row-by-row
    path (`store.rows.annotations` + `write_rows`, about three times slower).
    """
    try:
        return _to_file(path, excel, lambda fh: write_annotation_lines(fh, store, excel=excel, progress=progress),
                        binary=True)
    except Ambiguous:
        return write_csv(path, ANNOTATION_COLUMNS, store.rows.annotations(), excel=excel, progress=progress)


# Finding cells that may read as formulas without a regular expression over every cell start:
# a byte table marks separators 1 and risky first characters (and `'`) 2, so `b"\1\2"` in the
# translated batch means "some cell starts with one of them"; `_safe_line` then decides exactly.
# (Bytes of multi-byte UTF-8 characters are all >= 0x80, so they never look like these.)
_MARK = bytes(1 if b in ROW + CELL else 2 if chr(b) in "=+-@\t\r'" else 0 for b in range(256))
_UTF8_BOM = "\ufeff".encode()


def write_annotation_lines(fh: io.BufferedIOBase, store, *, excel: bool = False,
                           progress: Callable[[int], bool | None] | None = None) -> int:
    """Write the annotations CSV, as UTF-8 bytes, from `store.lines.annotations()`.

    A batch of rows is encoded with a few whole-buffer operations instead of per-cell work: every
    cell is quoted (RFC 4180 allows it), quotes are doubled, separators become `","` and CRLF.
    Cells that could be read as formulas get `safe_cell`'s apostrophe first.
    """
    fh.write((_UTF8_BOM if excel else b"") + ",".join(ANNOTATION_COLUMNS).encode() + b"\r\n")
    count = 0
    separators = len(ANNOTATION_COLUMNS)  # per line: one fewer between cells, 1 between lines

    def idle() -> None:  # while the first batch is being sorted: keep a progress dialog alive
        if progress is not None and progress(count) is False:
            raise Cancelled

    for lines in store.lines.annotations(idle=idle):
        data = ROW.join(lines)
        marks = data.translate(_MARK)
        if marks.count(1) != separators * len(lines) - 1:  # a cell holds a separator itself
            raise Ambiguous
        if not data.isascii():
            try:  # text stored by another program may not be UTF-8; the exact path reports it
                data.decode("utf-8")
            except UnicodeDecodeError:
                raise Ambiguous from None
        if marks[:1] == b"\2" or b"\1\2" in marks:
            data = _neutralised(lines, marks)
        fh.write(b'"' + data.replace(b'"', b'""').replace(CELL, b'","').replace(ROW, b'"\r\n"') + b'"\r\n')
        count += len(lines)
        if progress is not None and progress(count) is False:
            raise Cancelled
    return count


def _neutralised(lines: list[bytes], marks: bytes) -> bytes:
    """The batch again, its lines with a cell that may start a formula redone by `safe_cell`.

    Only those lines are split into cells: each `b"\\1\\2"` in `marks` (a separator, then a risky
    first character) is mapped to its line by bisecting the lines' end offsets.
    """
    ends = list(accumulate(len(line) + 1 for line in lines))  # just past each line's ROW
    risky = {0} if marks[:1] == b"\2" else set()
    hit = marks.find(b"\1\2")
    while hit != -1:
        risky.add(bisect_right(ends, hit + 1))
        hit = marks.find(b"\1\2", hit + 1)
    cell = CELL.decode()
    for k in risky:
        cells = lines[k].decode("utf-8", "surrogateescape").split(cell)
        lines[k] = cell.join(map(safe_cell, cells)).encode("utf-8", "surrogateescape")
    return ROW.join(lines)


def export_events(store, path: str | os.PathLike[str], *, excel: bool = False,
                  progress: Callable[[int], bool | None] | None = None) -> int:
    """Export every event to CSV (see EVENT_COLUMNS); returns the row count.

    The last two columns say whether the sources agree (see `db.agreement`): `source_dates` holds
    `annotation_id=value` per source (`;`-separated, empty value when the passage gives no date).
    """
    return write_csv(path, EVENT_COLUMNS, with_agreement(store, store.rows.events()), excel=excel,
                     progress=progress)


def with_agreement(store, rows: Iterable[Sequence[object]]) -> Iterator[tuple]:
    """Event rows (event id first) with `source_dates` and `agreement` appended."""
    from db.agreement_index import AgreementIndex

    index = AgreementIndex(store)
    results = index.load()
    for row in rows:
        r = results.get(str(row[0]))
        yield (*row, r.source_dates() if r else "", r.status if r else "")
