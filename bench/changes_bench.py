"""What one desk action costs after its write: SQL statements and time until every view has followed its Changes.

The window (offscreen) on the sample corpus with 200 annotations in the open article; each action runs
through its Workspace operation. `statements` counts the SQL the action and every view's update ran
(statements SQLite runs inside triggers are not counted). JSON lines.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from db.models import PartialDate  # noqa: E402
from db.store import Store  # noqa: E402
from desktop.app import build_window  # noqa: E402
from desktop.workspace import Passage  # noqa: E402

RUNS = 15
DAY = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")


def main() -> None:
    app = QApplication.instance() or QApplication([])
    tmp = Path(tempfile.mkdtemp())
    store = Store(":memory:", seed=True)
    win = build_window(store, QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), str(tmp / "x.sqlite3"))
    win.restore_state()
    win.resize(1366, 768)
    win.show()
    deadline = time.monotonic() + 20
    while not win.property("settled") and time.monotonic() < deadline:
        app.processEvents()
    art = win.panes.panes[0].article
    step = max(1, len(art.text) // 220)
    store.annotations.add_many([{"id": f"b{i}", "article_id": art.id, "start": i * step, "end": i * step + 5,
                            "exact": art.text[i * step:i * step + 5]} for i in range(200)])
    win.ws.refresh()
    app.processEvents()
    statements = [0]
    store.conn.set_trace_callback(lambda s: statements.__setitem__(0, statements[0] + (not s.startswith("--"))))
    made = win.ws.add_annotation(art.id, 0, 3)
    event = win.ws.create_event("Bench event", DAY, sources=[made.id])
    actions = {
        "add_annotation": lambda i: win.ws.add_annotation(art.id, 10 + i, 12 + i),
        "edit_note": lambda i: win.ws.edit_annotation(made.id, note=f"note {i}"),
        "edit_event": lambda i: win.ws.edit_event(event.id, title=f"Bench event {i}"),
        "make_event": lambda i: win.ws.create_event(f"E{i}", DAY, sources=[Passage(art.id, 40 + i, 44 + i)],
                                                    decision=(art.id, 40 + i, 44 + i)),
        "undo": lambda _i: win.ws.undo(),
        "decide_suggestion": lambda i: win.ws.decide_suggestion(art.id, 5, 9 + i, "rejected"),
        "update_article": lambda i: win.ws.update_article(art.id, title=f"Title {i}"),
    }
    for name, act in actions.items():
        counts, times = [], []
        for i in range(RUNS):
            statements[0] = 0
            t0 = time.perf_counter()
            act(i)
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
            counts.append(statements[0])
        print(json.dumps({"bench": f"changes_{name}", "params": {"article_annotations": 201},
                          "median_ms": round(statistics.median(times), 2), "runs": RUNS,
                          "statements": int(statistics.median(counts))}), flush=True)
    store.conn.set_trace_callback(None)
    win.close()
    win.ws.undo_stack.clear()
    win.ws.undo_stack.blockSignals(True)
    store.close()


if __name__ == "__main__":
    main()
