"""File → Import… on a saved news page: the page's own date is filled in and accepted, the title has
no site suffix, Source is the site, and "Keep the whole page" imports the whole page instead."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from db.importing import read_file
from desktop.dialogs.import_dialog import ImportDialog
from tests.test_web_import import FRONTIER


@pytest.fixture
def page(tmp_path: Path) -> Path:
    p = tmp_path / "frontier.html"
    p.write_text(FRONTIER, encoding="utf-8")
    return p


def make_dialog(qtbot, path: Path) -> ImportDialog:
    dlg = ImportDialog(read_file(path), None, reread=lambda whole: read_file(path, whole_page=whole))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def click_import(qtbot, dlg: ImportDialog) -> None:
    button = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert button.text() == "Import"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_pages_own_date_time_is_filled_in_and_accepted(qtbot, page):
    dlg = make_dialog(qtbot, page)
    assert dlg.published.text() == "2024-08-02T09:30:00+05:00"
    assert dlg.understood.text() == "2 August 2024 · day precision"
    assert dlg.title.text() == "Pakistan, Afghanistan agree to reopen Torkham crossing"
    assert dlg.source.text() == "The Frontier Post"
    click_import(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    published = dlg.result_fields["published"]
    assert (published.start, published.precision) == (date(2024, 8, 2), "day")


def test_a_typed_iso_date_time_with_an_offset_is_accepted(qtbot, page):
    dlg = make_dialog(qtbot, page)
    dlg.published.clear()
    qtbot.keyClicks(dlg.published, "2024-08-03T23:15:00-04:00")
    assert dlg.understood.text() == "3 August 2024 · day precision"
    click_import(qtbot, dlg)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert dlg.result_fields["published"].start == date(2024, 8, 3)


def test_keep_the_whole_page_switches_the_text_to_be_imported(qtbot, page):
    dlg = make_dialog(qtbot, page)
    assert dlg.whole_page.isVisibleTo(dlg) and not dlg.whole_page.isChecked()
    assert "All rights reserved" not in dlg.imported.text and "of the article" in dlg.info.text()
    dlg.title.setText("My own title")
    qtbot.mouseClick(dlg.whole_page, Qt.MouseButton.LeftButton)
    assert dlg.whole_page.isChecked()
    assert "All rights reserved" in dlg.imported.text and "of the whole page" in dlg.info.text()
    assert dlg.title.text() == "My own title"  # what was typed stays
    qtbot.mouseClick(dlg.whole_page, Qt.MouseButton.LeftButton)
    assert "All rights reserved" not in dlg.imported.text


def test_the_whole_page_box_is_not_offered_for_plain_text(qtbot, tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("Notes\n\nThe crossing reopened.\n", encoding="utf-8")
    dlg = make_dialog(qtbot, p)
    assert not dlg.whole_page.isVisibleTo(dlg)


def test_import_with_the_whole_page_box_stores_the_whole_page(qtbot, desk, page, monkeypatch):
    from desktop.window_actions import import_files

    def exec_(self) -> int:  # noqa: ANN001 - the user ticks the box and clicks Import
        self.show()
        qtbot.mouseClick(self.whole_page, Qt.MouseButton.LeftButton)
        click_import(qtbot, self)
        return self.result()

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    added = import_files(desk, [str(page)])
    art = desk.ws.store.articles.get(added[0])
    assert "All rights reserved" in art.text and art.text == read_file(page, whole_page=True).text
    assert art.source == "The Frontier Post" and art.published.start == date(2024, 8, 2)
    assert art.title == "Pakistan, Afghanistan agree to reopen Torkham crossing"


def test_the_event_editor_reads_an_iso_date_time(qtbot, workspace):
    from desktop.dialogs.event_editor import EventEditor

    dlg = EventEditor(workspace, None, title="Crossing reopened")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.date_edit, "2024-08-02T09:30:00+05:00")
    assert "2 August 2024" in dlg.date_hint.text() and "day" in dlg.date_hint.text()
