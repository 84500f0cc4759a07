"""docs/ARCHITECTURE.md stays true: the files and Workspace methods it names exist, and its example runs."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from db.models import Annotation
from db.snapshot import Scope
from desktop.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = DOC.index(f"## {title}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:end if end > 0 else None]


def test_every_file_the_doc_names_exists():
    named = set(re.findall(r"`((?:db|desktop|tests|bench|resources)/[\w/.]+\.(?:py|toml|json))`", DOC))
    assert named, "the doc names files"
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert not missing, f"docs/ARCHITECTURE.md names files that do not exist: {missing}"


def test_every_workspace_method_the_doc_names_exists():
    names = set(re.findall(r"`(?:ws\.)?(\w+)\(", _section("The Workspace"))) - {"Workspace"}
    names |= {"run_operation", "run_quietly", "undo", "redo", "refresh", "settle_anchors"}
    missing = sorted(n for n in names if not hasattr(Workspace, n))
    assert not missing, f"docs/ARCHITECTURE.md names Workspace methods that do not exist: {missing}"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", _section("Example: adding an action"), re.S)


def test_the_example_action_is_one_undo_step(qapp, monkeypatch):
    from db.store import Store

    operation, _place, _handler, test = _blocks()
    method_src = textwrap.dedent(operation.split("\n", 1)[1])
    ns: dict = {"Annotation": Annotation, "Scope": Scope}
    exec(compile("from __future__ import annotations\n" + method_src, "ARCHITECTURE.md", "exec"), ns)  # noqa: S102
    monkeypatch.setattr(Workspace, "clear_note", ns["clear_note"], raising=False)
    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    try:
        exec(compile(test, "ARCHITECTURE.md", "exec"), ns)  # noqa: S102
        ns["test_clear_note_is_one_undo_step"](ws, store.articles.all()[0])
        assert ws.undo_stack.count() == 2 and ws.undo_stack.redoText() == "Clear note"  # one step, undone
    finally:
        ws.undo_stack.clear()
        store.close()


@pytest.mark.parametrize("key", ["Ctrl+Alt+K"])
def test_the_example_shortcut_is_free(key):
    taken = [p for p in (ROOT / "desktop").rglob("*.py") if f'"{key}"' in p.read_text(encoding="utf-8")]
    assert not taken, f"the example's {key} is used by {taken}: pick another in docs/ARCHITECTURE.md"


def test_the_example_action_is_declared_placed_and_triggers_its_operation(qapp, monkeypatch):
    """The example's table entry names real members; its handler, declared with the real decorator and
    registered in a real registry, makes the action the doc describes and runs the operation."""
    from types import ModuleType, SimpleNamespace

    from PySide6.QtWidgets import QMainWindow

    from db.store import Store
    from desktop.actions import MENUS, Action, ActionRegistry, Menu, action

    operation, place, handler, _test = _blocks()
    named = set(re.findall(r"Action\.(\w+)", place)) - {"CLEAR_NOTE"}
    assert named and named <= set(Action.__members__), named
    assert re.search(r"^class Action\(Enum\):", place, re.M) and "Menu.EDIT" in place
    assert Action.CONFIRM_MOVED in MENUS[Menu.EDIT]
    ns: dict = {"Annotation": Annotation, "Scope": Scope}
    exec(compile("from __future__ import annotations\n" + operation, "ARCHITECTURE.md", "exec"), ns)  # noqa: S102
    monkeypatch.setattr(Workspace, "clear_note", ns["clear_note"], raising=False)
    # a stand-in member: in a real window every member is taken
    module = ModuleType("doc_example")
    module.__dict__.update(action=action, Action=SimpleNamespace(CLEAR_NOTE=Action.CONFIRM_MOVED))
    exec(compile(handler, "ARCHITECTURE.md", "exec"), module.__dict__)  # noqa: S102
    store = Store(":memory:", seed=True)
    ws = Workspace(store)
    try:
        a = ws.add_annotation(store.articles.all()[0].id, 0, 20, note="keep this")
        win = QMainWindow()
        win.ws, win.selection = ws, SimpleNamespace(annotation=a.id)
        made = ActionRegistry(win).declare(module, win)
        act = made[Action.CONFIRM_MOVED]
        assert act.text() == "C&lear note" and act.shortcut().toString() == "Ctrl+Alt+K"
        act.trigger()
        assert ws.annotation(a.id).note == ""
        assert ws.undo_stack.undoText() == "Clear note"
    finally:
        ws.undo_stack.clear()
        store.close()
