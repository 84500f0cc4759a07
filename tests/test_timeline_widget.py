"""TimelineWidget driven like a user would: wheel, pinch, clicks, keys, tooltips and export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QImage,
    QNativeGestureEvent,
    QPalette,
    QPointingDevice,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QToolTip

from desktop.timeline.items import TimelineItem
from desktop.timeline.scale import to_days
from desktop.timeline.widget import TimelineWidget

LANES = ["Attack", "Operation", "Policy", "Diplomacy", "Statement", "Other"]
SAMPLE = [
    TimelineItem("ops", "Covert operations campaign", date(2009, 1, 1), date(2017, 12, 31),
                 "span", "Operation", "Operation", 3, date_label="2009–2017"),
    TimelineItem("aug", "Withdrawal and evacuation", date(2021, 8, 1), date(2021, 8, 31),
                 "month", "Diplomacy", "Diplomacy", 2),
    TimelineItem("mar", "Strike on the port facility", date(2024, 3, 1), date(2024, 3, 31),
                 "month", "Attack", "Attack", 1, date_label="March 2024"),
    TimelineItem("jun", "Ministerial statement", date(2024, 6, 22), date(2024, 6, 22), "day",
                 "Statement", "Statement", 1),
    TimelineItem("rev", "Annual policy review", date(2024, 1, 1), date(2024, 12, 31), "year",
                 "Policy", "Policy", 2),
    TimelineItem("sug", "Possible retaliation raid", date(2024, 6, 24), date(2024, 6, 24),
                 "day", "Attack", "Attack", 1, suggested=True),
]


@pytest.fixture
def timeline(qtbot) -> Iterator[TimelineWidget]:
    """A shown 1200×360 timeline with the sample-like events, fitted to all of them."""
    w = TimelineWidget()
    qtbot.addWidget(w)
    w.resize(1200, 360)
    w.set_events(SAMPLE, LANES)
    w.show()
    qtbot.waitExposed(w)
    yield w
    QToolTip.hideText()  # no tip left pointing at a widget qtbot is about to delete


def wheel(w: TimelineWidget, pos: QPointF, dy: int) -> None:
    """Send one real wheel event (dy in eighths of a degree; 120 is one notch)."""
    ev = QWheelEvent(pos, w.mapToGlobal(pos), QPoint(0, 0), QPoint(0, dy),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                     Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(w, ev)


def span_days(w: TimelineWidget) -> float:
    """Visible span in days."""
    return w.time_scale().span


def test_fits_all_events_on_first_data(timeline: TimelineWidget) -> None:
    first, last = timeline.visible_range()
    assert first <= date(2009, 1, 1) and last >= date(2024, 12, 31)
    assert span_days(timeline) < 20 * 365


def test_wheel_zooms_around_the_cursor_and_emits_range_changed(qtbot, timeline) -> None:
    plot = timeline.plot_rect()
    pos = QPointF(plot.left() + plot.width() * 0.7, plot.center().y())
    instant = timeline.time_scale().t_of(pos.x() - plot.left())
    before = span_days(timeline)
    with qtbot.waitSignal(timeline.rangeChanged, timeout=1000) as blocker:
        wheel(timeline, pos, 120)
    start, end = blocker.args
    assert end - start < before
    assert timeline.time_scale().t_of(pos.x() - plot.left()) == pytest.approx(instant, abs=1e-6)
    with qtbot.waitSignal(timeline.rangeChanged, timeout=1000):
        wheel(timeline, pos, -240)
    assert span_days(timeline) > before


def test_pinch_gesture_zooms(qtbot, timeline) -> None:
    pos = timeline.plot_rect().center()
    before = span_days(timeline)
    ev = QNativeGestureEvent(Qt.NativeGestureType.ZoomNativeGesture,
                             QPointingDevice.primaryPointingDevice(), 2, pos, pos,
                             timeline.mapToGlobal(pos), 0.5, QPointF(0, 0))
    with qtbot.waitSignal(timeline.rangeChanged, timeout=1000):
        QApplication.sendEvent(timeline, ev)
    assert span_days(timeline) == pytest.approx(before / 1.5)


def test_click_on_a_drawn_event_emits_its_id_and_selects_it(qtbot, timeline) -> None:
    rect = timeline.event_rect("jun")
    assert rect is not None
    with qtbot.waitSignal(timeline.eventClicked, timeout=1000) as clicked, \
            qtbot.waitSignal(timeline.selectionChanged, timeout=1000) as selected:
        qtbot.mouseClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert clicked.args == ["jun"]
    assert selected.args == [["jun"]]
    assert timeline.selected_ids() == ["jun"]
    with qtbot.waitSignal(timeline.eventActivated, timeout=1000) as act:
        qtbot.mouseDClick(timeline, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert act.args == ["jun"]


def test_drag_pans_the_view(qtbot, timeline) -> None:
    start = timeline.time_scale().start
    centre = timeline.plot_rect().center().toPoint()
    qtbot.mousePress(timeline, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(timeline, centre + QPoint(60, 0))
    qtbot.mouseMove(timeline, centre + QPoint(120, 0))
    qtbot.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=centre + QPoint(120, 0))
    assert timeline.time_scale().start < start
    assert timeline.selected_ids() == []


def colour_at(img: QImage, x: float, y: float) -> QColor:
    """Pixel colour at widget coordinates of a 1× grab."""
    return img.pixelColor(round(x), round(y))


def test_grab_shows_the_2009_to_2017_bar(timeline: TimelineWidget) -> None:
    img = timeline.grab().toImage()
    rect = timeline.event_rect("ops")
    assert rect is not None
    scale, left = timeline.time_scale(), timeline.plot_rect().left()
    orange = QColor("#E69F00")
    for day in (date(2009, 3, 1), date(2013, 6, 1), date(2017, 10, 1)):
        c = colour_at(img, left + scale.x_of(to_days(day)), rect.center().y() + 3)
        assert abs(c.red() - orange.red()) < 30 and abs(c.green() - orange.green()) < 30 \
            and abs(c.blue() - orange.blue()) < 40, (day, c.name())
    outside = colour_at(img, left + scale.x_of(to_days(date(2019, 6, 1))), rect.center().y())
    assert abs(outside.red() - orange.red()) + abs(outside.blue() - orange.blue()) > 60


def test_month_precision_covers_the_whole_month(timeline: TimelineWidget) -> None:
    timeline.set_visible_range(date(2024, 1, 1), date(2024, 12, 31))
    rect = timeline.event_rect("mar")
    scale, left = timeline.time_scale(), timeline.plot_rect().left()
    assert rect is not None
    assert rect.left() == pytest.approx(left + scale.x_of(to_days(date(2024, 3, 1))), abs=1)
    assert rect.right() == pytest.approx(left + scale.x_of(to_days(date(2024, 4, 1))), abs=1)


def test_keyboard_zoom_pan_home_and_event_navigation(qtbot, timeline) -> None:
    timeline.setFocus()
    full = span_days(timeline)
    qtbot.keyClick(timeline, Qt.Key.Key_Plus)
    assert span_days(timeline) == pytest.approx(full / 1.5)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    qtbot.keyClick(timeline, Qt.Key.Key_Minus)
    assert span_days(timeline) > full
    start = timeline.time_scale().start
    qtbot.keyClick(timeline, Qt.Key.Key_Right)
    assert timeline.time_scale().start > start
    qtbot.keyClick(timeline, Qt.Key.Key_Left)
    assert timeline.time_scale().start == pytest.approx(start)
    qtbot.keyClick(timeline, Qt.Key.Key_Home)
    assert timeline.visible_range()[0] <= date(2009, 1, 1)
    with qtbot.waitSignal(timeline.selectionChanged, timeout=1000) as sel:
        qtbot.keyClick(timeline, Qt.Key.Key_Tab)
    assert sel.args == [["ops"]]
    qtbot.keyClick(timeline, Qt.Key.Key_Tab)
    assert timeline.selected_ids() == ["aug"]
    qtbot.keyClick(timeline, Qt.Key.Key_Backtab)
    assert timeline.selected_ids() == ["ops"]
    timeline.set_visible_range(date(2024, 6, 1), date(2024, 6, 30))
    timeline.set_selected(["aug"])
    qtbot.keyClick(timeline, Qt.Key.Key_Tab)  # next after Aug 2021 is the 2024 review
    assert timeline.selected_ids() == ["rev"]
    for _ in range(3):
        qtbot.keyClick(timeline, Qt.Key.Key_Tab)
    assert timeline.selected_ids() == ["sug"]
    first, last = timeline.visible_range()
    assert first <= date(2024, 6, 24) <= last  # scrolled into view
    with qtbot.waitSignal(timeline.eventActivated, timeout=1000) as act:
        qtbot.keyClick(timeline, Qt.Key.Key_Return)
    assert act.args == ["sug"]
    assert timeline.hasFocus()


def test_tooltip_names_date_precision_category_and_sources(qtbot, timeline) -> None:
    timeline.set_visible_range(date(2024, 1, 1), date(2024, 12, 31))
    rect = timeline.event_rect("mar")
    assert rect is not None
    pos = rect.center().toPoint()
    QApplication.sendEvent(timeline, QHelpEvent(QEvent.Type.ToolTip, pos,
                                                timeline.mapToGlobal(pos)))
    text = QToolTip.text()
    assert "Strike on the port facility" in text and "March 2024" in text
    assert "month precision" in text and "Attack" in text and "1 source" in text
    QToolTip.hideText()


def show_tip(w: TimelineWidget, event_id: str) -> None:
    """Deliver a tooltip event over a drawn event, as the tooltip timer would."""
    rect = w.event_rect(event_id)
    assert rect is not None
    pos = rect.center().toPoint()
    QApplication.sendEvent(w, QHelpEvent(QEvent.Type.ToolTip, pos, w.mapToGlobal(pos)))


def test_tooltip_goes_with_the_widget_and_never_shows_for_a_hidden_one(qtbot, timeline) -> None:
    timeline.set_visible_range(date(2024, 1, 1), date(2024, 12, 31))
    show_tip(timeline, "mar")
    assert QToolTip.isVisible() and "Strike on the port facility" in QToolTip.text()
    timeline.hide()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    show_tip(timeline, "mar")  # a late tooltip event for the hidden widget
    assert not QToolTip.isVisible()
    timeline.show()
    show_tip(timeline, "mar")
    assert QToolTip.isVisible()
    timeline.close()  # qtbot deletes it afterwards
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)


def test_export_png_and_svg_write_files(tmp_path, timeline: TimelineWidget) -> None:
    png, svg = tmp_path / "timeline.png", tmp_path / "timeline.svg"
    assert timeline.export_png(png)
    assert timeline.export_svg(svg)
    img = QImage(str(png))
    assert img.width() == timeline.width() * 2 and not img.isNull()
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "Chronoline timeline" in text


def test_dark_palette_is_followed(timeline: TimelineWidget) -> None:
    pal = QPalette(timeline.palette())
    pal.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    pal.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    timeline.setPalette(pal)
    img = timeline.grab().toImage()
    assert img.pixelColor(timeline.width() - 3, timeline.height() // 2).lightness() < 80


def test_selection_survives_new_data_and_unknown_ids_are_ignored(qtbot, timeline) -> None:
    timeline.set_selected(["mar", "nope"])
    assert timeline.selected_ids() == ["mar"]
    timeline.set_events(SAMPLE[:3], LANES)
    assert timeline.selected_ids() == ["mar"]
    with qtbot.waitSignal(timeline.selectionChanged, timeout=1000) as sel:
        timeline.set_events(SAMPLE[:2], LANES)
    assert sel.args == [[]]
