"""File-menu actions for the interchange formats: XLSX, W3C Web Annotation, REFI-QDA projects.

Declared with `@action`; MainWindow registers them (`action_registry.declare(interchange, win)`) and
desktop.actions.MENUS places them in the File menu.

Each slot takes an optional path (tests and scripts pass one; the menu asks with a file dialog),
calls the same `db` function as the command line, and reports in the status bar; errors come as
one message box and write nothing.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from db import errors
from db.wording import count
from desktop.actions import Action, action

log = logging.getLogger(__name__)


def _ask_save(win, title: str, name: str, file_filter: str) -> str | None:  # noqa: ANN001
    path, _ = QFileDialog.getSaveFileName(win, title, name, file_filter)
    return path or None


@contextlib.contextmanager
def _progress(win, label: str, total: int) -> Iterator[Callable[[int], bool]]:  # noqa: ANN001
    """A cancellable progress dialog shown when the work takes more than 0.4 s."""
    dialog = QProgressDialog(label, "Cancel", 0, max(total, 1), win)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)

    def tick(n: int) -> bool:
        dialog.setValue(min(n, total))
        QApplication.processEvents()
        return not dialog.wasCanceled()

    try:
        yield tick
    finally:
        dialog.close()


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


@action(Action.EXPORT_ANNOTATIONS_XLSX, "Export annotations as XLS&X…",
        tip="Export every annotation to an Excel workbook, cells typed")
def export_annotations_xlsx(win):  # noqa: ANN001, ANN201
    return export_xlsx(win, "annotations")


@action(Action.EXPORT_EVENTS_XLSX, "Export events as XL&SX…", tip="Export every event to an Excel workbook, cells typed")
def export_events_xlsx(win):  # noqa: ANN001, ANN201
    return export_xlsx(win, "events")


def export_xlsx(win, what: str, path: str | None = None):  # noqa: ANN001, ANN201
    """Annotations or events to an .xlsx; says how many over-long cells were cut. Returns the XlsxResult."""
    from db.export_xlsx import export_annotations_xlsx, export_events_xlsx

    path = path or _ask_save(win, f"Export {what} as XLSX", f"chronoline-{what}.xlsx", "Excel workbook (*.xlsx)")
    if not path:
        return None
    _articles, annotations, events = win.ws.counts()
    total = annotations if what == "annotations" else events
    fn = export_annotations_xlsx if what == "annotations" else export_events_xlsx
    try:
        with _progress(win, f"Exporting {what}…", total) as tick:
            res = win.ws.export_to(fn, path, progress=tick)
    except errors.ChronolineError as exc:
        win.show_error(str(exc))
        return None
    done = f"{count(res.rows, what.removesuffix('s'))} written to {path}."
    if res.cut:
        QMessageBox.information(win, "Export", f"{done}\n\n{count(res.cut, 'cell')} longer than Excel's 32,767 "
                                "characters could not be kept whole: each is cut and ends with “… [cut: N "
                                "characters]”. The CSV export keeps them whole.")
    win.statusBar().showMessage(done, 6000)
    return res


@action(Action.EXPORT_W3C, "Export annotations as &W3C Web Annotation (JSON-LD)…",
        tip="Export every annotation as a W3C Web Annotation collection")
def export_w3c(win, path: str | None = None) -> int | None:  # noqa: ANN001
    """Every annotation as a W3C Web Annotation collection (JSON-LD)."""
    from db.export_w3c import export_w3c as write

    path = path or _ask_save(win, "Export W3C Web Annotations", "chronoline-annotations.jsonld",
                             "JSON-LD (*.jsonld);;JSON (*.json)")
    if not path:
        return None
    try:
        with _progress(win, "Exporting annotations…", win.ws.counts()[1]) as tick:
            n = win.ws.export_to(write, path, progress=tick)
    except errors.ChronolineError as exc:
        win.show_error(str(exc))
        return None
    win.statusBar().showMessage(f"{count(n, 'annotation')} written to {path}.", 6000)
    return n


@action(Action.EXPORT_PROJECT, "Export REFI-QDA pro&ject…",
        tip="Export articles, tags and annotations as a .qdpx for QDA programs")
def export_project(win, path: str | None = None):  # noqa: ANN001, ANN201
    """The whole project as a REFI-QDA .qdpx."""
    from db.refi_qda import export_project as write

    path = path or _ask_save(win, "Export REFI-QDA project", "chronoline-project.qdpx", "REFI-QDA project (*.qdpx)")
    if not path:
        return None
    try:
        with _busy():
            res = win.ws.export_to(write, path)
    except errors.ChronolineError as exc:
        win.show_error(str(exc))
        return None
    win.statusBar().showMessage(f"{count(res.articles, 'article')}, {count(res.annotations, 'annotation')} and "
                                f"{count(res.tags, 'tag')} written to {path}.", 6000)
    return res


@action(Action.IMPORT_PROJECT, "Import REFI-QDA &project…",
        tip="Import a .qdpx project from ATLAS.ti, MAXQDA, NVivo or QualCoder")
def import_project(win, path: str | None = None):  # noqa: ANN001, ANN201
    """A REFI-QDA .qdpx into this database: all of it, or (on any problem) nothing."""
    from db.refi_qda_import import import_project as read

    if path is None:
        path, _ = QFileDialog.getOpenFileName(win, "Import REFI-QDA project", "", "REFI-QDA project (*.qdpx)")
        if not path:
            return None
    with _busy():
        res = win.ws.import_from(read, path)
    if res is None:
        return None
    skipped = f" {count(res.other_sources, 'picture, PDF or media source')} not imported." if res.other_sources else ""
    win.statusBar().showMessage(
        f"Imported {count(res.articles, 'article')} and {count(res.annotations, 'annotation')} "
        f"({res.reused} article(s) and {res.skipped} annotation(s) were already here).{skipped}", 8000)
    return res
