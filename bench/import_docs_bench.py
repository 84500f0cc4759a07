"""Import figures for PDF and Word files (issue 12), on the real code path. Run with no arguments.

Prints one JSON line per figure: {"bench", "params", "median_ms", "runs", "cpu_ms", "target_ms"}
(cpu_ms: this process and the PDF reader's child process, less distorted by a busy machine).

  import_pdf   a 100-page text PDF (QPdfWriter, running header, page numbers) imported into a
               temporary database with db.importing.import_file (≤ 2 s)
  import_docx  a Word file of the same text (python-docx, one paragraph per 10 lines), same path
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.importing import import_file  # noqa: E402
from db.store import Store  # noqa: E402

PAGES = 100
LINES = 52
RUNS = 5
WORDS = ("army", "said", "operation", "began", "north", "waziristan", "strikes", "minister", "militants",
         "border", "talks", "officials", "province", "attack", "police", "government", "security", "the",
         "on", "in", "a", "of", "and", "that", "counterterrorism", "Peshawar", "Monday", "killed")


def emit(name: str, params: dict, times: tuple[list[float], list[float]], target_ms: float) -> None:
    wall, cpu = times
    print(json.dumps({"bench": name, "params": params, "median_ms": round(statistics.median(wall), 1),
                      "runs": len(wall), "cpu_ms": round(statistics.median(cpu), 1), "target_ms": target_ms}),
          flush=True)


def _cpu_ms() -> float:
    """CPU time of this process and its finished children (the PDF reader runs in one), in ms."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime) * 1000


def report_lines(rng: random.Random) -> list[list[str]]:
    """Pages of lines of about 85 characters; every tenth line ends a paragraph."""
    pages = []
    for _ in range(PAGES):
        lines = []
        for k in range(LINES):
            words, length = [], 0
            while length < 80:
                w = rng.choice(WORDS)
                words.append(w)
                length += len(w) + 1
            line = " ".join(words)
            lines.append(line[0].upper() + line[1:] + ("." if k % 10 == 9 else ""))
        pages.append(lines)
    return pages


def write_pdf(path: Path, pages: list[list[str]]) -> None:
    from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPainter, QPdfWriter

    _app = QGuiApplication.instance() or QGuiApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setTitle("Quarterly security review")
    writer.setAuthor("Research desk")
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(9)
    painter.setFont(font)
    for n, lines in enumerate(pages, 1):
        if n > 1:
            writer.newPage()
        painter.drawText(20, 20, "Quarterly security review — confidential")
        painter.drawText(250, 790, f"Page {n} of {len(pages)}")
        y = 50.0
        for k, line in enumerate(lines):
            painter.drawText(20, y, line)
            y += 13.5 + (5 if k % 10 == 9 else 0)
    painter.end()


def write_docx(path: Path, pages: list[list[str]]) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Quarterly security review", level=1)
    for lines in pages:
        for k in range(0, len(lines), 10):
            d.add_paragraph(" ".join(lines[k:k + 10]))
    d.core_properties.title = "Quarterly security review"
    d.save(str(path))


def time_import(path: Path, folder: Path) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each import (CPU: the figure a loaded machine distorts least)."""
    wall, cpu = [], []
    for run in range(RUNS):
        with Store(folder / f"bench-{path.suffix[1:]}-{run}.sqlite3") as store:
            started, cpu_started = time.perf_counter(), _cpu_ms()
            art = import_file(store, path)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append(_cpu_ms() - cpu_started)
            assert len(store.articles.get(art.id).text) > 100_000
    return wall, cpu


def main() -> None:
    pages = report_lines(random.Random(12))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdf = folder / "review.pdf"
        write_pdf(pdf, pages)
        emit("import_pdf", {"pages": PAGES, "bytes": pdf.stat().st_size}, time_import(pdf, folder), 2000)
        docx_path = folder / "review.docx"
        write_docx(docx_path, pages)
        emit("import_docx", {"paragraphs": PAGES * LINES // 10, "bytes": docx_path.stat().st_size},
             time_import(docx_path, folder), 2000)


if __name__ == "__main__":
    main()
