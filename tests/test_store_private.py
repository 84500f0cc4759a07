"""The Store is private to the Workspace: the rest of desktop/ reads and writes through Workspace methods."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "desktop"

# the Workspace owns the Store
OWNER = "desktop/workspace.py"
# start-up code that opens a database file and hands the Store to a Workspace: may name `Store`,
# but reaches no `.store` attribute either
STARTUP = {
    "desktop/app.py",  # main(): opens the database given on the command line
    "desktop/database_switch.py",  # File → Open/New database…: opens the chosen file for a new window
    "desktop/selftest.py",  # --self-test: builds a throw-away database with the Qt-free core first
}
# The undo commands are the Workspace's own machinery (they replay its writes): they keep ws.store
NOT_YET_CONVERTED: set[str] = set()  # the undo commands replay writes the Workspace hands them
# no aliases: MainWindow has no `store` (tests reach it as win.ws.store)
ALIASES: dict[str, str] = {}


def _violations(rel: str, source: str, startup: bool) -> list[str]:
    """`.store` attributes, `getattr(x, "store")`, the name `Store` and imports of db.store in one module."""
    lines = source.splitlines()
    found: list[str] = []
    for node in ast.walk(ast.parse(source, rel)):
        what = ""
        if isinstance(node, ast.Attribute) and node.attr == "store":
            what = "reaches .store"
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr")
              and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and node.args[1].value == "store"):
            what = f"looks up 'store' with {node.func.id}"
        elif not startup and isinstance(node, ast.Name) and node.id == "Store":
            what = "names Store"
        elif not startup and isinstance(node, ast.ImportFrom) and node.module == "db.store":
            what = "imports db.store"
        elif not startup and isinstance(node, ast.Import) and any(a.name == "db.store" for a in node.names):
            what = "imports db.store"
        if not what:
            continue
        line = lines[node.lineno - 1].strip()
        if rel in ALIASES and line.startswith(ALIASES[rel]):
            continue
        found.append(f"{rel}:{node.lineno}: {what}: {line}")
    return found


def _modules() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in DESKTOP.rglob("*.py"))


def test_only_the_workspace_touches_the_store():
    found: list[str] = []
    for rel in _modules():
        if rel == OWNER or rel in NOT_YET_CONVERTED:
            continue
        found += _violations(rel, (ROOT / rel).read_text(encoding="utf-8"), startup=rel in STARTUP)
    assert not found, "go through a Workspace method instead:\n" + "\n".join(found)


def test_the_allow_lists_name_real_files():
    modules = set(_modules())
    for rel in {OWNER, *STARTUP, *NOT_YET_CONVERTED, *ALIASES}:
        assert rel in modules, f"{rel} is gone: drop it from the allow-list"


def test_an_entry_left_in_the_allow_list_still_needs_it():
    """Once a not-yet-converted file is clean, its entry must go (the list only shrinks)."""
    clean = [rel for rel in sorted(NOT_YET_CONVERTED)
             if not _violations(rel, (ROOT / rel).read_text(encoding="utf-8"), startup=False)]
    assert not clean, f"these files no longer reach the Store; remove them from NOT_YET_CONVERTED: {clean}"


def test_the_check_sees_each_way_round_the_workspace():
    bad = (
        "from db.store import Store\n"
        "import db.store\n"
        "def f(win, ws):\n"
        "    win.store.events.all()\n"
        "    s = ws.store\n"
        "    getattr(win, 'store').tags()\n"
        "    return Store(':memory:')\n"
    )
    kinds = [v.split(": ")[1] for v in _violations("desktop/x.py", bad, startup=False)]
    assert sorted(kinds) == sorted(["imports db.store", "imports db.store", "reaches .store", "reaches .store",
                                    "looks up 'store' with getattr", "names Store"])
    assert [v.split(": ")[1] for v in _violations("desktop/x.py", bad, startup=True)].count("names Store") == 0
    alias = "class W:\n    def __init__(self, workspace):\n        self.store = workspace.store\n"
    assert len(_violations("desktop/mainwindow.py", alias, startup=False)) == 2
