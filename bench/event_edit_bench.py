"""Event edit benchmark through the real window, offscreen (JSON lines).

event_edit   a database of 100,000 events, the window shown with the timeline docked: change one
             event's date through the Workspace operation the event editor uses → the timeline repainted
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_bench import Frames  # noqa: E402 - bench/ is the script's folder: one frame counter for both
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from timeline_bench import add_day_events  # noqa: E402 - the same events as the timeline bench

from db.models import PartialDate  # noqa: E402
from db.store import Store  # noqa: E402

EVENTS = 100_000


def build_db(path: Path, n: int = EVENTS) -> Store:
    """A database with n day events over 2009–2024, built as the timeline bench builds them."""
    store = Store(path, seed=True)
    add_day_events(store, n)
    return store


def main() -> None:
    app = QApplication.instance() or QApplication([])
    from desktop.app import build_window
    from desktop.style import apply_style

    apply_style(app)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        store = build_db(tmp / "bench.sqlite3")
        win = build_window(store, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), "bench")
        win.resize(1366, 768)
        win.show()
        tl = win.timeline_ctl
        tl.dock.show()
        tl.dock.raise_()
        app.processEvents()
        frames = Frames(tl.timeline)
        tl.timeline.repaint()
        rng = random.Random(5)
        samples, cpu = [], []
        for _ in range(21):
            eid = f"ev{rng.randrange(EVENTS)}"
            day = date(2009, 1, 1) + timedelta(days=rng.randrange(5840))
            when = PartialDate(day, day, "day", day.isoformat())
            app.processEvents()
            t0, c0 = time.perf_counter(), time.process_time()
            assert win.ws.edit_event(eid, date=when) is not None
            frames.settle(app)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert store.events.get(eid).date.start == day
        print(json.dumps({"bench": "event_edit", "params": {"events": EVENTS, "timeline": "docked"},
                          "median_ms": round(statistics.median(samples), 2), "runs": len(samples),
                          "cpu_median_ms": round(statistics.median(cpu), 2), "target_ms": 30}), flush=True)
        win.ws.undo_stack.clear()
        win.ws.undo_stack.blockSignals(True)
        win.close()
        store.close()


if __name__ == "__main__":
    main()
