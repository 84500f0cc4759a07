"""The main window's actions: every one named once (`Action`), one registry per window, ONE menu table.

A feature declares an action on its handler with `@action(Action.X, "&Text", shortcut=…, tip=…)` and
registers its declarations with `win.action_registry.declare(owner, *args)`. Where an action appears
is written only in `MENUS`, `TOOLBAR` and `PANE_CONTEXT` below; `build_menus` builds them once every
feature has registered, so the order never depends on who registered first and nothing is inserted
by position. Actions a widget owns for itself (a dock's own buttons) stay with that widget.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from enum import Enum
from functools import partial
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QWidget

Shortcut = str | QKeySequence.StandardKey | list[str] | None


class Action(Enum):
    """Every action of the main window (the value names it in object names and logs)."""

    IMPORT = "import"
    IMPORT_FOLDER = "import_folder"
    NEW_DATABASE = "new_database"
    OPEN_DATABASE = "open_database"
    IMPORT_PROJECT = "import_project"
    MERGE_DATABASE = "merge_database"
    EXPORT_ANNOTATIONS_CSV = "export_annotations"
    EXPORT_EVENTS_CSV = "export_events"
    EXPORT_ANNOTATIONS_XLSX = "export_annotations_xlsx"
    EXPORT_EVENTS_XLSX = "export_events_xlsx"
    EXPORT_W3C = "export_w3c"
    EXPORT_PROJECT = "export_project"
    EXPORT_TIMELINE_PNG = "export_png"
    EXPORT_TIMELINE_SVG = "export_svg"
    EXPORT_TIMELINEJS = "export_timelinejs"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    ANNOTATE = "annotate"
    UPDATE_EXTENT = "update_extent"
    DELETE_ANNOTATION = "delete"
    CONFIRM_MOVED = "confirm"
    NEW_EVENT = "new_event"
    ADD_SOURCE = "add_source"
    FIND = "find"
    SEARCH = "search"
    TAGS = "tags"
    ARTICLE_DETAILS = "article_details"
    NEW_PANE = "new_pane"
    CLOSE_PANE = "close_pane"
    SYNC_SCROLLING = "sync"
    DATE_SUGGESTIONS = "date_suggestions"
    REFRESH = "refresh"
    FOCUS_TIMELINE = "focus_timeline"
    SOURCE_DATE_TICKS = "source_date_ticks"
    RESET_LAYOUT = "reset_layout"
    OPEN_SAMPLE = "open_sample"
    SHORTCUTS = "shortcuts"
    ABOUT = "about"
    UNDO_TOOLBAR = "undo_tb"
    REDO_TOOLBAR = "redo_tb"
    APPLY_RECENT_TAG_1 = "tag1"
    APPLY_RECENT_TAG_2 = "tag2"
    APPLY_RECENT_TAG_3 = "tag3"
    APPLY_RECENT_TAG_4 = "tag4"
    APPLY_RECENT_TAG_5 = "tag5"
    APPLY_RECENT_TAG_6 = "tag6"
    APPLY_RECENT_TAG_7 = "tag7"
    APPLY_RECENT_TAG_8 = "tag8"
    APPLY_RECENT_TAG_9 = "tag9"


class Menu(Enum):
    """The menu bar's menus, in order (the value is the title)."""

    FILE = "&File"
    EDIT = "&Edit"
    VIEW = "&View"
    HELP = "&Help"


class Slot(Enum):
    """Table entries that are not actions."""

    SEPARATOR = "separator"
    DOCK_TOGGLES = "dock toggles"  # every dock's show/hide item, in desktop.layout's order


SEPARATOR = Slot.SEPARATOR


@dataclass(frozen=True)
class Submenu:
    """A submenu in the table: its title and items."""

    title: str
    items: tuple[Item, ...]


Item = Action | Slot | Submenu

# --- THE table: where every action appears ----------------------------------------------------------
MENUS: dict[Menu, tuple[Item, ...]] = {
    Menu.FILE: (
        Action.IMPORT, Action.IMPORT_FOLDER, SEPARATOR,
        Action.NEW_DATABASE, Action.OPEN_DATABASE, Action.IMPORT_PROJECT, Action.MERGE_DATABASE, SEPARATOR,
        Action.EXPORT_ANNOTATIONS_CSV, Action.EXPORT_EVENTS_CSV, Action.EXPORT_ANNOTATIONS_XLSX,
        Action.EXPORT_EVENTS_XLSX, Action.EXPORT_W3C, Action.EXPORT_PROJECT, SEPARATOR,
        Action.EXPORT_TIMELINE_PNG, Action.EXPORT_TIMELINE_SVG, Action.EXPORT_TIMELINEJS, SEPARATOR,
        Action.QUIT,
    ),
    Menu.EDIT: (
        Action.UNDO, Action.REDO, SEPARATOR,
        Action.ANNOTATE, Action.UPDATE_EXTENT, Action.DELETE_ANNOTATION, Action.CONFIRM_MOVED, SEPARATOR,
        Action.NEW_EVENT, Action.ADD_SOURCE, SEPARATOR,
        Action.FIND, Action.SEARCH, SEPARATOR,
        Action.TAGS, SEPARATOR,
        Action.ARTICLE_DETAILS,
    ),
    Menu.VIEW: (
        Action.NEW_PANE, Action.CLOSE_PANE, Action.SYNC_SCROLLING, Action.DATE_SUGGESTIONS, SEPARATOR,
        Action.REFRESH, Action.FOCUS_TIMELINE, Action.SOURCE_DATE_TICKS, SEPARATOR,
        Slot.DOCK_TOGGLES, SEPARATOR,
        Action.RESET_LAYOUT,
    ),
    Menu.HELP: (
        Action.OPEN_SAMPLE, SEPARATOR,
        Action.SHORTCUTS, Action.ABOUT,
    ),
}
TOOLBAR: tuple[Item, ...] = (
    Action.IMPORT, SEPARATOR,
    Action.ANNOTATE, Action.NEW_EVENT, SEPARATOR,
    Action.UNDO_TOOLBAR, Action.REDO_TOOLBAR, SEPARATOR,
    Action.NEW_PANE, Action.CLOSE_PANE, Action.SYNC_SCROLLING,
)
PANE_CONTEXT: tuple[Item, ...] = (  # the reading pane's right-click menu
    Action.ANNOTATE, Action.NEW_EVENT, Action.ADD_SOURCE, Action.UPDATE_EXTENT, Action.DELETE_ANNOTATION,
)
# actions in no menu on purpose, and why
NO_MENU: dict[Action, str] = {
    Action.UNDO_TOOLBAR: "the toolbar's short 'Undo' (the Edit menu's item names the step)",
    Action.REDO_TOOLBAR: "the toolbar's short 'Redo'",
    **{Action[f"APPLY_RECENT_TAG_{i}"]: "digit keys in a reading pane" for i in range(1, 10)},
}


# --- declaring ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActionSpec:
    """What a user sees of an action: text, keys, tip, check box, icon, where its keys work."""

    member: Action
    text: str
    shortcut: Shortcut = None
    tip: str = ""
    checkable: bool = False
    checked: bool = False
    icon: str | None = None  # a freedesktop theme icon name
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut


_SPEC = "__chronoline_action__"


def action(member: Action, text: str, *, shortcut: Shortcut = None, tip: str = "", checkable: bool = False,
           checked: bool = False, icon: str | None = None,
           context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut) -> Callable[[Callable], Callable]:
    """Declare the function below as `member`'s handler (checkable ones receive the new state)."""
    spec = ActionSpec(member, text, shortcut, tip, checkable, checked, icon, context)

    def mark(fn: Callable) -> Callable:
        setattr(fn, _SPEC, spec)
        return fn

    return mark


def declared(owner: object) -> Iterator[tuple[ActionSpec, Callable]]:
    """(spec, handler) for each function `owner` (a module or an object) declares with `@action`."""
    if isinstance(owner, ModuleType):
        for fn in vars(owner).values():
            if callable(fn) and hasattr(fn, _SPEC) and getattr(fn, "__module__", None) == owner.__name__:
                yield getattr(fn, _SPEC), fn
        return
    seen: set[str] = set()
    for cls in type(owner).__mro__:
        for name, fn in vars(cls).items():
            if name not in seen and inspect.isfunction(fn) and hasattr(fn, _SPEC):
                seen.add(name)
                yield getattr(fn, _SPEC), getattr(owner, name)


class ActionRegistry:
    """The window's actions by `Action`: each registered exactly once."""

    def __init__(self, win: QWidget) -> None:
        self.win = win
        self._actions: dict[Action, QAction] = {}

    def __getitem__(self, member: Action) -> QAction:
        return self._actions[member]

    def __contains__(self, member: object) -> bool:
        return member in self._actions

    def __iter__(self) -> Iterator[Action]:
        return iter(self._actions)

    def __len__(self) -> int:
        return len(self._actions)

    def items(self) -> list[tuple[Action, QAction]]:
        return list(self._actions.items())

    def add(self, member: Action, text: str, handler: Callable, **options: object) -> QAction:
        """Create and register one action (the options are `action`'s)."""
        return self.add_spec(replace(ActionSpec(member, text), **options), handler)

    def add_spec(self, spec: ActionSpec, handler: Callable) -> QAction:
        """Create the QAction `spec` describes, its trigger (or toggle) calling `handler`."""
        self._check_new(spec.member)
        a = QAction(spec.text, self.win)
        if spec.icon:
            a.setIcon(QIcon.fromTheme(spec.icon))
        if spec.shortcut is not None:
            keys = spec.shortcut if isinstance(spec.shortcut, list) else [spec.shortcut]
            a.setShortcuts([QKeySequence(k) for k in keys])
        if spec.tip:
            a.setStatusTip(spec.tip)
            keys_text = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            a.setToolTip(f"{spec.tip} ({keys_text})" if keys_text else spec.tip)
        a.setShortcutContext(spec.context)
        a.setShortcutVisibleInContextMenu(True)
        if spec.checkable:
            a.setCheckable(True)
            a.setChecked(spec.checked)
            a.toggled.connect(handler)
        else:
            a.triggered.connect(lambda _checked=False: handler())
        return self.adopt(spec.member, a)

    def adopt(self, member: Action, qaction: QAction) -> QAction:
        """Register an action Qt made itself (the undo stack's); window-wide keys work with every menu hidden."""
        self._check_new(member)
        qaction.setObjectName(f"action-{member.value}")
        if (not qaction.shortcut().isEmpty()
                and qaction.shortcutContext() in (Qt.ShortcutContext.WindowShortcut,
                                                  Qt.ShortcutContext.ApplicationShortcut)):
            self.win.addAction(qaction)
        self._actions[member] = qaction
        return qaction

    def _check_new(self, member: Action) -> None:
        if not isinstance(member, Action):
            raise TypeError(f"{member!r} is not an Action")
        if member in self._actions:
            raise ValueError(f"{member} is registered twice")

    def declare(self, owner: object, *args: object) -> dict[Action, QAction]:
        """Register every action `owner` declares with `@action`, handlers called with `args` first."""
        made: dict[Action, QAction] = {}
        for spec, fn in declared(owner):
            made[spec.member] = self.add_spec(spec, partial(fn, *args) if args else fn)
        return made


# --- building the menus from the table -------------------------------------------------------------
def fill(target: QMenu | QToolBar, items: tuple[Item, ...], registry: ActionRegistry,
         docks: list[QAction] | None = None) -> None:
    """Add `items` to a menu or toolbar: unregistered actions (a part not attached) are left out,
    with no doubled, leading or trailing separator."""
    pending = False
    added = False
    for item in items:
        if item is Slot.SEPARATOR:
            pending = added
            continue
        if isinstance(item, Submenu):
            sub = QMenu(item.title, target)
            fill(sub, item.items, registry, docks)
            entries = [sub.menuAction()] if not sub.isEmpty() else []
        elif item is Slot.DOCK_TOGGLES:
            entries = list(docks or [])
        else:
            entries = [registry[item]] if item in registry else []
        for entry in entries:
            if pending:
                target.addSeparator()
                pending = False
            target.addAction(entry)
            added = True


def build_menus(win) -> None:  # noqa: ANN001
    """The menu bar and the toolbar from the table (once every part has registered its actions)."""
    from desktop.layout import dock_order

    registry: ActionRegistry = win.action_registry
    toggles = [win.docks[key].toggleViewAction() for key in dock_order(win)]
    bar = win.menuBar()
    for menu_id, items in MENUS.items():
        menu = bar.addMenu(menu_id.value)
        menu.setObjectName(f"menu-{menu_id.name.lower()}")
        fill(menu, items, registry, toggles)
        win.menus[menu_id] = menu
    tb = QToolBar("Main", win)
    tb.setObjectName("toolbar-main")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    fill(tb, TOOLBAR, registry)
    win.addToolBar(tb)
    win.toolbar = tb
