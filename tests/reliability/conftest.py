"""Fixtures of the reliability tests (helpers live in rel_helpers.py, importable by name)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def scratch():
    """A scratch folder in RAM when there is one (/dev/shm): fuzz tests rewrite a file per example,
    and rewriting a file on this machine's root file system costs ~3 ms."""
    import shutil
    import tempfile

    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="chronoline-fuzz-",
                                   dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def record_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """QMessageBox warnings/criticals/informations recorded instead of shown."""
    from PySide6.QtWidgets import QMessageBox

    seen: list[str] = []

    def box(_parent, _title, text, *_a, **_k):  # noqa: ANN001, ANN202
        seen.append(text)
        return QMessageBox.StandardButton.Ok

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(box))
    return seen


@pytest.fixture
def window_on(qtbot, tmp_path: Path, record_boxes):
    """A factory: the full main window over a Store, shown offscreen; closed after the test."""
    from PySide6.QtCore import QSettings

    from desktop.app import build_window

    made = []

    def make(store, db_path: str = ""):  # noqa: ANN001, ANN202
        settings = QSettings(str(tmp_path / f"settings{len(made)}.ini"), QSettings.Format.IniFormat)
        win = build_window(store, settings, db_path)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        qtbot.waitUntil(lambda: bool(win.property("settled")), timeout=10000)  # work deferred past the first paint
        made.append(win)
        return win

    yield make
    for win in made:
        win.ws.undo_stack.blockSignals(True)  # the store may be closed already
        win.ws.blockSignals(True)
        win.close()
        win.ws.undo_stack.clear()
