"""The Store is composed of parts over one connection helper, not a class built from mixins."""

from __future__ import annotations

import ast
from pathlib import Path

from db.store import Store
from db.store_tx import Part, Tx

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("articles", "annotations", "tags", "events", "decisions", "search", "agreement", "rows", "lines")
# what concerns the whole database; everything else lives on a part
WHOLE_DATABASE = {"atomic", "close", "same_file", "rescue_copy", "data_version", "changed_by_others",
                  "integrity_ok", "readonly"}


def test_the_parts_share_one_connection_helper(memory_store):
    for name in PARTS:
        part = getattr(memory_store, name)
        assert isinstance(part, Part), name
        assert part.tx is memory_store.tx and isinstance(memory_store.tx, Tx)
    assert memory_store.tx.conn is memory_store.conn


def test_the_store_is_no_facade_over_its_parts():
    assert Store.__bases__ == (object,)
    public = {n for n in vars(Store) if not n.startswith("_")}
    assert public <= WHOLE_DATABASE, f"move these to a part: {sorted(public - WHOLE_DATABASE)}"


def test_no_store_module_reaches_into_another_objects_private_names():
    """`x._name` only with x = self (its own helpers); another part is used through its public methods."""
    found = []
    for path in sorted((ROOT / "db").glob("store*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))):
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert not found, "\n".join(found)


def test_a_write_inside_a_transaction_is_a_savepoint(memory_store):
    art = memory_store.articles.add("T", "Some text to annotate.")
    with memory_store.atomic():
        memory_store.annotations.add(art.id, 0, 4, tags=["kept"])
        try:
            with memory_store.tx.write():
                memory_store.annotations.add(art.id, 5, 9)
                raise RuntimeError("undo this part only")
        except RuntimeError:
            pass
    assert [(a.start, a.tags) for a in memory_store.annotations.all()] == [(0, ("kept",))]
