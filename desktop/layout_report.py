"""`--layout-report FILE` (hidden): once the window has settled, write what a person sees as JSON, quit.

Used by the real-screen tests (Xvfb + a window manager): window and frame against the screen's
available area, the panes' share of the height, each dock (shown, on a visible tab, or hidden),
the timeline's drawn size, and whether Ctrl+Alt+L brings a closed timeline back with the keyboard.
All sizes are logical pixels.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QTabBar

from desktop.layout import layout_settled


def _rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _tabbed_titles(win: QMainWindow) -> set[str]:
    """Titles on the dock tab bars that are drawn inside the window."""
    inside = win.rect()
    out: set[str] = set()
    for bar in win.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if bar.isVisible() and inside.contains(bar.geometry()) and bar.width() > 20:
            out.update(bar.tabText(i) for i in range(bar.count()))
    return out


def snapshot(win: QMainWindow) -> dict:
    """The window as seen: geometries, docks, timeline (logical pixels)."""
    screen = win.screen()
    tabbed = _tabbed_titles(win)
    docks = {}
    for key, dock in win.docks.items():
        shown = dock.isVisible() and not dock.visibleRegion().isEmpty()
        docks[key] = {"title": dock.windowTitle(), "checked": dock.toggleViewAction().isChecked(),
                      "shown": shown, "on_tab": dock.windowTitle() in tabbed, "floating": dock.isFloating(),
                      "geometry": _rect(dock.geometry())}
    timeline = win.timeline_ctl.timeline if win.timeline_ctl is not None else None
    central = win.centralWidget()
    bars = [{"tabs": sorted(b.tabText(i) for i in range(b.count())), "geometry": _rect(b.geometry())}
            for b in win.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly) if b.isVisible()]
    groups = []
    for dock in win.docks.values():
        group = sorted([dock.windowTitle()] + [d.windowTitle() for d in win.tabifiedDockWidgets(dock)])
        if len(group) > 1 and group not in groups and not dock.isFloating():
            groups.append(group)
    return {
        "screen": {"available": _rect(screen.availableGeometry()), "geometry": _rect(screen.geometry()),
                   "dpr": screen.devicePixelRatio()},
        "window": {"geometry": _rect(win.geometry()), "frame": _rect(win.frameGeometry()),
                   "maximized": bool(win.windowState() & Qt.WindowState.WindowMaximized),
                   "minimum": [win.minimumSizeHint().width(), win.minimumSizeHint().height()],
                   "title": win.windowTitle()},
        "panes": {"geometry": _rect(central.geometry()), "count": len(win.panes.panes),
                  "status_bar_visible": win.statusBar().isVisible()
                  and not win.statusBar().visibleRegion().isEmpty()},
        "docks": docks,
        "tab_bars": bars,
        "tab_groups": sorted(groups),
        "timeline": {"shown": bool(timeline and timeline.isVisible() and not timeline.visibleRegion().isEmpty()),
                     "size": [timeline.width(), timeline.height()] if timeline else [0, 0]},
    }


class _Reporter(QObject):
    def __init__(self, win: QMainWindow, path: Path) -> None:
        super().__init__(win)
        self.win = win
        self.path = path
        self.report: dict = {}
        self.tries = 0
        QTimer.singleShot(300, self._wait_settled)

    def _wait_settled(self) -> None:
        self.tries += 1
        if not layout_settled(self.win) and self.tries < 50:
            QTimer.singleShot(100, self._wait_settled)
            return
        QTimer.singleShot(200, self._measure)

    def _measure(self) -> None:
        self.report = snapshot(self.win)
        self.win.docks["timeline"].close()  # closed by the analyst; the shortcut brings it back
        QApplication.processEvents()
        self.win.activateWindow()
        target = QApplication.focusWidget() or self.win
        QTest.keySequence(target, QKeySequence("Ctrl+Alt+L"))
        QTimer.singleShot(300, self._after_shortcut)

    def _after_shortcut(self) -> None:
        timeline = self.win.timeline_ctl.timeline
        self.report["shortcut"] = {"timeline_shown": timeline.isVisible() and not timeline.visibleRegion().isEmpty(),
                                   "timeline_focused": QApplication.focusWidget() is timeline}
        self.win.panes.panes[0].view.setFocus()
        QTest.keySequence(self.win.panes.panes[0].view, QKeySequence("Ctrl+T"))  # a third pane
        QTimer.singleShot(300, self._after_new_pane)

    def _after_new_pane(self) -> None:
        self.report["new_pane"] = {"pane_widths": [p.width() for p in self.win.panes.panes],
                                   "library_width": self.win.docks["library"].width()}
        self.path.write_text(json.dumps(self.report, indent=1), encoding="utf-8")
        self.win.close()  # saves the layout, as when the analyst quits


def report_layout(win: QMainWindow, path: str) -> None:
    """Write the settled window's layout report to `path`, then close the window (which saves it)."""
    win._layout_reporter = _Reporter(win, Path(path))
