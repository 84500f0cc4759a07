"""The desk's layout: every dock reachable from View, Reset layout, Ctrl+Alt+L, panes, first geometry."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication

from desktop import layout
from desktop.actions import Action, Menu
from desktop.timeline.paint import legend_font


def _shown(widget) -> bool:  # noqa: ANN001
    """Drawn on screen (a dock behind a tab stays 'visible' to Qt, with nothing of it drawn)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _reachable(win, key: str) -> bool:  # noqa: ANN001
    """Shown, or one click away on the tab bar of a shown group."""
    dock = win.docks[key]
    return _shown(dock) or any(_shown(d) for d in win.tabifiedDockWidgets(dock))


def test_view_lists_every_dock_and_reset_layout(desk):
    names = [a.text() for a in desk.menus[Menu.VIEW].actions()]
    for dock in desk.docks.values():
        assert dock.toggleViewAction() in desk.menus[Menu.VIEW].actions(), dock.windowTitle()
    assert {"Events", "Dates", "Timeline", "Annotations", "Library"} <= set(names)
    assert "Reset &layout" in names


def test_the_timeline_has_its_own_place_beside_the_annotation_list(desk):
    timeline, annotations = desk.docks["timeline"], desk.docks["annotations"]
    assert timeline.isVisible() and annotations.isVisible()
    assert desk.tabifiedDockWidgets(timeline) == []
    assert [d.windowTitle() for d in desk.tabifiedDockWidgets(annotations)] == ["Events"]
    assert not timeline.geometry().intersects(annotations.geometry())
    assert timeline.widget().height() >= layout.TIMELINE_MIN_H


def test_reset_layout_brings_back_closed_floating_and_moved_docks(desk, qtbot):
    desk.docks["events"].close()
    desk.docks["suggestions"].close()
    desk.docks["notes"].setFloating(True)
    desk.tabifyDockWidget(desk.docks["annotations"], desk.docks["timeline"])
    desk.docks["annotations"].raise_()
    qtbot.waitUntil(lambda: not _shown(desk.docks["timeline"]))
    desk.action(Action.RESET_LAYOUT).trigger()
    qtbot.waitUntil(lambda: _shown(desk.docks["timeline"]))
    assert all(_reachable(desk, k) for k in desk.docks)
    assert not desk.docks["notes"].isFloating()
    assert desk.tabifiedDockWidgets(desk.docks["timeline"]) == []
    assert "Layout reset" in desk.statusBar().currentMessage()


def test_ctrl_alt_l_brings_the_timeline_from_behind_a_tab_and_focuses_it(desk, qtbot):
    timeline = desk.docks["timeline"]
    desk.tabifyDockWidget(desk.docks["annotations"], timeline)
    desk.docks["annotations"].raise_()
    qtbot.waitUntil(lambda: not _shown(timeline))
    desk.activateWindow()
    view = desk.current_view()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: _shown(timeline))
    widget = desk.timeline_ctl.timeline
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_ctrl_alt_l_reopens_a_closed_timeline(desk, qtbot):
    desk.docks["timeline"].close()
    desk.action(Action.FOCUS_TIMELINE).trigger()
    qtbot.waitUntil(lambda: desk.docks["timeline"].isVisible())
    assert desk.docks["timeline"].toggleViewAction().isChecked()


def test_the_title_names_the_database_once(desk):
    assert desk.windowTitle() == "desk.sqlite3"  # the platform appends " — Chronoline"


def test_new_panes_are_equal_and_the_library_keeps_its_width(desk, qtbot):
    for _ in range(2):
        desk.action(Action.NEW_PANE).trigger()
    QApplication.processEvents()
    qtbot.waitUntil(lambda: max(desk.panes.sizes()) - min(desk.panes.sizes()) <= 2)
    assert len(desk.panes.panes) == 4
    assert desk.docks["library"].width() >= layout.LIBRARY_MIN_W


def test_the_window_shrinks_to_a_small_laptop(desk):
    assert desk.minimumSizeHint().width() <= 1000
    desk.resize(1024, 640)
    QApplication.processEvents()
    assert desk.width() <= 1030


def test_an_empty_pane_says_what_to_do_in_its_text_area_not_in_a_big_title(desk):
    desk.action(Action.NEW_PANE).trigger()
    pane = desk.panes.panes[-1]
    assert pane.article is None
    assert not pane.title.font().bold()
    assert "Library" in pane.view.placeholderText()
    desk.open_article(desk.library.model.rows[0].id, pane=pane)
    assert pane.title.font().bold()


def test_first_geometry_fits_the_screen_and_uses_it():
    for w, h in ((1280, 720), (1366, 768), (1920, 1080), (2560, 1440), (1280, 800)):
        area = QRect(0, 24, w, h - 24)  # a top panel
        rect, maximise = layout.first_geometry(area)
        fl, ft, fr, fb = layout.FRAME_GUESS
        assert area.contains(rect.adjusted(-fl, -ft, fr, fb)), (w, h)
        assert maximise == (w < 1700 or h - 24 < 1000)
        if w >= 1920:
            assert rect.width() >= 0.8 * w


def test_a_window_saved_on_a_big_monitor_is_clamped_to_a_laptop():
    laptop = QRect(0, 0, 1366, 768)
    out = layout.clamp_rect(QRect(300, 200, 2200, 1300), laptop)
    assert laptop.contains(out) and out.size().width() == 1366


def test_lane_names_never_overlap_however_thin_the_lanes():
    font = QFont()
    font.setPointSizeF(10)
    for lane_h in (40.0, 16.0, 11.0, 8.0, 5.0, 3.0):
        small, step = legend_font(font, lane_h)
        assert QFontMetricsF(small).height() <= step * lane_h + 0.01, lane_h
        assert small.pointSizeF() >= 6


def _contrast(a, b) -> float:  # noqa: ANN001
    def lum(c) -> float:  # noqa: ANN001
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_dark_palette_keeps_text_and_highlights_readable(monkeypatch, qapp):
    from PySide6.QtGui import QPalette

    from desktop.style import dark_palette, wants_dark
    from desktop.timeline.paint import make_theme

    monkeypatch.setenv("CHRONOLINE_THEME", "dark")
    assert wants_dark(qapp)
    monkeypatch.setenv("CHRONOLINE_THEME", "light")
    assert not wants_dark(qapp)
    p = dark_palette()
    role = QPalette.ColorRole
    assert _contrast(p.color(role.Text), p.color(role.Base)) >= 7
    assert _contrast(p.color(role.WindowText), p.color(role.Window)) >= 7
    assert _contrast(p.color(role.HighlightedText), p.color(role.Highlight)) >= 4.5
    theme = make_theme(p, ["Attack", "Operation", "Policy"])
    assert theme.dark
    assert all(_contrast(c, theme.base) >= 3 for c in theme.lanes)  # lane colours stand out on the dark base


def test_the_timeline_overview_is_drawn_in_device_pixels_at_2x():
    from datetime import date

    from desktop.timeline.items import TimelineItem
    from desktop.timeline.layout import EventIndex
    from desktop.timeline.overview import overview_image
    from desktop.timeline.scale import TimeScale

    items = [TimelineItem(id=str(i), title="e", start=date(2020, 1, 1 + i), end=date(2020, 1, 2 + i), category="Other")
             for i in range(20)]
    index = EventIndex.from_items(items)
    ov = TimeScale.of_dates(date(2019, 12, 1), date(2020, 3, 1), 400)
    one = overview_image(index, ov, 20, QColor("gray"))
    two = overview_image(index, ov, 20, QColor("gray"), 2.0)
    assert (two.width(), two.height()) == (2 * one.width(), 2 * one.height())
    assert two.deviceIndependentSize() == one.deviceIndependentSize()


def test_a_layout_saved_by_an_older_arrangement_gives_the_default_one(desk, qsettings, qtbot, tmp_path):
    from desktop.app import build_window

    desk.tabifyDockWidget(desk.docks["annotations"], desk.docks["timeline"])  # the old all-in-one strip
    old = desk.saveState()  # saved without the layout version
    desk.close()
    qsettings.setValue("window/state", old)
    win = build_window(desk.ws.store, qsettings, str(tmp_path / "desk.sqlite3"))
    qtbot.addWidget(win)
    win.restore_state()
    win.show()
    qtbot.waitExposed(win)
    assert win.tabifiedDockWidgets(win.docks["timeline"]) == []
    assert _shown(win.docks["timeline"]) and _shown(win.docks["annotations"])
    win.close()


def test_after_the_first_seconds_resizing_the_window_keeps_the_analysts_dock_sizes(desk, qtbot):
    """Only the window manager's first resizes are balanced; a tall timeline the analyst made stays tall."""
    watch = desk.findChild(layout._FirstShow)
    qtbot.waitUntil(lambda: not watch.watching, timeout=layout.WATCH_MS + 3000)
    timeline = desk.docks["timeline"]
    desk.resizeDocks([timeline], [int(desk.height() * 0.6)], Qt.Orientation.Vertical)
    QApplication.processEvents()
    before = timeline.height()
    assert desk.centralWidget().height() < layout.PANES_SHARE * desk.height()  # panes short: balance would act
    desk.resize(desk.width() - 40, desk.height() - 20)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not watch.timer.isActive())
    assert abs(timeline.height() - before) <= 25
