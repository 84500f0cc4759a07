"""Dock tabs: only the live tab bars are drawn, after a resize and after a saved layout is restored."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabBar


def _drawn_tab_bars(win) -> list[tuple[list[str], object]]:  # noqa: ANN001
    bars = win.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [([b.tabText(i) for i in range(b.count())], b.geometry()) for b in bars if b.isVisible()]


def _tab_groups(win) -> list[list[str]]:  # noqa: ANN001
    groups = []
    for dock in win.docks.values():
        group = sorted([dock.windowTitle()] + [d.windowTitle() for d in win.tabifiedDockWidgets(dock)])
        if len(group) > 1 and group not in groups:
            groups.append(group)
    return sorted(groups)


def _assert_only_live_bars(win) -> None:  # noqa: ANN001
    drawn = _drawn_tab_bars(win)
    assert sorted(sorted(tabs) for tabs, _ in drawn) == _tab_groups(win)
    library = win.docks["library"].geometry()
    for tabs, rect in drawn:  # each bar sits under its own docks, none over the library
        assert not rect.intersects(library), tabs


def test_no_stale_dock_tab_bar_is_left_over_the_window_after_a_resize(qtbot, desk):
    assert _tab_groups(desk)  # the sample layout has tabbed docks
    _assert_only_live_bars(desk)
    desk.resize(1600, 1000)
    qtbot.waitUntil(lambda: desk.width() == 1600)
    QApplication.processEvents()
    _assert_only_live_bars(desk)


def test_a_restored_layout_draws_only_its_own_tab_bars(qtbot, desk, qsettings, tmp_path: Path):
    from desktop.app import build_window

    desk.tabifyDockWidget(desk.docks["notes"], desk.docks["events"])  # the analyst rearranged the docks
    desk.save_state()
    desk.close()
    win = build_window(desk.ws.store, qsettings, str(tmp_path / "desk.sqlite3"))
    qtbot.addWidget(win)
    win.restore_state()
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    assert "Events" in [d.windowTitle() for d in win.tabifiedDockWidgets(win.docks["notes"])]
    _assert_only_live_bars(win)
    win.close()


def test_a_damaged_saved_layout_falls_back_to_the_default_one(qtbot, desk, qsettings, tmp_path: Path):
    from PySide6.QtCore import QByteArray

    from desktop.app import build_window

    desk.close()
    qsettings.setValue("window/state", QByteArray(b"\x00\xff not a layout"))
    win = build_window(desk.ws.store, qsettings, str(tmp_path / "desk.sqlite3"))
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    qtbot.waitExposed(win)
    assert _tab_groups(win) and all(d.isVisible() for d in win.docks.values())
    qtbot.waitUntil(lambda: len(_drawn_tab_bars(win)) == len(_tab_groups(win)))  # Qt shows bars on its next layout
    _assert_only_live_bars(win)
    win.close()
