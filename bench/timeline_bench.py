"""Timeline benchmarks: frame paint, hit test and load at 1k–1M synthetic events (JSON lines)."""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from array import array
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPointF  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.timeline.items import PRECISIONS, TimelineItem  # noqa: E402
from desktop.timeline.scale import EPOCH_ORDINAL, to_days  # noqa: E402
from desktop.timeline.widget import TimelineWidget  # noqa: E402

SIZES = (1_000, 10_000, 100_000, 1_000_000)
LANES = ("Attack", "Operation", "Policy", "Diplomacy", "Statement", "Other")
ZOOMS = {
    "16y": (date(2009, 1, 1), date(2024, 12, 31)),
    "1y": (date(2016, 1, 1), date(2016, 12, 31)),
    "1m": (date(2016, 6, 1), date(2016, 6, 30)),
}



def add_day_events(store, n: int) -> None:  # noqa: ANN001 - db.store.Store
    """n day events over 2009–2024, one lane per category in turn (bulk rows straight into the table)."""
    rng = random.Random(3)
    base = date(2009, 1, 1).toordinal()
    rows = []
    for i in range(n):
        d = date.fromordinal(base + rng.randrange(5840)).isoformat()
        rows.append((f"ev{i}", f"Event {i}", "", "", d, d, "day", LANES[i % len(LANES)], "", "", ""))
    with store.atomic() as conn:  # bench set-up only
        conn.executemany('INSERT INTO events (id, title, description, date_text, start, "end", precision, '
                         "category, expression, created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

def synthetic(n: int, seed: int = 7) -> dict[str, object]:
    """Columns of n events over 2009–2024: mostly days, some months, years and long spans.

    Plain `array.array`s and lists, as any caller can hand them over.
    """
    rng = random.Random(seed)
    lo, hi = to_days(date(2009, 1, 1)), to_days(date(2025, 1, 1))
    start = array("d", (float(int(rng.uniform(lo, hi))) for _ in range(n)))
    prec = array("b", rng.choices(range(4), (0.9, 0.06, 0.03, 0.01), k=n))
    fixed = (1.0, 30.0, 365.0)
    end = array("d", (min(s + (fixed[p] if p < 3 else float(rng.randrange(30, 3000))), hi)
                      for s, p in zip(start, prec, strict=True)))
    return {
        "ids": [f"ev{i}" for i in range(n)],
        "start": start,
        "end": end,
        "lane": array("i", (rng.randrange(len(LANES)) for _ in range(n))),
        "precision": prec,
        "sources": array("i", (rng.randrange(1, 4) for _ in range(n))),
        "suggested": [rng.random() < 0.03 for _ in range(n)],
        "titles": [f"Synthetic event number {i}" for i in range(n)],
    }


def as_items(cols: dict[str, object]) -> list[TimelineItem]:
    """The same events as TimelineItem records (the list path of set_events)."""
    out = []
    for i, eid in enumerate(cols["ids"]):  # type: ignore[arg-type]
        s = date.fromordinal(int(cols["start"][i]) + EPOCH_ORDINAL)  # type: ignore[index]
        e = date.fromordinal(int(cols["end"][i]) - 1 + EPOCH_ORDINAL)  # type: ignore[index]
        out.append(TimelineItem(eid, cols["titles"][i], s, e,  # type: ignore[index]
                                PRECISIONS[int(cols["precision"][i])],  # type: ignore[index]
                                LANES[int(cols["lane"][i])], LANES[int(cols["lane"][i])],  # type: ignore[index]
                                int(cols["sources"][i]), bool(cols["suggested"][i])))  # type: ignore[index]
    return out


def emit(bench: str, params: dict[str, object], samples: list[float]) -> None:
    """Print one JSON line with the median in milliseconds."""
    print(json.dumps({"bench": bench, "params": params,
                      "median_ms": round(statistics.median(samples) * 1000, 4),
                      "runs": len(samples)}), flush=True)


def load_arrays(w: TimelineWidget, cols: dict[str, object]) -> None:
    """Hand the columns to the widget's fast path."""
    w.set_arrays(cols["ids"], cols["start"], cols["end"], cols["lane"], LANES,  # type: ignore[arg-type]
                 titles=cols["titles"], precision=cols["precision"],  # type: ignore[arg-type]
                 sources=cols["sources"], suggested=cols["suggested"])  # type: ignore[arg-type]


def bench_size(app: QApplication, n: int) -> None:
    """Load, frame and hit-test figures for one event count."""
    cols = synthetic(n)
    w = TimelineWidget()
    w.resize(1600, 400)
    w.show()
    app.processEvents()
    runs = 3 if n >= 1_000_000 else 5
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        load_arrays(w, cols)
        samples.append(time.perf_counter() - t)
    emit("timeline_load", {"n": n, "source": "arrays"}, samples)
    if n <= 100_000:
        items = as_items(cols)
        samples = []
        for _ in range(3):
            t = time.perf_counter()
            w.set_events(items, LANES)
            samples.append(time.perf_counter() - t)
        emit("timeline_load", {"n": n, "source": "items"}, samples)
        del items
    rng = random.Random(1)
    for zoom, (first, last) in ZOOMS.items():
        w.set_visible_range(first, last)
        w.repaint()
        samples = []
        for k in range(30 if n < 1_000_000 else 15):
            w.pan(1 if k % 2 else -1)  # a new range every frame: no cached layout is reused
            t = time.perf_counter()
            w.repaint()
            samples.append(time.perf_counter() - t)
        emit("timeline_frame", {"n": n, "zoom": zoom}, samples)
        samples = []
        for _ in range(200):
            pt = QPointF(rng.uniform(200, 1590), rng.uniform(50, 340))
            t = time.perf_counter()
            w.event_at(pt)
            samples.append(time.perf_counter() - t)
        emit("timeline_hit_test", {"n": n, "zoom": zoom}, samples)
    w.close()
    w.deleteLater()
    app.processEvents()


def bench_database_load(app: QApplication, n: int = 100_000) -> None:
    """Loading n stored events from a database file into the desk's timeline (the real path:
    store.events.timeline_columns (db.timeline_rows) → TimelineController.reload → TimelineWidget.set_arrays)."""
    import tempfile

    from PySide6.QtCore import QSettings

    from db.store import Store
    from desktop.app import build_window

    tmp = Path(tempfile.mkdtemp(prefix="chronoline-tl-bench-"))
    store = Store(tmp / "bench.sqlite3", seed=True)
    add_day_events(store, n)
    win = build_window(store, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), "bench")
    controller = win.timeline_ctl
    samples = []
    for _ in range(3):
        t = time.perf_counter()
        controller.reload()
        samples.append(time.perf_counter() - t)
    emit("timeline_load", {"n": n, "source": "database"}, samples)
    win.close()
    win.ws.undo_stack.blockSignals(True)
    store.close()


def main() -> None:
    """Run every size; no arguments."""
    app = QApplication.instance() or QApplication([])
    for n in SIZES:
        bench_size(app, n)
    bench_database_load(app)


if __name__ == "__main__":
    main()
