"""Render docs/agreement.png offscreen: an event whose sources disagree, in the table, the
timeline and the event editor (the sample corpus, with a few passages made sources)."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    """Build the desk on the sample corpus with agreeing and conflicting events and grab it."""
    from PySide6.QtCore import QPoint, QSettings
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from db.models import PartialDate
    from db.store import Store
    from desktop.actions import Action
    from desktop.app import build_window
    from desktop.style import apply_style

    app = QApplication(sys.argv[:1])
    apply_style(app)
    out = Path(__file__).resolve().parents[1] / "docs"
    store = Store(":memory:", seed=True)
    approves = store.articles.find("Pakistan approves")
    defence = store.articles.find("Pakistan’s Defence")

    def source(article, quote: str) -> str:  # noqa: ANN001
        i = article.text.index(quote)
        return store.annotations.add(article.id, i, i + len(quote)).id

    def day(y: int, m: int, d: int) -> PartialDate:
        when = PartialDate(date(y, m, d), date(y, m, d), "day")
        return PartialDate(when.start, when.end, "day", when.label())

    dasu = [source(approves, "were killed in March when a suicide bomber rammed"),
            source(defence, "a tragic incident in March 2024")]
    store.events.add("Dasu attack on Chinese engineers", day(2024, 3, 26), category="Attack", source_ids=dasu)
    statement = source(approves, "Saturday’s statement said")
    soldiers = source(approves, "On Friday, five Pakistani soldiers were")
    conflict = store.events.add("Five soldiers killed; operation approved", day(2024, 6, 22), category="Attack",
                               source_ids=[statement, soldiers])
    store.events.add("Strikes in Afghanistan to continue", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month",
                                                                      "June 2024"), category="Policy",
                    source_ids=[source(defence, "Pakistan will persist in its military operations")])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
    win = build_window(store, settings, "chronoline.sqlite3")
    win.restore_state()
    win.resize(1366, 820)
    win.show()
    win.docks["events"].show()
    win.docks["events"].raise_()
    events = win.events_ctl
    events.panel.select(conflict.id)
    timeline = win.timeline_ctl
    win.action(Action.SOURCE_DATE_TICKS).setChecked(True)
    timeline.timeline.set_visible_range(date(2024, 3, 1), date(2024, 7, 15))
    timeline.timeline.set_selected([conflict.id])
    editor = events.panel.edit_current()
    editor.sources_list.setCurrentRow(1)
    for _ in range(5):
        app.processEvents()
    window = win.grab().toImage()
    dialog = editor.grab().toImage()
    timeline.dock.setFloating(True)  # a taller strip than the docked tab, so each event has a row
    timeline.dock.resize(window.width(), 300)
    timeline.timeline.set_visible_range(date(2024, 3, 1), date(2024, 7, 15))
    for _ in range(5):
        app.processEvents()
    strip = timeline.dock.grab().toImage()
    shot = QImage(window.width(), window.height() + strip.height() + 8, QImage.Format.Format_RGB32)
    shot.fill(win.palette().window().color())
    p = QPainter(shot)
    p.drawImage(QPoint(0, 0), window)
    p.drawImage(QPoint(shot.width() - dialog.width() - 24, 70), dialog)
    p.drawImage(QPoint(0, window.height() + 8), strip)
    p.end()
    shot.save(str(out / "agreement.png"))
    print(f"wrote {out / 'agreement.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
