"""Features of the desk find each other through typed fields and the Selection's signals, never by
asking an object whether it has a method (issue 14, point 3): a renamed method then fails loudly
instead of silently switching a feature off."""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parent.parent / "desktop"

# (file, call) pairs that are not capability lookups; keep this list short and say why
ALLOWED = {
    ("portable.py", "getattr(sys, 'frozen', False)"),  # PyInstaller's marker on the sys module
    ("timeline/index_update.py", "getattr(ix, name)"),  # a named column of the typed EventIndex
    ("timeline/index_update.py", "getattr(ix, n)"),  # the same, checked for its kind before an update
    # the @action decorator's own spec, read back when a part's declarations are registered
    ("actions.py", "hasattr(fn, _SPEC)"),
    ("actions.py", "getattr(fn, _SPEC)"),
    ("actions.py", "getattr(fn, '__module__', None)"),
    ("actions.py", "getattr(owner, name)"),
}


def _lookups() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted(DESKTOP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("hasattr", "getattr"):
                found.add((path.relative_to(DESKTOP).as_posix(), ast.unparse(node)))
    return found


def test_no_hasattr_or_getattr_lookups_remain_in_the_desk():
    assert _lookups() - ALLOWED == set()


def test_the_allow_list_names_only_lookups_that_still_exist():
    assert ALLOWED <= _lookups()


def test_the_window_has_no_untyped_list_of_parts():
    """The parts are typed fields (win.events_ctl, win.timeline_ctl…), not a list searched by capability."""
    offenders = [p.relative_to(DESKTOP).as_posix() for p in DESKTOP.rglob("*.py")
                 if ".extensions" in p.read_text(encoding="utf-8").replace("desktop.extensions", "")]
    assert offenders == []
