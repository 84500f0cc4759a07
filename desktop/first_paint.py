"""Work that waits until the window has been painted once, so that start-up shows the window first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    """Runs the queued calls right after the window's first paint, then stops watching."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.calls: list[Callable[[], None]] = []
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            self.window.setProperty("painted", True)
            calls, self.calls = self.calls, []
            for call in calls:
                QTimer.singleShot(0, self.window, call)
            # after them (zero timers run in order): tests and probes can wait for a settled window
            QTimer.singleShot(0, self.window, lambda: self.window.setProperty("settled", True))
        return False


def after_first_paint(window: QWidget, call: Callable[[], None]) -> None:
    """Call `call` in the event loop's next turn once the window has been painted (or is on screen)."""
    if window.property("painted") or window.isVisible():
        QTimer.singleShot(0, window, call)
        return
    watcher = window.findChild(_FirstPaint)
    if watcher is None:
        watcher = _FirstPaint(window)
    watcher.calls.append(call)
