"""The main window's actions, menus and toolbar, and the slots behind File and Edit."""

from __future__ import annotations

import logging
from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog, QToolBar

from db import errors, export
from desktop.dialogs.import_dialog import ImportDialog
from desktop.dialogs.shortcuts import show_shortcuts
from desktop.dialogs.tag_manager import TagManager

log = logging.getLogger(__name__)


def import_filter() -> str:
    """The file dialog's filter: every suffix the importer has a reader for, documents on their own too."""
    from db.importing import SUFFIXES

    every = " ".join(f"*{s}" for s in sorted(SUFFIXES))
    return f"Articles ({every});;PDF (*.pdf);;Word and OpenDocument (*.docx *.odt);;All files (*)"


def _action(win, text: str, slot, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:  # noqa: ANN001
    a = QAction(text, win)
    if shortcut is not None:
        seqs = shortcut if isinstance(shortcut, list) else [shortcut]
        a.setShortcuts([QKeySequence(s) for s in seqs])
    if tip:
        a.setStatusTip(tip)
        a.setToolTip(f"{tip} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                     if shortcut is not None else tip)
    a.setCheckable(checkable)
    a.setShortcutVisibleInContextMenu(True)
    if checkable:
        a.toggled.connect(slot)
    else:
        a.triggered.connect(lambda _checked=False: slot())
    return a


def build_actions(win) -> dict[str, QAction]:  # noqa: ANN001
    """Create every action once; menus, toolbar and context menus share them."""
    ws = win.ws
    acts: dict[str, QAction] = {}
    acts["import"] = _action(win, "&Import…", lambda: import_dialog(win), QKeySequence.StandardKey.Open,
                             "Import articles: .txt, .md, .html, PDF, Word (.docx) or .odt")
    acts["export_annotations"] = _action(win, "Export &annotations as CSV…", lambda: export_csv(win, "annotations"),
                                         "Ctrl+Shift+E", "Export every annotation to a CSV file")
    acts["export_events"] = _action(win, "Export e&vents as CSV…", lambda: export_csv(win, "events"), None,
                                    "Export every event to a CSV file")
    acts["quit"] = _action(win, "&Quit", win.close, QKeySequence.StandardKey.Quit)
    undo = ws.undo_stack.createUndoAction(win, "&Undo")
    undo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
    redo = ws.undo_stack.createRedoAction(win, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    acts["undo"], acts["redo"] = undo, redo
    # toolbar twins with short labels (the menu items carry the full "Undo Create event …" text)
    for key, label, stack_slot, signal in (("undo_tb", "Undo", ws.undo_stack.undo, ws.undo_stack.canUndoChanged),
                                           ("redo_tb", "Redo", ws.undo_stack.redo, ws.undo_stack.canRedoChanged)):
        twin = QAction(label, win)
        twin.setEnabled(False)
        twin.triggered.connect(stack_slot)
        signal.connect(twin.setEnabled)
        acts[key] = twin
    ws.undo_stack.undoTextChanged.connect(lambda t: _tip(acts["undo_tb"], f"Undo {t} (Ctrl+Z)"))
    ws.undo_stack.redoTextChanged.connect(lambda t: _tip(acts["redo_tb"], f"Redo {t} (Ctrl+Shift+Z)"))
    acts["annotate"] = _action(win, "&Annotate selection", lambda: annotate(win), "Ctrl+Alt+M",
                               "Annotate the selected passage")
    acts["update_extent"] = _action(win, "Update e&xtent", lambda: update_extent(win), "Ctrl+Alt+X",
                                    "Move the selected annotation to the selected text")
    acts["delete"] = _action(win, "&Delete annotation", lambda: delete_selected(win), QKeySequence.StandardKey.Delete,
                             "Delete the selected annotation")
    acts["delete"].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    win.panes.addAction(acts["delete"])
    win.annotations.table.addAction(acts["delete"])
    acts["new_event"] = _action(win, "New &event from selection…", lambda: _events_part(win, "new_event"), "Ctrl+Alt+E",
                                "Turn the selected passage into a dated event")
    acts["add_source"] = _action(win, "Add as source &of…", lambda: _events_part(win, "add_source"), "Ctrl+Alt+S",
                                 "Add the selected passage as a source of an existing event")
    acts["find"] = _action(win, "&Find in article…", lambda: find_in_pane(win), QKeySequence.StandardKey.Find)
    acts["search"] = _action(win, "Search &everywhere…", lambda: search_all(win), "Ctrl+Shift+F",
                             "Search every article, note and tag")
    acts["tags"] = _action(win, "&Tags…", lambda: TagManager(ws, win).exec(), "Ctrl+Alt+T", "Rename, recolour, merge tags")
    acts["confirm"] = _action(win, "&Confirm moved passage", lambda: confirm_anchor(win), None,
                              "Accept where a moved (fuzzy) annotation was found")
    acts["new_pane"] = _action(win, "&New pane", lambda: add_pane(win), "Ctrl+T", "Open another reading pane")
    acts["close_pane"] = _action(win, "&Close pane", lambda: win.panes.remove_pane(), "Ctrl+W", "Close the current pane")
    acts["sync"] = _action(win, "&Synchronized scrolling", lambda on: setattr(win.panes, "sync", on), "Ctrl+Alt+Y",
                           "Scroll all panes together, proportionally", checkable=True)
    acts["refresh"] = _action(win, "&Refresh", ws.refresh, QKeySequence.StandardKey.Refresh,
                              "Reload from the database (picks up other windows' changes)")
    acts["about"] = _action(win, "&About Chronoline", lambda: about(win))
    acts["shortcuts"] = _action(win, "&Keyboard shortcuts", lambda: show_shortcuts(win), ["Ctrl+/", "F1"],
                                "Every keyboard shortcut, searchable")
    for i in range(1, 10):
        a = _action(win, f"Apply recent tag {i}", lambda n=i: apply_recent_tag(win, n), str(i))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        win.panes.addAction(a)
        acts[f"tag{i}"] = a

    mb = win.menuBar()
    m = mb.addMenu("&File")
    for k in ("import", None, "export_annotations", "export_events", None, "quit"):
        m.addSeparator() if k is None else m.addAction(acts[k])
    win.file_menu = m
    m = mb.addMenu("&Edit")
    for k in ("undo", "redo", None, "annotate", "update_extent", "delete", "confirm", None, "new_event", "add_source",
              None, "find", "search", None, "tags"):
        m.addSeparator() if k is None else m.addAction(acts[k])
    win.edit_menu = m
    m = mb.addMenu("&View")
    for k in ("new_pane", "close_pane", "sync", None, "refresh"):
        m.addSeparator() if k is None else m.addAction(acts[k])
    win.view_menu = m  # desktop.layout adds every dock's toggle and Reset layout once all docks exist
    m = mb.addMenu("&Help")
    m.addAction(acts["shortcuts"])
    m.addAction(acts["about"])
    win.help_menu = m

    tb = QToolBar("Main", win)
    tb.setObjectName("toolbar-main")
    tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    for k in ("import", None, "annotate", "new_event", None, "undo_tb", "redo_tb", None, "new_pane", "close_pane", "sync"):
        tb.addSeparator() if k is None else tb.addAction(acts[k])
    win.addToolBar(tb)
    win.toolbar = tb
    return acts


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


def annotate(win) -> None:  # noqa: ANN001
    """Ctrl+Alt+M: annotate the selection (or select its existing annotation), cursor to the note editor."""
    from desktop.annotating import annotate_selection

    annotate_selection(win)


def apply_recent_tag(win, n: int) -> None:  # noqa: ANN001
    """Digits 1–9 with a selection: annotate it with the n-th most recent tag (no duplicate annotation)."""
    from desktop.annotating import tag_selection

    tag_selection(win, n)


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
    win.fuzzy_positions.pop(ann.id, None)
    win.ws.edit_annotation(ann.id, extent=span)


def confirm_anchor(win) -> None:  # noqa: ANN001
    aid = win.selection.annotation
    if aid and aid in win.fuzzy_positions:
        win.ws.edit_annotation(aid, extent=win.fuzzy_positions.pop(aid))


def delete_selected(win) -> None:  # noqa: ANN001
    aid = win.selection.annotation
    if aid:
        win.select_annotation(None)
        win.ws.delete_annotation(aid)


def add_pane(win) -> None:  # noqa: ANN001
    if win.panes.add_pane() is None:
        win.statusBar().showMessage("Four panes at most side by side.", 3000)


def find_in_pane(win) -> None:  # noqa: ANN001
    if win.panes.current:
        win.panes.current.find_bar.open_bar()


def search_all(win) -> None:  # noqa: ANN001
    win.docks["search"].show()
    win.docks["search"].raise_()
    win.search.focus()


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


def about(win) -> None:  # noqa: ANN001
    try:
        version = metadata.version("chronoline")
    except metadata.PackageNotFoundError:
        version = "development"
    QMessageBox.about(win, "About Chronoline",
                      f"<h3>Chronoline {version}</h3><p>Read news reports side by side, annotate passages, "
                      "date events and see them on a timeline.</p>"
                      f"<p>Database: {win.db_path or 'in memory'}</p>")
