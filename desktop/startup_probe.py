"""For the start-up benchmark: print the wall-clock time of the first painted frame, then quit."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class _FirstPaint(QObject):
    def __init__(self, win: QWidget) -> None:
        super().__init__(win)
        self.win = win
        self.done = False

    def eventFilter(self, obj, ev) -> bool:  # noqa: ANN001, N802
        if ev.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint {time.time():.6f}", flush=True)
        QApplication.quit()


def report_first_paint(win: QWidget) -> None:
    """Print `first-paint <unix time>` once the main window has painted, then quit."""
    win.installEventFilter(_FirstPaint(win))
