"""The window's actions: one Enum, one registry, menus and toolbar built from one table, unchanged for the user."""

from __future__ import annotations

import random
import sys
from types import ModuleType

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from desktop.actions import (
    MENUS,
    NO_MENU,
    PANE_CONTEXT,
    SEPARATOR,
    TOOLBAR,
    Action,
    ActionRegistry,
    Menu,
    Slot,
    Submenu,
    action,
    fill,
)
from desktop.layout import dock_order

SEP = "---"


def _std(key: QKeySequence.StandardKey) -> str:
    """A platform's standard key as a menu item shows it (Quit has none on some platforms)."""
    return QKeySequence(key).toString()


def _shown(items: list[QAction]) -> list[object]:
    return [SEP if a.isSeparator() else (a.text(), ", ".join(s.toString() for s in a.shortcuts() if not s.isEmpty()))
            for a in items]


def _members(items: tuple) -> list[Action]:
    out: list[Action] = []
    for item in items:
        if isinstance(item, Action):
            out.append(item)
        elif isinstance(item, Submenu):
            out += _members(item.items)
    return out


# What the user saw before actions had a table (captured from the window then): it must not change.
def _seen_before() -> dict[str, list[object]]:
    std = QKeySequence.StandardKey
    return {
        "&File": [
            ("&Import…", _std(std.Open)), ("Import &folder…", "Ctrl+Shift+O"), SEP,
            ("&New database…", "Ctrl+Shift+N"), ("Open &database…", ""), ("Import REFI-QDA &project…", ""),
            ("&Merge database…", ""), SEP,
            ("Export &annotations as CSV…", "Ctrl+Shift+E"), ("Export e&vents as CSV…", ""),
            ("Export annotations as XLS&X…", ""), ("Export events as XL&SX…", ""),
            ("Export annotations as &W3C Web Annotation (JSON-LD)…", ""), ("Export REFI-QDA pro&ject…", ""), SEP,
            ("Export visible timeline as &PNG…", ""), ("Export visible timeline as &SVG…", ""),
            ("Export events for &TimelineJS…", ""), SEP,
            ("&Quit", _std(std.Quit)),
        ],
        "&Edit": [
            ("&Undo", _std(std.Undo)), ("&Redo", "Ctrl+Shift+Z, Ctrl+Y"), SEP,
            ("&Annotate selection", "Ctrl+Alt+M"), ("Update e&xtent", "Ctrl+Alt+X"),
            ("&Delete annotation", _std(std.Delete)), ("&Confirm moved passage", ""), SEP,
            ("New &event from selection…", "Ctrl+Alt+E"), ("Add as source &of…", "Ctrl+Alt+S"), SEP,
            ("&Find in article…", _std(std.Find)), ("Search &everywhere…", "Ctrl+Shift+F"), SEP,
            ("&Tags…", "Ctrl+Alt+T"), SEP,
            ("Article &details…", "Ctrl+I"),
        ],
        "&View": [
            ("&New pane", "Ctrl+T"), ("&Close pane", "Ctrl+W"), ("&Synchronized scrolling", "Ctrl+Alt+Y"),
            ("Show &date suggestions", "Ctrl+Alt+D"), SEP,
            ("&Refresh", _std(std.Refresh)), ("Focus &timeline", "Ctrl+Alt+L"),
            ("Show source &dates on the timeline", "Ctrl+Alt+G"), SEP,
            ("Library", ""), ("Note", ""), ("Search", ""), ("Dates", ""), ("Annotations", ""), ("Timeline", ""),
            ("Events", ""), SEP,
            ("Reset &layout", ""),
        ],
        "&Help": [
            ("Open the &sample corpus", ""), SEP, ("&Keyboard shortcuts", "Ctrl+/, F1"), ("&About Chronoline", ""),
        ],
        "toolbar": [
            ("&Import…", _std(std.Open)), SEP, ("&Annotate selection", "Ctrl+Alt+M"),
            ("New &event from selection…", "Ctrl+Alt+E"), SEP, ("Undo", ""), ("Redo", ""), SEP,
            ("&New pane", "Ctrl+T"), ("&Close pane", "Ctrl+W"), ("&Synchronized scrolling", "Ctrl+Alt+Y"),
        ],
        "context": [
            ("&Annotate selection", "Ctrl+Alt+M"), ("New &event from selection…", "Ctrl+Alt+E"),
            ("Add as source &of…", "Ctrl+Alt+S"), ("Update e&xtent", "Ctrl+Alt+X"),
            ("&Delete annotation", _std(std.Delete)),
        ],
    }


def test_the_menus_toolbar_and_context_menu_read_as_before(desk):
    seen = {a.text(): _shown(a.menu().actions()) for a in desk.menuBar().actions()}
    seen["toolbar"] = _shown(desk.toolbar.actions())
    context = QMenu()
    desk._fill_context_menu(context)
    seen["context"] = _shown(context.actions())
    assert seen == _seen_before()
    assert [a.text() for a in desk.menuBar().actions()] == [m.value for m in Menu]


def test_every_action_is_registered_once_and_has_a_place(desk):
    reg = desk.action_registry
    assert set(reg) == set(Action), "every Action of a full window is registered"
    assert len(reg) == len(Action)
    with pytest.raises(ValueError, match="registered twice"):
        reg.add(Action.ABOUT, "Again", lambda: None)
    placed = [m for items in MENUS.values() for m in _members(items)]
    assert len(placed) == len(set(placed)), "no action is in two places of the menu table"
    assert not set(placed) & set(NO_MENU), "an action is in a menu or explicitly in none, not both"
    assert set(placed) | set(NO_MENU) == set(Action)
    assert set(_members(TOOLBAR)) | set(_members(PANE_CONTEXT)) <= set(Action)


def test_no_two_actions_share_a_key(desk):
    owners: dict[str, Action] = {}
    for member, qaction in desk.action_registry.items():
        for seq in qaction.shortcuts():
            key = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if key:
                assert key not in owners, f"{key} is both {owners[key]} and {member}"
                owners[key] = member
    assert len(owners) >= 30


def test_the_menus_are_the_table(desk):
    reg = desk.action_registry
    toggles = [desk.docks[k].toggleViewAction() for k in dock_order(desk)]
    for menu_id, items in MENUS.items():
        expected: list[object] = []
        for item in items:
            if item is SEPARATOR:
                expected.append(SEP)
            elif item is Slot.DOCK_TOGGLES:
                expected += toggles
            else:
                expected.append(reg[item])
        got = [SEP if a.isSeparator() else a for a in desk.menus[menu_id].actions()]
        assert got == expected, menu_id
    assert [a for a in desk.toolbar.actions() if not a.isSeparator()] == [reg[m] for m in _members(TOOLBAR)]


def _registry_in_order(order: list[Action]) -> ActionRegistry:
    win = QMainWindow()
    reg = ActionRegistry(win)
    for member in order:
        reg.add(member, member.name.title(), lambda: None)
    return reg


def test_the_order_of_registration_does_not_move_anything(qapp):
    first = _registry_in_order(list(Action))
    shuffled = list(Action)
    random.Random(7).shuffle(shuffled)
    second = _registry_in_order(shuffled)
    for items in (*MENUS.values(), TOOLBAR, PANE_CONTEXT):
        a, b = QMenu(), QMenu()
        fill(a, items, first)
        fill(b, items, second)
        assert _shown(a.actions()) == _shown(b.actions())


def test_a_part_not_attached_leaves_no_gap_and_no_doubled_separator(qapp):
    reg = _registry_in_order([Action.IMPORT, Action.QUIT])  # only two File actions registered
    menu = QMenu()
    fill(menu, MENUS[Menu.FILE], reg)
    assert _shown(menu.actions()) == [("Import", ""), SEP, ("Quit", "")]
    sub = QMenu()
    fill(sub, (SEPARATOR, Submenu("&More", (Action.ABOUT, SEPARATOR, Action.QUIT)), SEPARATOR), reg)
    (more,) = sub.actions()
    assert more.text() == "&More" and _shown(more.menu().actions()) == [("Quit", "")]


class _Part:
    """A feature with its own declared actions."""

    def __init__(self) -> None:
        self.calls: list[object] = []

    @action(Action.OPEN_SAMPLE, "Open the &sample corpus", tip="Five sample articles")
    def open_sample(self) -> None:
        self.calls.append("open")

    @action(Action.SOURCE_DATE_TICKS, "&Ticks", shortcut="Ctrl+Alt+G", checkable=True, checked=True)
    def ticks(self, on: bool) -> None:
        self.calls.append(on)


def test_a_part_declares_its_actions_on_its_handlers(qapp):
    win = QMainWindow()
    part = _Part()
    made = ActionRegistry(win).declare(part)
    assert set(made) == {Action.OPEN_SAMPLE, Action.SOURCE_DATE_TICKS}
    made[Action.OPEN_SAMPLE].trigger()
    ticks = made[Action.SOURCE_DATE_TICKS]
    assert ticks.isChecked() and ticks.shortcut().toString() == "Ctrl+Alt+G"
    ticks.trigger()
    assert part.calls == ["open", False]
    assert made[Action.OPEN_SAMPLE].statusTip() == "Five sample articles"
    assert ticks in win.actions(), "a window-wide key works even with every menu hidden"


def test_a_module_declares_only_its_own_functions(qapp):
    mod = ModuleType("a_feature")
    calls: list[object] = []

    @action(Action.ABOUT, "&About")
    def about(win: object) -> None:
        calls.append(win)

    about.__module__ = "a_feature"
    mod.about = about
    mod.borrowed = sys.modules["desktop.window_actions"].annotate  # imported from elsewhere: not declared here
    win = QMainWindow()
    made = ActionRegistry(win).declare(mod, win)
    assert list(made) == [Action.ABOUT]
    made[Action.ABOUT].trigger()
    assert calls == [win]


def test_only_actions_are_registered(qapp):
    with pytest.raises(TypeError):
        ActionRegistry(QMainWindow()).adopt("about", QAction("About"))  # type: ignore[arg-type]


def test_the_toolbar_is_the_one_the_window_saves(desk):
    assert isinstance(desk.toolbar, QToolBar) and desk.toolbar.objectName() == "toolbar-main"
    assert desk.toolbar in desk.findChildren(QToolBar)
