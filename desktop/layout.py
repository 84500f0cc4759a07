"""Where the desk's docks go and how big the window is: built once, kept by Qt, clamped to the screen.

The default arrangement: Library on the left; Note, Search and Dates tabbed on the right; at the
bottom, Annotations and Events tabbed on the left and the Timeline beside them in its own place, so
the list and the timeline are seen together.

Tab groups (and a saved layout, which holds them) are made when the window is first shown, never
before: Qt creates dock tab bars as children of the main window, and a bar made while the window is
still hidden (Qt 6 makes a spare one for the second tab group) is shown with the window and never
retired, a stale "Annotations | Events" strip. Made once the window is visible, Qt shows only the
bars in use and retires the others itself.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QElapsedTimer,
    QEvent,
    QMargins,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea

# (dock key, area, the dock it is tabbed with) in the order they are placed
PLAN: tuple[tuple[str, Qt.DockWidgetArea, str | None], ...] = (
    ("library", LEFT, None),
    ("notes", RIGHT, None),
    ("search", RIGHT, "notes"),
    ("suggestions", RIGHT, "notes"),
    ("annotations", BOTTOM, None),
    ("timeline", BOTTOM, None),
    ("events", BOTTOM, "annotations"),
)
FRONT = ("notes", "annotations")  # the tab shown in front of each group

LIBRARY_MIN_W = 220  # a title and a date stay readable whatever the number of panes
SIDE_MIN_W = 220
TIMELINE_MIN_H = 150  # logical pixels of the timeline drawing itself
# room the window manager's frame takes around the window, before the real one is known
FRAME_GUESS = (6, 30, 6, 6)  # left, top, right, bottom
WATCH_MS = 3000  # how long after the first show the window manager's resizes are still balanced
PANES_SHARE = 0.5  # the reading panes' least share of the window's height after a restart
BIG_SCREEN = QSize(1700, 1000)
# saved with the dock state: a layout saved by an older arrangement is not restored (the default is used)
LAYOUT_VERSION = 2  # below this (logical pixels) the window is maximised


def arrange(win: QMainWindow) -> None:
    """Once every dock exists: each in its default area (View's items come from desktop.actions.MENUS).

    The tab groups follow when the window is first shown (see the module's docstring).
    """
    win.setCorner(Qt.Corner.BottomLeftCorner, BOTTOM)
    win.setCorner(Qt.Corner.BottomRightCorner, BOTTOM)
    _place(win)
    win.docks["library"].setMinimumWidth(LIBRARY_MIN_W)
    win._layout = _FirstShow(win)


def dock_order(win: QMainWindow) -> list[str]:
    """The docks' keys as View lists them: the planned ones in plan order, then the others."""
    planned = [k for k, _a, _t in PLAN]
    return [k for k in planned if k in win.docks] + [k for k in win.docks if k not in planned]


def _place(win: QMainWindow) -> None:
    """Every planned dock in its area, docked and visible, in plan order (no tabs yet)."""
    for key, area, _tab in PLAN:
        dock = win.docks.get(key)
        if dock is not None:
            dock.setFloating(False)
            win.addDockWidget(area, dock, Qt.Orientation.Horizontal if area == BOTTOM else Qt.Orientation.Vertical)
            dock.show()


def _tabify(win: QMainWindow) -> None:
    """The default tab groups (the window is visible: see the module's docstring)."""
    docks: dict[str, QDockWidget] = win.docks
    tabs = [(key, tab) for key, _area, tab in PLAN]
    planned = dict(tabs)
    tabs += [(key, d.property("tabify_with")) for key, d in docks.items() if key not in planned]
    for key, tab in tabs:  # docks not in the plan keep the area they were added to
        if tab and key in docks and tab in docks:
            win.tabifyDockWidget(docks[tab], docks[key])
        if key in docks:
            docks[key].show()
    for key in FRONT:
        if key in docks:
            docks[key].raise_()


def place_docks(win: QMainWindow) -> None:
    """The default arrangement now: areas, then tab groups (a shown window only)."""
    _place(win)
    _tabify(win)


def size_docks(win: QMainWindow, size: QSize) -> None:
    """Share a window of `size` between docks and panes: the panes get most of the height."""
    docks = win.docks
    w, h = size.width(), size.height()
    side = [docks[k] for k in ("library", "notes") if k in docks and not docks[k].isFloating()]
    widths = {"Library": max(265, min(round(w * 0.18), 360)), "": max(SIDE_MIN_W + 20, min(round(w * 0.19), 380))}
    win.resizeDocks(side, [widths.get(d.windowTitle(), widths[""]) for d in side], Qt.Orientation.Horizontal)
    bottom = [docks[k] for k in ("annotations", "timeline") if k in docks and not docks[k].isFloating()]
    if len(bottom) == 2 and win.dockWidgetArea(bottom[0]) == win.dockWidgetArea(bottom[1]):
        win.resizeDocks(bottom, [round(w * 0.4), round(w * 0.6)], Qt.Orientation.Horizontal)
    if bottom:
        bottom_h = max(TIMELINE_MIN_H + 90, min(round(h * 0.33), 440))
        win.resizeDocks(bottom[-1:], [bottom_h], Qt.Orientation.Vertical)


def first_geometry(available: QRect) -> tuple[QRect, bool]:
    """The window's first place on a screen's available area, and whether to maximise it.

    Screens up to ~1700×1000 logical pixels are used whole (maximised); larger ones get a window of
    about 88% of the area, centred; either way the frame stays inside the area.
    """
    fl, ft, fr, fb = FRAME_GUESS
    inner = available.adjusted(fl, ft, -fr, -fb)
    if available.width() < BIG_SCREEN.width() or available.height() < BIG_SCREEN.height():
        return inner, True
    w = min(max(round(available.width() * 0.88), 1600), inner.width())
    h = min(max(round(available.height() * 0.88), 950), inner.height())
    rect = QRect(0, 0, w, h)
    rect.moveCenter(inner.center())
    return rect, False


def clamp_rect(frame: QRect, available: QRect) -> QRect:
    """`frame` shrunk and moved so that it lies inside `available`."""
    out = QRect(frame)
    out.setWidth(min(out.width(), available.width()))
    out.setHeight(min(out.height(), available.height()))
    x = min(max(out.x(), available.left()), available.right() - out.width() + 1)
    y = min(max(out.y(), available.top()), available.bottom() - out.height() + 1)
    out.moveTo(QPoint(x, y))
    return out


def _screen_area(win: QMainWindow) -> QRect:
    screen = win.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def restore_layout(win: QMainWindow, geometry: object, state: object) -> None:
    """A restart shows what the user left (clamped to this screen); a first start fits the screen."""
    # Qt refuses (False) a geometry saved on a screen of another size: the window then fits this one
    restored = isinstance(geometry, QByteArray) and not geometry.isEmpty() and win.restoreGeometry(geometry)
    if not restored:
        rect, maximise = first_geometry(_screen_area(win))
        win.setGeometry(rect)
        if maximise and QGuiApplication.platformName() not in ("offscreen", "minimal"):  # no window manager there
            win.setWindowState(win.windowState() | Qt.WindowState.WindowMaximized)
    win._layout.pending = state if isinstance(state, QByteArray) and not state.isEmpty() else None
    if win.isVisible():
        win._layout.apply()


def layout_settled(win: QMainWindow) -> bool:
    """True once the first-show layout is applied and the window manager's resizes are over (or
    when `arrange` never ran)."""
    watch = win.findChild(_FirstShow)
    return watch is None or (watch.applied and not watch.timer.isActive())


def reset_layout(win: QMainWindow) -> None:
    """View → Reset layout: every dock back in its default place, sized for the window."""
    place_docks(win)
    if not (win.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
        win.setGeometry(clamp_rect(win.frameGeometry(), _screen_area(win)).marginsRemoved(_frame_margins(win)))
    size_docks(win, win.size())
    win.statusBar().showMessage("Layout reset: every panel is back in its place.", 4000)


def _frame_margins(win: QMainWindow) -> QMargins:
    f, g = win.frameGeometry(), win.geometry()
    return QMargins(g.left() - f.left(), g.top() - f.top(), f.right() - g.right(), f.bottom() - g.bottom())


def _keep_docks_reachable(win: QMainWindow) -> None:
    """A restored dock floating off every screen comes back into the window."""
    screens = QGuiApplication.screens()
    for dock in win.docks.values():
        if dock.isFloating() and not any(s.availableGeometry().intersects(dock.geometry()) for s in screens):
            dock.setFloating(False)


def balance(win: QMainWindow) -> None:
    """Once the window has its real size: frame inside the screen, panes tall, timeline tall enough."""
    if not (win.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
        available = _screen_area(win)
        if not available.contains(win.frameGeometry()):
            win.setGeometry(clamp_rect(win.frameGeometry(), available).marginsRemoved(_frame_margins(win)))
    central = win.centralWidget()
    timeline = win.docks.get("timeline")
    short_panes = central is not None and central.height() < PANES_SHARE * win.height()
    short_timeline = (timeline is not None and timeline.isVisible() and not timeline.isFloating()
                      and timeline.widget().height() < TIMELINE_MIN_H + 30)
    if short_panes or short_timeline:
        size_docks(win, win.size())


def reveal_dock(win: QMainWindow, key: str, focus: QWidget | None = None) -> None:
    """Show a dock wherever it is (closed, behind a tab, floating) and give it the keyboard."""
    dock = win.docks[key]
    dock.show()
    dock.raise_()
    if dock.isFloating():
        dock.activateWindow()
    else:
        win.activateWindow()
    (focus or dock.widget()).setFocus(Qt.FocusReason.ShortcutFocusReason)


class _FirstShow(QObject):
    """Makes the tab groups (or restores the saved layout) as the window is first shown, then
    balances the layout once the window manager has given the window its real size."""

    def __init__(self, win: QMainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.pending: QByteArray | None = None
        self.applied = False
        self.timer = QTimer(self, singleShot=True, interval=150)
        self.timer.timeout.connect(self._settled)
        self.shown = QElapsedTimer()
        self.watching = True  # the window manager's first resizes are still being balanced
        win.installEventFilter(self)

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = ev.type()
        if kind == QEvent.Type.Show and not self.applied:
            self.shown.start()
            QTimer.singleShot(WATCH_MS, self, self._stop_watching)
            self.apply()
        if kind in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.WindowStateChange) and self.applied:
            self.timer.start()  # window managers send a few of these while mapping and maximising
        return False

    def apply(self) -> None:
        """The saved layout, or else (none, or a damaged one) the default tab groups."""
        self.applied = True
        state, self.pending = self.pending, None
        if state is not None and self.win.restoreState(state, LAYOUT_VERSION):
            _keep_docks_reachable(self.win)
        else:
            _tabify(self.win)
            size_docks(self.win, self.win.size())
        self.win.layout().activate()  # the first frame is drawn with its tab bars in place

    def _settled(self) -> None:
        # a busy machine's window manager may maximise the window after a first quiet spell: keep
        # balancing after each burst of resizes for the first seconds (the analyst's own resizes later
        # never reset their dock sizes)
        if not self.shown.isValid() or self.shown.elapsed() > WATCH_MS:
            self._unwatch()
        balance(self.win)

    def _stop_watching(self) -> None:
        """The first seconds are over: later resizes are the analyst's (a burst still pending is balanced)."""
        if not self.timer.isActive():
            self._unwatch()

    def _unwatch(self) -> None:
        self.watching = False
        self.win.removeEventFilter(self)
