"""The packaged self-test: exercises the real code paths and prints a one-line summary.

`chronoline --self-test` creates a temporary database, imports the sample corpus, annotates a
passage, creates an event, renders the main window and the timeline to PNG, exports both CSVs and
reads them back. Exit 0 with a summary, or 1 naming the step that failed.
"""

from __future__ import annotations

import csv
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)


def run_self_test(out_dir: Path | None = None) -> int:
    """Run every step; print `self-test ok: …` or `self-test FAILED at <step>: …`."""
    t0 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="chronoline-selftest-"))
    out = out_dir or tmp
    state: dict = {}
    steps: list[tuple[str, Callable[[], object]]] = [
        ("X11 platform libraries", _xcb_libraries),
        ("open database", lambda: _open(state, tmp)),
        ("import sample corpus", lambda: _import(state)),
        ("annotate a passage", lambda: _annotate(state)),
        ("create an event", lambda: _event(state)),
        ("render main window", lambda: _render_window(state, out)),
        ("render timeline", lambda: _render_timeline(state, out)),
        ("export annotations CSV", lambda: _export(state, tmp, "annotations")),
        ("export events CSV", lambda: _export(state, tmp, "events")),
    ]
    for name, step in steps:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - the point is to name the failing step
            log.exception("self-test step failed: %s", name)
            print(f"self-test FAILED at {name}: {exc}", file=sys.stderr)
            return 1
    print(f"self-test ok: {state['articles']} articles, 1 annotation, 1 event, window and timeline rendered, "
          f"CSV {state['annotations_rows']} annotation row(s) and {state['events_rows']} event row(s) re-read, "
          f"{(time.perf_counter() - t0) * 1000:.0f} ms, output in {out}")
    return 0


def _xcb_libraries() -> None:
    """On Linux, every library of the bundled xcb platform plugin loads (else: the install line)."""
    if not sys.platform.startswith("linux"):
        return
    from desktop.xcb_check import advice, missing_libraries

    missing = missing_libraries()
    if missing:
        raise RuntimeError(advice(missing).removeprefix("chronoline: "))


def _open(state: dict, tmp: Path) -> None:
    from db.store import Store

    state["store"] = Store(tmp / "selftest.sqlite3")


def _import(state: dict) -> None:
    from db.seed import seed_sample_corpus

    n = seed_sample_corpus(state["store"])
    if n < 5:
        raise RuntimeError(f"only {n} of the 5 sample articles were imported")
    state["articles"] = n


def _annotate(state: dict) -> None:
    store = state["store"]
    art = store.articles.find("Pakistan approves")
    quote = "Azm-e-Istehkam"
    start = art.text.index(quote)
    state["annotation"] = store.annotations.add(art.id, start, start + len(quote), note="self-test", tags=["Operation"])


def _event(state: dict) -> None:
    from db.models import PartialDate

    d = date(2024, 6, 22)
    state["event"] = state["store"].events.add("Operation Azm-e-Istehkam approved", PartialDate(d, d, "day", "22 June 2024"),
                                              category="Operation", source_ids=[state["annotation"].id])


def _render_window(state: dict, out: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.app import build_window

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(out / "selftest-settings.ini"), QSettings.Format.IniFormat)
    win = build_window(state["store"], settings, "selftest.sqlite3")
    win.resize(1366, 768)
    win.show()
    win.open_article(state["annotation"].article_id)
    win.select_annotation(state["annotation"].id, reveal=True)
    app.processEvents()
    path = out / "selftest-window.png"
    if not win.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    state["window"] = win


def _render_timeline(state: dict, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    win = state["window"]
    timeline = win.timeline_ctl.timeline if win.timeline_ctl is not None else None
    if timeline is None:
        raise RuntimeError("the timeline is missing from the main window")
    QApplication.processEvents()
    path = out / "selftest-timeline.png"
    if not timeline.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")


def _export(state: dict, tmp: Path, what: str) -> None:
    from db import export

    path = tmp / f"selftest-{what}.csv"
    fn = export.export_annotations if what == "annotations" else export.export_events
    n = fn(state["store"], path)
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if len(rows) != n or n < 1:
        raise RuntimeError(f"wrote {n} rows but read back {len(rows)}")
    state[f"{what}_rows"] = len(rows)
