"""Pure layout logic for PDF text: words placed on a page become runs, lines, columns and blocks
in reading order; running heads and page numbers are found here (`db.pdf_paragraphs` makes
paragraphs). No PDF library here: `db.read_pdf` feeds it word boxes in PDF points (y grows upwards).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

SEGMENT_GAP = 0.8   # a horizontal gap wider than this many line heights ends a run of words
WORD_GAP = 0.12    # a gap wider than this many line heights between two letters is a space
GUTTER = 0.8        # the narrowest column gutter, in line heights
COLUMN = 8          # the narrowest column, in gutters (about 6.5 line heights)
EDGE_LINES = 2      # lines at the top and at the bottom of a page checked for running heads
RUNNING_PAGES = 3   # a head or foot on this many pages (or on half of a shorter document) is dropped

_PAGE_NUMBER = re.compile(r"^[\W_]*(?:page|p\.|seite|página|pagina)?\s*\d{1,5}"
                          r"(?:\s*(?:of|/|von|de)\s*\d{1,5})?[\W_]*$", re.IGNORECASE)
_MARKER = re.compile(r"[•◦▪▫●○■□►▸✓✔–-]|\(?\d{1,2}[.)]|\(?[a-z][.)]")  # a list item's bullet or number
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufefc]")  # Hebrew, Arabic script (Urdu, Persian), presentation forms


@dataclass
class Seg:
    """A run of words on one line with no wide gap inside: its box (PDF points) and text."""

    l: float  # noqa: E741
    b: float
    r: float
    t: float
    text: str

    @property
    def h(self) -> float:
        return self.t - self.b


@dataclass
class Line:
    """One line of a block: segments joined left to right."""

    l: float  # noqa: E741
    b: float
    r: float
    t: float
    text: str
    cells: int = 1  # runs with a wide gap between them: more than one in a table row

    @property
    def h(self) -> float:
        return self.t - self.b


def segments(words: list[tuple[float, float, float, float, str, str]]) -> list[Seg]:
    """Group words `(l, b, r, t, text, before)` in content order into runs on one line.

    `before` is " " (a space), "\\n" (a break the PDF library saw) or "". A run's words are put in
    reading order by position (right to left in Arabic script and Hebrew), and joined with a space
    where there is a gap: rotated text elsewhere on a page, or glyph runs of a joined script, can
    make the library see a break after every letter cluster.
    """
    out: list[Seg] = []
    run: list[tuple[float, float, float, float, str, str]] = []
    x0 = y0 = x1 = y1 = last_b = last_t = 0.0
    for word in words:
        l, b, r, t = word[0], word[1], word[2], word[3]  # noqa: E741
        h = t - b
        if h <= 0:
            continue
        if run:
            overlap = (t if t < last_t else last_t) - (b if b > last_b else last_b)
            gap = l - x1 if l - x1 > x0 - r else x0 - r  # to the right, or to the left (right-to-left)
            if overlap >= 0.5 * min(h, last_t - last_b) and -0.5 * h <= gap <= SEGMENT_GAP * h:
                run.append(word)
                x0, y0, x1, y1 = min(x0, l), min(y0, b), max(x1, r), max(y1, t)
                last_b, last_t = b, t
                continue
            out.append(_seg(run, x0, y0, x1, y1))
        run = [word]
        x0, y0, x1, y1 = l, b, r, t
        last_b, last_t = b, t
    if run:
        out.append(_seg(run, x0, y0, x1, y1))
    return [s for s in out if s.text.strip()]


def _seg(run: list[tuple[float, float, float, float, str, str]], x0: float, y0: float, x1: float,
         y1: float) -> Seg:
    """A run of words as one segment, its text in reading order."""
    if len(run) == 1:
        return Seg(x0, y0, x1, y1, run[0][4])
    joined = "".join(w[4] for w in run)
    order = list(range(len(run)))
    if _RTL.search(joined):
        rtl = is_rtl(joined)
        order.sort(key=lambda k: -run[k][2] if rtl else run[k][0])
        order = _embedded_runs(order, [_direction(w[4]) for w in run], "L" if rtl else "R")
    elif any(run[k][0] > run[k + 1][0] for k in range(len(run) - 1)):
        order.sort(key=lambda k: run[k][0])
    parts = [run[order[0]][4]]
    for prev, k in zip(order, order[1:], strict=False):
        a, w = run[prev], run[k]
        gap = max(w[0] - a[2], a[0] - w[2])
        follows = abs(k - prev) == 1 and run[max(k, prev)][5] == " "
        parts.append((" " if follows or gap > WORD_GAP * (w[3] - w[1]) else "") + w[4])
    return Seg(x0, y0, x1, y1, "".join(parts))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _edge_segments(segs: list[Seg]) -> list[Seg]:
    """The segments on the top and bottom `EDGE_LINES` line positions of a page."""
    tops = sorted({round(s.b) for s in segs})
    if not tops:
        return []
    edge = set(tops[:EDGE_LINES]) | set(tops[-EDGE_LINES:])
    return [s for s in segs if round(s.b) in edge]


def drop_running_heads(pages: list[list[Seg]]) -> list[list[Seg]]:
    """Remove page numbers and headers/footers repeated on several pages (digits ignored).

    Chapter running heads repeat only over their chapter's pages, so a few pages are enough.
    """
    edges = [_edge_segments(segs) for segs in pages]
    seen: Counter[str] = Counter()
    for edge in edges:
        seen.update({_norm(s.text) for s in edge if not _PAGE_NUMBER.match(s.text.strip())})
    need = max(2, min(RUNNING_PAGES, len(pages) / 2))
    out = []
    for segs, edge in zip(pages, edges, strict=True):
        numbers = [s for s in edge if _PAGE_NUMBER.match(s.text.strip())]
        drop = {id(s) for s in edge if s not in numbers and len(pages) > 1 and seen[_norm(s.text)] >= need}
        for n in numbers:  # a page number stands alone on its line (or beside a running head)
            line = [s for s in segs if round(s.b) == round(n.b) and s is not n]
            if all(id(s) in drop for s in line):
                drop.add(id(n))
        out.append([s for s in segs if id(s) not in drop])
    return out


def _gaps(segs: list[Seg], min_gap: float) -> list[float]:
    """x positions of the vertical gutters (at least `min_gap` wide) between columns of text.

    A "column" narrower than `COLUMN` gutters (list numbers, a table's figures) is no column: it is
    read with its neighbour, so tables and numbered lists read row by row.
    """
    spans = sorted((s.l, s.r) for s in segs)
    cols = [list(spans[0])]
    for left, r in spans[1:]:
        if left - cols[-1][1] >= min_gap:
            cols.append([left, r])
        else:
            cols[-1][1] = max(cols[-1][1], r)
    while len(cols) > 1:
        k = min(range(len(cols)), key=lambda i: cols[i][1] - cols[i][0])
        if cols[k][1] - cols[k][0] >= COLUMN * min_gap:
            break
        if k == 0 or (k < len(cols) - 1 and cols[k + 1][0] - cols[k][1] < cols[k][0] - cols[k - 1][1]):
            cols[k:k + 2] = [[cols[k][0], max(cols[k][1], cols[k + 1][1])]]
        else:
            cols[k - 1:k + 1] = [[cols[k - 1][0], max(cols[k - 1][1], cols[k][1])]]
    return [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:], strict=False)]


def _bands(segs: list[Seg]) -> list[list[Seg]]:
    """Horizontal bands: segments whose vertical extents overlap, top band first."""
    bands: list[list[Seg]] = []
    bottom = None
    for s in sorted(segs, key=lambda s: -s.t):
        if bands and bottom is not None and s.t > bottom + 0.3 * s.h:
            bands[-1].append(s)
            bottom = min(bottom, s.b)
        else:
            bands.append([s])
            bottom = s.b
    return bands


def blocks(segs: list[Seg], gutter: float, rtl: bool = False) -> list[list[Seg]]:
    """Split a page into blocks in reading order: full-width bands top down, columns left to right
    (right to left on a page in Arabic script or Hebrew)."""
    if len(segs) <= 1:
        return [segs] if segs else []
    cuts = _gaps(segs, gutter)
    if cuts:
        cols: list[list[Seg]] = [[] for _ in range(len(cuts) + 1)]
        for s in segs:
            cols[sum(1 for c in cuts if (s.l + s.r) / 2 > c)].append(s)
        return [b for col in (cols[::-1] if rtl else cols) if col for b in blocks(col, gutter, rtl)]
    groups: list[list[Seg]] = []
    cur: list[Seg] = []
    cur_cols = False
    for band in _bands(segs):
        band_cols = bool(_gaps(band, gutter)) if len(band) > 1 else False
        if not cur:
            cur, cur_cols = list(band), band_cols
            continue
        merged_cols = bool(_gaps(cur + band, gutter))
        if merged_cols or (not cur_cols and not band_cols):
            cur, cur_cols = cur + band, merged_cols
        else:
            groups.append(cur)
            cur, cur_cols = list(band), band_cols
    groups.append(cur)
    if len(groups) == 1:
        return [segs]
    return [b for g in groups for b in blocks(g, gutter, rtl)]


def _direction(word: str) -> str:
    """"R" for a word in a right-to-left script, "L" for one in another script, "N" for digits and signs."""
    rtl = ltr = 0
    for ch in word:
        if ch.isalpha():
            if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc":
                rtl += 1
            else:
                ltr += 1
    return "N" if rtl == ltr == 0 else "R" if rtl > ltr else "L"


def _embedded_runs(order: list[int], dirs: list[str], other: str) -> list[int]:
    """Reverse each run of words in the `other` direction (with the digits and signs inside it):
    English in an Urdu line, or Arabic in an English one, reads in its own direction."""
    out = list(order)
    i = 0
    while i < len(out):
        if dirs[out[i]] != other:
            i += 1
            continue
        j = last = i
        while j + 1 < len(out) and dirs[out[j + 1]] in (other, "N"):
            j += 1
            if dirs[out[j]] == other:
                last = j
        out[i:last + 1] = out[i:last + 1][::-1]
        i = last + 1
    return out


def is_rtl(text: str) -> bool:
    """Whether most letters of `text` (its first 2,000 characters) are right-to-left ones."""
    if not _RTL.search(text):
        return False
    rtl = ltr = 0
    for ch in text[:2000]:
        if ch.isalpha():
            if "\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufefc":
                rtl += 1
            else:
                ltr += 1
    return rtl > ltr


def lines(block: list[Seg]) -> list[Line]:
    """The lines of one block, top down, each read left to right (right to left when so written)."""
    out = []
    for band in _bands(block):
        rtl = len(band) > 1 and is_rtl(" ".join(s.text for s in band))
        band.sort(key=lambda s: -s.r if rtl else s.l)
        text = " ".join(s.text.strip() for s in band)
        cells = len(band) - (1 if _MARKER.fullmatch(band[0].text.strip()) else 0)  # "•" before an item: no cell
        out.append(Line(min(s.l for s in band), min(s.b for s in band), max(s.r for s in band),
                        max(s.t for s in band), text, cells))
    return out
