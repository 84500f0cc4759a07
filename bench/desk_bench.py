"""Reading desk benchmarks through the real widgets, offscreen (JSON lines).

open_article         a 1 MB article carrying 10,000 annotations, from open to the first painted frame
create_annotation    selection → Annotate action → committed → repainted, in that article
make_event_save      Make event on a date of that article → Save (annotation, event, decision) → repainted
make_event_undo      then Undo (the three in one step) → repainted
scroll_frame         scroll that article by a page and repaint
startup_first_paint  a fresh `python -c` process: import, build the window on a new database, first paint
startup_first_paint_xcb  `python -m desktop` (launcher, xcb check, first-start layout) on Xvfb + openbox at
                     1920×1080 with a fresh home, from process start to the first painted frame
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEvent, QObject, QSettings  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from db.anchoring import make_anchor  # noqa: E402
from db.seed import sample_corpus  # noqa: E402
from db.store import Store  # noqa: E402

ARTICLE_BYTES = 1_000_000
ANNOTATIONS = 10_000
TAGS = ("Operation", "Attack", "Policy", "Diplomacy", "Statement")


def emit(name: str, params: dict, samples: list[float], cpu: list[float] | None = None, **extra: object) -> None:
    """One JSON line; cpu_median_ms (this process's CPU time) shows what other load on the machine adds."""
    if cpu:
        extra["cpu_median_ms"] = round(statistics.median(cpu), 2)
    print(json.dumps({"bench": name, "params": params, "median_ms": round(statistics.median(samples), 2),
                      "runs": len(samples), **extra}), flush=True)


class Frames(QObject):
    """Counts paint events of a widget, so a step is timed until its frame is actually painted."""

    def __init__(self, widget) -> None:  # noqa: ANN001
        super().__init__()
        self.widget = widget
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, ev) -> bool:  # noqa: ANN001, N802
        if ev.type() == QEvent.Type.Paint:
            self.count += 1
        return False

    def settle(self, app: QApplication) -> None:
        """Deliver pending events (the deferred highlight refresh, updates); paint now if that did not."""
        before = self.count
        app.processEvents()
        if self.count == before:
            self.widget.repaint()


class Clock:
    """Wall and CPU time of one step, in ms."""

    def __enter__(self) -> Clock:
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.wall = (time.perf_counter() - self.t0) * 1000
        self.cpu = (time.process_time() - self.c0) * 1000


def big_text() -> str:
    """About 1 MB of real news prose (the sample corpus repeated, numbered), with a few emoji."""
    parts = [e["text"] for e in sample_corpus()]
    out: list[str] = []
    size = i = 0
    while size < ARTICLE_BYTES:
        chunk = f"[{i}] 📰 " + parts[i % len(parts)] + "\n"
        out.append(chunk)
        size += len(chunk.encode("utf-8"))
        i += 1
    return "".join(out)


def build_db(path: Path) -> tuple[Store, str]:
    """A database with the big article and 10,000 annotations (batch insert), 40 % tagged."""
    store = Store(path)
    text = big_text()
    art = store.articles.add("One megabyte of reports", text, source="Benchmark")
    rng = random.Random(7)
    rows = []
    for _ in range(ANNOTATIONS):
        start = rng.randrange(0, len(text) - 400)
        end = start + rng.randint(15, 300)
        a = make_anchor(text, start, end)
        row = {"article_id": art.id, "start": start, "end": end, "exact": a.exact, "prefix": a.prefix,
               "suffix": a.suffix, "note": f"note {start}" if rng.random() < 0.3 else ""}
        if rng.random() < 0.4:
            row["tags"] = [rng.choice(TAGS)]
        rows.append(row)
    store.annotations.add_many(rows)
    store.articles.add("A short second article", "Short text for the second pane.\n" * 20, source="Benchmark")
    return store, art.id


def bench_in_window(store: Store, article_id: str, tmp: Path) -> None:
    app = QApplication.instance() or QApplication([])
    from desktop.actions import Action
    from desktop.app import build_window
    from desktop.style import apply_style

    apply_style(app)
    settings = QSettings(str(tmp / "bench.ini"), QSettings.Format.IniFormat)
    win = build_window(store, settings, str(tmp / "bench.sqlite3"))
    win.resize(1366, 768)
    win.show()
    app.processEvents()
    pane = win.panes.panes[0]
    other = next(a.id for a in store.articles.all() if a.id != article_id)
    params = {"article_chars": len(store.articles.get(article_id).text), "annotations": ANNOTATIONS}

    frames = Frames(pane.view.viewport())

    # open_article: read from the store (cold: nothing cached), re-anchor check, highlights, table
    # → first frame painted with highlights
    samples, cpu = [], []
    for _ in range(6):
        win.open_article(other, pane=pane)
        win.ws.refresh()  # View → Refresh: every view reloads and nothing is cached (as in a new window)
        app.processEvents()
        with Clock() as c:
            win.open_article(article_id, pane=pane)
            frames.settle(app)
        samples.append(c.wall)
        cpu.append(c.cpu)
        assert pane.view.extraSelections(), "no highlights painted"
    emit("open_article", {**params, "cache": "cold"}, samples[1:], cpu[1:], target_ms=100)

    # create_annotation: select on screen → Annotate → committed → repainted
    view = pane.view
    rng = random.Random(3)
    samples, cpu = [], []
    for _ in range(21):
        view.verticalScrollBar().setValue(rng.randrange(0, view.verticalScrollBar().maximum()))
        app.processEvents()
        lo, hi = view.visible_qt_range()
        start = rng.randrange(lo, max(lo + 1, hi - 200))
        cur = QTextCursor(view.document())
        cur.setPosition(start)
        cur.setPosition(start + rng.randint(10, 120), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cur)
        app.processEvents()
        n = store.annotations.count()
        with Clock() as c:
            win.action(Action.ANNOTATE).trigger()
            frames.settle(app)
        samples.append(c.wall)
        cpu.append(c.cpu)
        assert store.annotations.count() == n + 1
    emit("create_annotation", params, samples, cpu, target_ms=10)
    bench_make_event_undo(app, win, store, article_id, frames, params)

    # scroll_frame: one page down and repaint (the visible highlights are rebuilt on scroll)
    view.setFocus()
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    samples, cpu = [], []
    for _ in range(60):
        with Clock() as c:
            bar.setValue(bar.value() + bar.pageStep())
            frames.settle(app)
        samples.append(c.wall)
        cpu.append(c.cpu)
    emit("scroll_frame", params, samples, cpu, target_ms=16, p90_ms=round(sorted(samples)[int(len(samples) * 0.9)], 2))
    win.ws.undo_stack.clear()
    win.ws.undo_stack.blockSignals(True)
    win.close()


def bench_make_event_undo(app: QApplication, win, store: Store, article_id: str, frames: Frames,  # noqa: ANN001
                          params: dict) -> None:
    """make_event_save: Make event on a date → Save (annotation + event + decision, one step) → repainted;
    make_event_undo: then Edit → Undo (all three undone) → repainted."""
    from datetime import date

    from db.dates import event_date, extract
    from db.models import PartialDate
    from desktop.actions import Action

    sugg = win.suggestions_ctl
    text = store.articles.get(article_id).text
    published = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day")
    found = [x for x in extract(text[:30_000], published) if event_date(x) is not None]
    saves, undos, cpu = [], [], []
    for i in range(21):
        x = found[i % len(found)]
        win.open_article(article_id, pane=win.panes.panes[0])
        editor = sugg.make_event(x, article_id)
        app.processEvents()
        n = store.events.count()
        with Clock() as c:
            editor.save()
            frames.settle(app)
        saves.append(c.wall)
        assert store.events.count() == n + 1
        with Clock() as c:
            win.action(Action.UNDO).trigger()
            frames.settle(app)
        undos.append(c.wall)
        cpu.append(c.cpu)
        assert store.events.count() == n and not store.decisions.of_article(article_id)
    emit("make_event_save", params, saves)
    emit("make_event_undo", params, undos, cpu, target_ms=30)


STARTUP = textwrap.dedent("""
    import os, sys, time, tempfile
    from pathlib import Path
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtWidgets import QApplication
    import desktop.app
    app = QApplication([])
    from desktop.style import apply_style
    apply_style(app)
    from db.store import Store
    tmp = Path(tempfile.mkdtemp())
    store = Store(tmp / "fresh.sqlite3", seed=True)
    win = desktop.app.build_window(store, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat),
                                   str(tmp / "fresh.sqlite3"))
    win.restore_state()
    class FirstPaint(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.Paint:
                print(time.time(), flush=True)
                app.quit()
            return False
    f = FirstPaint()
    win.installEventFilter(f)
    win.show()
    app.exec()
    os._exit(0)
""")


def bench_startup(runs: int = 5) -> None:
    samples = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    cpu = []
    for _ in range(runs):
        t0, c0 = time.time(), _children_cpu()
        out = subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True, timeout=60)
        cpu.append((_children_cpu() - c0) * 1000)
        painted = float(out.stdout.strip().splitlines()[-1])
        samples.append((painted - t0) * 1000)
    emit("startup_first_paint", {"db": "fresh temp file, sample corpus seeded"}, samples, cpu, target_ms=500)


def bench_startup_xcb(runs: int = 5) -> None:
    """The real start on a real X server with a window manager (skipped without Xvfb/openbox)."""
    from tests.real_screen import MISSING, XServer, app_env

    if MISSING:
        print(json.dumps({"bench": "startup_first_paint_xcb", "skipped": f"needs {' and '.join(MISSING)}"}))
        return
    server = XServer("1920x1080")
    samples: list[float] = []
    cpu: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as d:
            ready = Path(d) / "wm-ready"
            env = app_env(Path(d) / "wm", server.display, 1)
            wm = subprocess.Popen(["openbox", "--sm-disable", "--startup", f"touch {ready}"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for _ in range(100):  # openbox runs its start-up command once it manages the screen
                if ready.exists():
                    break
                time.sleep(0.05)
            try:
                for i in range(runs):
                    env = app_env(Path(d) / f"home{i}", server.display, 1)  # a first start each time
                    t0, c0 = time.time(), _children_cpu()
                    out = subprocess.run([sys.executable, "-m", "desktop", "--startup-probe"], cwd=ROOT, env=env,
                                         capture_output=True, text=True, timeout=60)
                    cpu.append((_children_cpu() - c0) * 1000)
                    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("first-paint ")), None)
                    if line is None:
                        raise RuntimeError(f"no first paint: {out.stderr[-500:]}")
                    samples.append((float(line.split()[1]) - t0) * 1000)
            finally:
                wm.kill()
                wm.wait()
    finally:
        server.close()
    emit("startup_first_paint_xcb", {"screen": "1920x1080", "wm": "openbox", "home": "fresh (first start)"},
         samples, cpu, target_ms=800)


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (the app's own work, whatever the load)."""
    import resource

    use = resource.getrusage(resource.RUSAGE_CHILDREN)
    return use.ru_utime + use.ru_stime


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t0 = time.perf_counter()
        store, article_id = build_db(tmp / "bench.sqlite3")
        print(json.dumps({"setup": "database", "seconds": round(time.perf_counter() - t0, 2)}), file=sys.stderr)
        bench_in_window(store, article_id, tmp)
        store.close()
    bench_startup()
    bench_startup_xcb()


if __name__ == "__main__":
    main()
