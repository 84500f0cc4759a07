"""The main window's actions, menus and toolbar, and the slots behind File and Edit."""

from __future__ import annotations

import logging
import sys
from functools import partial
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from db import errors, export
from desktop.actions import Action, ActionRegistry, action
from desktop.dialogs.import_dialog import ImportDialog
from desktop.dialogs.shortcuts import show_shortcuts
from desktop.dialogs.tag_manager import TagManager

log = logging.getLogger(__name__)


def import_filter() -> str:
    """The file dialog's filter: every suffix the importer has a reader for, documents on their own too."""
    from db.importing import SUFFIXES

    every = " ".join(f"*{s}" for s in sorted(SUFFIXES))
    return f"Articles ({every});;PDF (*.pdf);;Word and OpenDocument (*.docx *.odt);;All files (*)"


def build_actions(win) -> ActionRegistry:  # noqa: ANN001
    """Register the window's core actions once; menus, toolbar and context menus (desktop.actions) share them."""
    ws = win.ws
    reg: ActionRegistry = win.action_registry
    reg.declare(sys.modules[__name__], win)
    undo = ws.undo_stack.createUndoAction(win, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = ws.undo_stack.createRedoAction(win, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    reg.adopt(Action.UNDO, undo)
    reg.adopt(Action.REDO, redo)
    # toolbar twins with short labels (the menu items carry the full "Undo Create event …" text)
    for member, label, stack_slot, signal in (
            (Action.UNDO_TOOLBAR, "Undo", ws.undo_stack.undo, ws.undo_stack.canUndoChanged),
            (Action.REDO_TOOLBAR, "Redo", ws.undo_stack.redo, ws.undo_stack.canRedoChanged)):
        twin = reg.add(member, label, stack_slot)
        twin.setEnabled(False)
        signal.connect(twin.setEnabled)
    ws.undo_stack.undoTextChanged.connect(lambda t: _tip(reg[Action.UNDO_TOOLBAR], f"Undo {t} (Ctrl+Z)"))
    ws.undo_stack.redoTextChanged.connect(lambda t: _tip(reg[Action.REDO_TOOLBAR], f"Redo {t} (Ctrl+Shift+Z)"))
    win.panes.addAction(reg[Action.DELETE_ANNOTATION])
    win.annotations.table.addAction(reg[Action.DELETE_ANNOTATION])
    for i in range(1, 10):
        a = reg.add(Action[f"APPLY_RECENT_TAG_{i}"], f"Apply recent tag {i}", partial(apply_recent_tag, win, i),
                    shortcut=str(i), context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        win.panes.addAction(a)
    return reg


def _tip(action: QAction, text: str) -> None:
    """Set a tooltip unless the action is already gone (window closing)."""
    try:
        action.setToolTip(text)
    except RuntimeError:
        pass


def _events_part(win, what: str) -> None:  # noqa: ANN001
    """New event from selection / Add as source: handled by the events part (desktop.events_controller)."""
    part = win.events_ctl
    if part is None:
        win.statusBar().showMessage("Not available.", 3000)
    elif what == "new_event":
        part.new_event()
    else:
        part.add_source()


@action(Action.NEW_EVENT, "New &event from selection…", shortcut="Ctrl+Alt+E",
        tip="Turn the selected passage into a dated event")
def new_event(win) -> None:  # noqa: ANN001
    _events_part(win, "new_event")


@action(Action.ADD_SOURCE, "Add as source &of…", shortcut="Ctrl+Alt+S",
        tip="Add the selected passage as a source of an existing event")
def add_source(win) -> None:  # noqa: ANN001
    _events_part(win, "add_source")


@action(Action.ANNOTATE, "&Annotate selection", shortcut="Ctrl+Alt+M", tip="Annotate the selected passage")
def annotate(win) -> None:  # noqa: ANN001
    """Ctrl+Alt+M: annotate the selection (or select its existing annotation), cursor to the note editor."""
    from desktop.annotating import annotate_selection

    annotate_selection(win)


def apply_recent_tag(win, n: int) -> None:  # noqa: ANN001
    """Digits 1–9 with a selection: annotate it with the n-th most recent tag (no duplicate annotation)."""
    from desktop.annotating import tag_selection

    tag_selection(win, n)


@action(Action.UPDATE_EXTENT, "Update e&xtent", shortcut="Ctrl+Alt+X",
        tip="Move the selected annotation to the selected text")
def update_extent(win) -> None:  # noqa: ANN001
    view = win.current_view()
    span = view.selection_span() if view else None
    if not win.selection.annotation or span is None:
        win.statusBar().showMessage("Select an annotation, then the new text, then Update extent.", 4000)
        return
    ann = win.ws.annotation(win.selection.annotation)
    if view.article is None or view.article.id != ann.article_id:
        win.statusBar().showMessage("The new extent must be in the annotation's own article.", 4000)
        return
    win.ws.edit_annotation(ann.id, extent=span)


@action(Action.CONFIRM_MOVED, "&Confirm moved passage", tip="Accept where a moved (fuzzy) annotation was found")
def confirm_anchor(win) -> None:  # noqa: ANN001
    aid = win.selection.annotation
    if aid:
        win.ws.accept_found_position(aid)


@action(Action.DELETE_ANNOTATION, "&Delete annotation", shortcut=QKeySequence.StandardKey.Delete,
        tip="Delete the selected annotation", context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
def delete_selected(win) -> None:  # noqa: ANN001
    aid = win.selection.annotation
    if aid:
        win.select_annotation(None)
        win.ws.delete_annotation(aid)


@action(Action.NEW_PANE, "&New pane", shortcut="Ctrl+T", tip="Open another reading pane")
def add_pane(win) -> None:  # noqa: ANN001
    if win.panes.add_pane() is None:
        win.statusBar().showMessage("Four panes at most side by side.", 3000)


@action(Action.CLOSE_PANE, "&Close pane", shortcut="Ctrl+W", tip="Close the current pane")
def close_pane(win) -> None:  # noqa: ANN001
    win.panes.remove_pane()


@action(Action.SYNC_SCROLLING, "&Synchronized scrolling", shortcut="Ctrl+Alt+Y",
        tip="Scroll all panes together, proportionally", checkable=True)
def sync_scrolling(win, on: bool) -> None:  # noqa: ANN001
    win.panes.sync = on


@action(Action.REFRESH, "&Refresh", shortcut=QKeySequence.StandardKey.Refresh,
        tip="Reload from the database (picks up other windows' changes)")
def refresh(win) -> None:  # noqa: ANN001
    win.ws.refresh()


@action(Action.RESET_LAYOUT, "Reset &layout",
        tip="Put every panel back where it was on the first start, sized for this window")
def reset_layout(win) -> None:  # noqa: ANN001
    from desktop.layout import reset_layout as reset

    reset(win)


@action(Action.TAGS, "&Tags…", shortcut="Ctrl+Alt+T", tip="Rename, recolour, merge tags")
def manage_tags(win) -> None:  # noqa: ANN001
    TagManager(win.ws, win).exec()


@action(Action.SHORTCUTS, "&Keyboard shortcuts", shortcut=["Ctrl+/", "F1"], tip="Every keyboard shortcut, searchable")
def keyboard_shortcuts(win) -> None:  # noqa: ANN001
    show_shortcuts(win)


@action(Action.QUIT, "&Quit", shortcut=QKeySequence.StandardKey.Quit)
def quit_window(win) -> None:  # noqa: ANN001
    win.close()


@action(Action.FIND, "&Find in article…", shortcut=QKeySequence.StandardKey.Find)
def find_in_pane(win) -> None:  # noqa: ANN001
    if win.panes.current:
        win.panes.current.find_bar.open_bar()


@action(Action.SEARCH, "Search &everywhere…", shortcut="Ctrl+Shift+F", tip="Search every article, note and tag")
def search_all(win) -> None:  # noqa: ANN001
    win.docks["search"].show()
    win.docks["search"].raise_()
    win.search.focus()


@action(Action.IMPORT, "&Import…", shortcut=QKeySequence.StandardKey.Open,
        tip="Import articles: .txt, .md, .html, PDF, Word (.docx) or .odt")
def import_dialog(win) -> None:  # noqa: ANN001
    start = str(win.settings.value("paths/import", ""))
    paths, _ = QFileDialog.getOpenFileNames(win, "Import articles", start, import_filter())
    if len(paths) > 1:  # many files: no metadata dialog each, a progress dialog and a summary
        from pathlib import Path

        from desktop.batch_import import import_batch

        win.settings.setValue("paths/import", str(Path(paths[0]).parent))
        import_batch(win, paths)
    elif paths:
        import_files(win, paths)


def import_files(win, paths: list[str]) -> list[str]:  # noqa: ANN001
    """Read each file, confirm its metadata, store it; errors name the file and the reason."""
    from pathlib import Path

    from db.importing import read_file

    added: list[str] = []
    problems: list[str] = []
    for path in paths:
        win.settings.setValue("paths/import", str(Path(path).parent))
        try:
            got = read_file(path)
        except errors.ChronolineError as exc:
            problems.append(str(exc))
            continue
        dlg = ImportDialog(got, win, reread=lambda whole, path=path: read_file(path, whole_page=whole))
        if dlg.exec() != ImportDialog.DialogCode.Accepted:
            continue
        f, got = dlg.result_fields, dlg.imported
        art = win.ws.add_article(
            f["title"], got.text, source=f["source"], author=f["author"], url=f["url"], published=f["published"],
            encoding=got.encoding, filename=got.filename)
        if art is not None:
            added.append(art.id)
    if problems:
        QMessageBox.warning(win, "Import", "\n\n".join(problems))
    if added:  # each was announced by ws.add_article: no reload of everything
        win.open_article(added[-1])
        win.statusBar().showMessage(f"Imported {len(added)} article(s).", 5000)
    return added


@action(Action.EXPORT_ANNOTATIONS_CSV, "Export &annotations as CSV…", shortcut="Ctrl+Shift+E",
        tip="Export every annotation to a CSV file")
def export_annotations_csv(win) -> int | None:  # noqa: ANN001
    return export_csv(win, "annotations")


@action(Action.EXPORT_EVENTS_CSV, "Export e&vents as CSV…", tip="Export every event to a CSV file")
def export_events_csv(win) -> int | None:  # noqa: ANN001
    return export_csv(win, "events")


def export_csv(win, what: str, path: str | None = None) -> int | None:  # noqa: ANN001
    """Export through the same functions as the CLI, with a progress dialog for large exports."""
    if path is None:
        path, _ = QFileDialog.getSaveFileName(win, f"Export {what}", f"chronoline-{what}.csv", "CSV (*.csv)")
        if not path:
            return None
    _articles, annotations, events = win.ws.counts()
    total = annotations if what == "annotations" else events
    progress = QProgressDialog(f"Exporting {what}…", "Cancel", 0, max(total, 1), win)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(400)

    def tick(n: int) -> bool:
        progress.setValue(min(n, total))
        QApplication.processEvents()
        return not progress.wasCanceled()

    fn = export.export_annotations if what == "annotations" else export.export_events
    try:
        n = win.ws.export_to(fn, path, progress=tick)
    except errors.ChronolineError as exc:
        progress.close()
        win.show_error(str(exc))
        return None
    progress.close()
    win.statusBar().showMessage(f"Exported {n} {what} to {path}.", 6000)
    return n


@action(Action.ABOUT, "&About Chronoline")
def about(win) -> None:  # noqa: ANN001
    try:
        version = metadata.version("chronoline")
    except metadata.PackageNotFoundError:
        version = "development"
    QMessageBox.about(win, "About Chronoline",
                      f"<h3>Chronoline {version}</h3><p>Read news reports side by side, annotate passages, "
                      "date events and see them on a timeline.</p>"
                      f"<p>Database: {win.db_path or 'in memory'}</p>")
