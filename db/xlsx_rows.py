"""Whole batches of typed rows as sheet XML: the fast path behind the annotations XLSX export.

XlsxWriter costs a few microseconds per cell through `write_string` (argument checks, a row table,
then per-cell XML with two regular expressions each), which made a million annotations take about
fifteen times as long as the CSV. Here a batch of rows, decoded from the CSV fast path's lines
(`store.lines.annotations`), is escaped with a few whole-batch operations (the same escapes
XlsxWriter applies per cell: `_xHHHH_` for control characters, `&`, `<`, `>`), and each row becomes
one string of cells. `RowXmlSheet` hands that XML to the worksheet's own row stream; XlsxWriter
still writes everything else (workbook, styles, column widths, frozen pane, filter, the zip).
Every text cell is an inline string, so nothing in a cell can become a formula or markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_ESCAPED_ESCAPE = re.compile("_x[0-9a-fA-F]{4}_")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1d]")  # \x1e and \x1f separate rows and cells in a batch
_EPOCH = date(1899, 12, 30).toordinal()


class RowXmlSheet(Worksheet):
    """A constant-memory worksheet that also takes ready-made `<row>` XML for a run of rows."""

    def append_rows_xml(self, xml: str, first: int, last: int, last_col: int) -> None:
        """Append the rows `first..last` (zero-based), already as XML, after everything written so far."""
        if not self.constant_memory or first <= self.previous_row:
            raise ValueError("rows must come in order, in constant-memory mode")
        self._write_single_row(first)  # flush the row `write_string` & co. left in the table
        self._check_dimensions(first, 0)
        self._check_dimensions(last, last_col)
        self.fh.write(xml)
        self.previous_row = last


def escape_batch(text: str) -> str:
    """Escape a batch of joined cells as XlsxWriter escapes each inline string."""
    if "_x" in text:
        text = _ESCAPED_ESCAPE.sub(r"_x005F\g<0>", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if "\ufffe" in text or "\uffff" in text:
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def excel_day(iso: str) -> int | None:
    """Excel's serial number of an ISO day (1900 date system), None when `iso` is not one day."""
    if len(iso) != 10:
        return None
    try:
        return date.fromisoformat(iso).toordinal() - _EPOCH
    except ValueError:
        return None


class RowXml:
    """Turns escaped rows (cells split) into `<row>` XML, by column kind: "t" text, "n" number, "d" date."""

    def __init__(self, kinds: Sequence[str], text_style: int, day_style: int) -> None:
        self.kinds = list(kinds)
        names = [xl_col_to_name(c) for c in range(len(kinds))]
        self.day_style = day_style
        # per column: what goes before the row number, and after it up to the text
        self.head = [f'<c r="{n}' for n in names]
        style = f' s="{text_style}"' if text_style else ""
        self.plain = [f'"{style if k == "t" else ""} t="inlineStr"><is><t>' for k in kinds]
        self.spaced = [f'"{style if k == "t" else ""} t="inlineStr"><is><t xml:space="preserve">' for k in kinds]
        self.special = [k != "t" for k in kinds]
        self._days: dict[str, int | None] = {}

    def row(self, r: int, cells: Sequence[str]) -> str:
        """One row (zero-based `r`) of already escaped cells; empty cells are left out."""
        rn = str(r + 1)
        out = ['<row r="', rn, '">']
        add = out.append
        head, plain, spaced, special = self.head, self.plain, self.spaced, self.special
        for c, v in enumerate(cells):
            if not v:
                continue
            if special[c] and self._typed(c, v, rn, add):
                continue
            add(head[c])
            add(rn)
            add(spaced[c] if v[0].isspace() or v[-1].isspace() else plain[c])
            add(v)
            add("</t></is></c>")
        add("</row>")
        return "".join(out)

    def _typed(self, c: int, v: str, rn: str, add) -> bool:  # noqa: ANN001
        """Write `v` as a number or a day when its column and its form allow; False when it is text."""
        if self.kinds[c] == "n":
            if not v.isdigit():
                return False
            add(f'{self.head[c]}{rn}"><v>{int(v)}</v></c>')
            return True
        serial = self._days.get(v, -1)
        if serial == -1:
            if len(self._days) > 100_000:
                self._days.clear()
            serial = self._days[v] = excel_day(v)
        if serial is None:
            return False
        add(f'{self.head[c]}{rn}" s="{self.day_style}"><v>{serial}</v></c>')
        return True
