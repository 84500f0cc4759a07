"""File-menu interchange in the window: XLSX, W3C and REFI-QDA exports and the project import,
driven through the real QActions (file dialogs answered by the test)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.actions import Action, Menu


def _answer_dialogs(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def _file_menu_texts(desk) -> list[str]:
    return [a.text() for a in desk.menus[Menu.FILE].actions()]


def test_the_file_menu_offers_every_format_next_to_the_csv_exports(desk):
    texts = _file_menu_texts(desk)
    csv_events = texts.index("Export e&vents as CSV…")
    assert texts[csv_events + 1:csv_events + 5] == [
        "Export annotations as XLS&X…", "Export events as XL&SX…",
        "Export annotations as &W3C Web Annotation (JSON-LD)…", "Export REFI-QDA pro&ject…"]
    assert texts.index("&Import…") < texts.index("Import REFI-QDA &project…") < csv_events  # with the imports


def test_export_annotations_as_xlsx_from_the_menu(desk, tmp_path, monkeypatch, message_boxes):
    article = desk.ws.store.articles.all()[0]
    desk.ws.add_annotation(article.id, 0, 10, note="=1+1", tags=["June 2024"])
    desk.ws.add_annotation(article.id, 20, 30, note="n" * 40_000)
    _answer_dialogs(monkeypatch, tmp_path / "a.xlsx")
    desk.action(Action.EXPORT_ANNOTATIONS_XLSX).trigger()
    rows = list(openpyxl.load_workbook(tmp_path / "a.xlsx").active.iter_rows(values_only=True))
    assert len(rows) == 3 and "=1+1" in rows[1] + rows[2]
    assert message_boxes and "32,767" in message_boxes[-1][1]  # the cut cell is reported
    assert "2 annotations written" in desk.statusBar().currentMessage()


def test_export_w3c_and_project_from_the_menu(desk, tmp_path, monkeypatch):
    article = desk.ws.store.articles.all()[0]
    desk.ws.add_annotation(article.id, 0, 10, note="hello", tags=["Army"])
    _answer_dialogs(monkeypatch, tmp_path / "a.jsonld")
    desk.action(Action.EXPORT_W3C).trigger()
    doc = json.loads((tmp_path / "a.jsonld").read_text(encoding="utf-8"))
    assert doc["type"] == "AnnotationCollection" and doc["total"] == 1
    _answer_dialogs(monkeypatch, tmp_path / "p.qdpx")
    desk.action(Action.EXPORT_PROJECT).trigger()
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        assert "project.qde" in zf.namelist()
    assert "written to" in desk.statusBar().currentMessage()


def test_importing_a_project_adds_its_annotations_and_refreshes_the_window(desk, tmp_path, monkeypatch):
    from db.refi_qda import export_project
    from db.store import Store

    with Store(tmp_path / "theirs.sqlite3") as theirs:
        art = theirs.articles.add("Their report", "Their own text about the border talks.\n")
        theirs.annotations.add(art.id, 4, 8, note="theirs", tags=["Talks"])
        export_project(theirs, tmp_path / "theirs.qdpx")
    before = len(desk.ws.store.articles.all())
    _answer_dialogs(monkeypatch, tmp_path / "theirs.qdpx")
    desk.action(Action.IMPORT_PROJECT).trigger()
    assert len(desk.ws.store.articles.all()) == before + 1
    assert desk.ws.store.annotations.count() == 1
    assert "Imported 1 article and 1 annotation" in desk.statusBar().currentMessage()
    assert desk.library.model.rowCount() == before + 1  # the library shows it without a restart


def test_a_bad_project_is_one_message_and_changes_nothing(desk, tmp_path, monkeypatch, message_boxes):
    (tmp_path / "bad.qdpx").write_bytes(b"not a zip")
    before = (len(desk.ws.store.articles.all()), desk.ws.store.annotations.count())
    _answer_dialogs(monkeypatch, tmp_path / "bad.qdpx")
    desk.action(Action.IMPORT_PROJECT).trigger()
    assert (len(desk.ws.store.articles.all()), desk.ws.store.annotations.count()) == before
    assert message_boxes and "not a REFI-QDA project" in message_boxes[-1][1]


def test_dropping_a_qdpx_on_the_window_imports_the_project(desk, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    from db.refi_qda import export_project
    from db.store import Store

    with Store(tmp_path / "theirs.sqlite3") as theirs:
        art = theirs.articles.add("Dropped report", "A text that arrives by drag and drop.\n")
        theirs.annotations.add(art.id, 2, 6, tags=["Dropped"])
        export_project(theirs, tmp_path / "theirs.qdpx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "theirs.qdpx"))])
    ev = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    desk.dropEvent(ev)
    assert any(a.title == "Dropped report" for a in desk.ws.store.articles.all())
    assert desk.ws.store.tags.by_name("Dropped") is not None
