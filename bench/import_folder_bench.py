"""Folder import figures (issue 12), measured on the real code paths. Run with no arguments.

Prints one JSON line per figure: {"bench", "params", "median_ms", "runs"} plus the target.

  import_folder      `chronoline import FOLDER` (db.cli.main) on 1,000 mixed small files
                     (.txt, .md, .html in sub-folders) into a new database (≤ 20 s)
  import_folder_gui  the same folder through the window's batch import (worker thread + progress
                     dialog); also how often the progress moved, the longest time the event loop
                     went without running while files were imported (the window stays responsive),
                     and the one refresh of the views at the end (date suggestions of new articles)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from db.cli import main as cli_main  # noqa: E402
from db.store import Store  # noqa: E402

FILES = 1_000
RUNS = 3
TARGET_MS = 20_000
WORDS = ("army", "said", "operation", "began", "north", "waziristan", "strikes", "minister", "militants",
         "border", "talks", "officials", "province", "attack", "police", "government", "security", "on",
         "Monday", "the", "in", "after", "weeks", "of")


def emit(name: str, params: dict, times_ms: list[float], **extra: object) -> None:
    row = {"bench": name, "params": params, "median_ms": round(statistics.median(times_ms), 3),
           "runs": len(times_ms), **extra}
    print(json.dumps(row), flush=True)


def _paragraphs(rng: random.Random, i: int) -> list[str]:
    return [f"Report {i}, part {p}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 70))) + "."
            for p in range(rng.randint(2, 5))]


def make_folder(root: Path, n: int = FILES) -> None:
    """n small news files, a third each .txt, .md and .html, spread over sub-folders."""
    rng = random.Random(12)
    for i in range(n):
        sub = root / f"batch-{i % 10}" / ("older" if i % 3 == 0 else "")
        sub.mkdir(parents=True, exist_ok=True)
        paras = _paragraphs(rng, i)
        title = f"Operation update number {i}"
        kind = i % 3
        if kind == 0:
            (sub / f"r{i:04d}.txt").write_text(title + "\n\nBy Staff Reporter\n\n" + "\n\n".join(paras) + "\n",
                                               encoding="utf-8")
        elif kind == 1:
            (sub / f"r{i:04d}.md").write_text(f"# {title}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
        else:
            body = "".join(f"<p>{p}</p>" for p in paras)
            (sub / f"r{i:04d}.html").write_text(
                f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
                f"<meta name='author' content='Desk'><meta property='article:published_time' "
                f"content='2024-06-{1 + i % 28:02d}T09:30:00+05:00'></head><body><nav><a href='/'>Home</a></nav>"
                f"<article><h1>{title}</h1>{body}</article><footer>© 2024 The Paper</footer></body></html>",
                encoding="utf-8")


def bench_cli(folder: Path, tmp: Path) -> None:
    times = []
    for run in range(RUNS):
        db = tmp / f"cli-{run}.sqlite3"
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
            code = cli_main(["--db", str(db), "import", str(folder)])
        times.append((time.perf_counter() - t0) * 1000)
        with Store(db) as s:
            assert code == 0 and s.articles.count() == FILES, err.getvalue()[-500:]
    emit("import_folder", {"files": FILES, "path": "chronoline import FOLDER"}, times, target_ms=TARGET_MS)


def bench_gui(folder: Path, tmp: Path) -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QProgressBar

    from desktop.app import build_window
    from desktop.batch_import import BatchImport

    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive for the run
    times, gaps, updates, refresh = [], [], [], []
    for run in range(RUNS):
        store = Store(tmp / f"gui-{run}.sqlite3")
        win = build_window(store, QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat), "bench")
        win.show()
        batch = BatchImport(win, [str(folder)])
        values: list[int] = []
        last_step: list[float] = []
        bar = batch.progress.findChild(QProgressBar)
        bar.valueChanged.connect(values.append)
        bar.valueChanged.connect(lambda v, last_step=last_step: v == FILES and last_step.append(time.perf_counter()))
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(0)
        timer.timeout.connect(lambda ticks=ticks: ticks.append(time.perf_counter()))
        loop = QEventLoop()
        batch.finished.connect(loop.quit)
        t0 = time.perf_counter()
        timer.start()
        batch.start()
        loop.exec()
        elapsed = time.perf_counter() - t0
        timer.stop()
        times.append(elapsed * 1000)
        # the import proper: until the last file is stored (then the views refresh once)
        marks = [t0, *(t for t in ticks if t <= last_step[0]), last_step[0]]
        gaps.append(max(b - a for a, b in zip(marks, marks[1:], strict=False)) * 1000)
        refresh.append((t0 + elapsed - last_step[0]) * 1000)
        updates.append(len(set(values)))
        assert store.articles.count() == FILES and values == sorted(values)
        batch.summary_box.close()
        win.close()
        win.ws.undo_stack.blockSignals(True)
        win.deleteLater()
        store.close()
    emit("import_folder_gui", {"files": FILES, "path": "window batch import"}, times, target_ms=TARGET_MS,
         max_event_loop_gap_ms=round(max(gaps), 1), progress_updates=min(updates),
         final_refresh_ms=round(statistics.median(refresh), 1))


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        folder = tmp / "news"
        make_folder(folder)
        bench_cli(folder, tmp)
        bench_gui(folder, tmp)


if __name__ == "__main__":
    main()
