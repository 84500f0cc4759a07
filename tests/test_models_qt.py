"""Every desk model (and its filter proxy) passes Qt's QAbstractItemModelTester, empty and filled."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from db.models import PartialDate
from desktop.actions import Action
from desktop.models.records import (
    ID_ROLE,
    SORT_ROLE,
    AnnotationTableModel,
    ArticleListModel,
    EventTableModel,
    RecordFilterProxy,
)


@pytest.fixture
def filled(sample_store):
    """The sample store with annotations (tagged, noted, one orphan) and two events."""
    s = sample_store
    arts = s.articles.all()
    a = s.annotations.add(arts[0].id, 10, 50, note="first", tags=["Operation"])
    b = s.annotations.add(arts[0].id, 30, 90, note="overlap", tags=["Policy", "Operation"])
    c = s.annotations.add(arts[1].id, 5, 25)
    s.annotations.update(c.id, status="orphan")
    s.events.add("Operation approved", PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024"),
                source_ids=[a.id, b.id])
    s.events.add("Strikes", PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024"))
    return s


@pytest.fixture
def check(request):
    """check(model): attach a model tester of its own to each model (one tester follows one model's signals)."""
    from pytestqt.modeltest import ModelTester

    testers: dict[int, ModelTester] = {}

    def run(model) -> None:  # noqa: ANN001
        tester = testers.get(id(model))
        if tester is None:
            testers[id(model)] = ModelTester(request.config)
            testers[id(model)].check(model, force_py=True)
        else:
            tester._run()  # already following this model: check it again as it is now

    yield run
    for t in testers.values():
        t._cleanup()


def check_with_proxy(check, model) -> RecordFilterProxy:  # noqa: ANN001
    check(model)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    check(proxy)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    check(proxy)
    return proxy


def test_article_list_model(check, filled):
    model = ArticleListModel()
    check(model)
    model.set_rows(filled.articles.all())
    proxy = check_with_proxy(check, model)
    assert model.rowCount() == 5 and model.columnCount() == 3
    assert model.index(0, 2).data(SORT_ROLE) == model.rows[0].annotation_count
    proxy.set_text("quest")
    assert proxy.rowCount() == 1
    check(proxy)


def test_annotation_table_model(check, filled):
    model = AnnotationTableModel()
    check(model)
    model.tag_colors = {t.name: t.color for t in filled.tags.all()}
    model.article_titles = {a.id: a.title for a in filled.articles.all()}
    model.set_rows(filled.annotations.all())
    proxy = check_with_proxy(check, model)
    assert model.rowCount() == 3
    row = next(i for i, a in enumerate(model.rows) if a.note == "overlap")
    assert model.index(row, 2).data() == "Policy, Operation"
    assert model.index(row, 0).data(Qt.ItemDataRole.DecorationRole).isValid()
    orphan = next(i for i, a in enumerate(model.rows) if a.status == "orphan")
    assert model.index(orphan, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    proxy.set_predicate(lambda a: "Operation" in a.tags)
    assert proxy.rowCount() == 2
    check(proxy)
    proxy.set_text("overlap")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ID_ROLE) == model.rows[row].id
    model.set_rows([])
    assert proxy.rowCount() == 0
    check(proxy)


def test_event_table_model(check, filled):
    model = EventTableModel()
    check(model)
    model.set_rows(filled.events.all())
    seen: list[tuple[str, int, str]] = []
    model.edit_handler = lambda eid, col, value: seen.append((eid, col, value)) or True
    proxy = check_with_proxy(check, model)
    assert model.rowCount() == 2
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(0, 0), "Renamed")
    assert seen == [(model.rows[0].id, 0, "Renamed")]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data() == "Strikes"


def test_the_desk_models_stay_valid_while_the_window_is_used(check, desk):
    """The window's own models and proxies, checked live while annotations come and go."""
    art = desk.panes.panes[0].article
    for model in (desk.annotations.model, desk.annotations.proxy, desk.library.model, desk.library.proxy):
        check(model)
    a = desk.ws.add_annotation(art.id, 10, 40, tags=["X"])
    desk.ws.add_annotation(art.id, 20, 60, note="n")
    desk.annotations.filter.setText("n")
    desk.annotations.tag.setCurrentText("X")
    desk.ws.delete_annotation(a.id)
    desk.action(Action.UNDO).trigger()
    assert desk.annotations.proxy.rowCount() == 1


def test_small_changes_are_applied_row_by_row_and_keep_the_sort(check, filled):
    """Creating, editing and deleting a few records moves only their rows; order matches a full sort."""
    import random
    from dataclasses import replace

    from db.models import Annotation

    rng = random.Random(5)
    rows = [Annotation(f"a{i}", "art", i, i + 5, "x" * 5, note=f"n{rng.randrange(50):02d}",
                       created=f"2024-01-{rng.randrange(1, 28):02d}T00:00") for i in range(30)]
    model = AnnotationTableModel()
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    check(model)
    check(proxy)
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_rows(rows)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    for step in range(25):
        rows = list(rows)
        what = rng.choice(("add", "edit", "delete"))
        if what == "add":
            rows.append(Annotation(f"new{step}", "art", 0, 5, "y" * 5, note=f"n{rng.randrange(50):02d}",
                                   created="2024-02-01T00:00"))
        elif what == "edit":
            i = rng.randrange(len(rows))
            rows[i] = replace(rows[i], note=f"n{rng.randrange(50):02d}")
        else:
            rows.pop(rng.randrange(len(rows)))
        model.set_rows(rows)
        notes = [model.index(r, 1).data() for r in range(model.rowCount())]
        assert notes == sorted((a.note for a in rows), reverse=True)
        assert {model.rows[r].id for r in range(model.rowCount())} == {a.id for a in rows}
        assert all(model.row_of(a.id) >= 0 and model.rows[model.row_of(a.id)] is a for a in rows)
    assert not resets
    proxy.set_text("n1")
    assert proxy.rowCount() == sum(1 for a in rows if "n1" in a.note)
