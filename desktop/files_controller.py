"""File menu additions: import a folder, new / open database; Help → Open the sample corpus."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from desktop.batch_import import import_batch
from desktop.database_switch import (
    DB_FILTER,
    data_folder,
    new_database_path,
    sample_path,
    switch_database,
)


class FilesController:
    """Adds its actions to the window's File and Help menus (an extension: see desktop.extensions)."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        self.actions: dict[str, QAction] = {}
        self._add("import_folder", "Import &folder…", self.import_folder, "Ctrl+Shift+O",
                  "Import every article file in a folder and its sub-folders")
        self._add("new_database", "&New database…", self.new_database, "Ctrl+Shift+N",
                  "Start a new, empty database")
        self._add("open_database", "Open &database…", self.open_database, None, "Open another Chronoline database")
        self._add("open_sample", "Open the &sample corpus", self.open_sample, None,
                  "Open the five sample articles in their own database")
        menu = win.file_menu
        first = menu.actions()[1] if len(menu.actions()) > 1 else None  # after Import…
        menu.insertAction(first, self.actions["import_folder"])
        menu.insertSeparator(first)
        menu.insertAction(first, self.actions["new_database"])
        menu.insertAction(first, self.actions["open_database"])
        help_menu = win.help_menu
        about = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertAction(about, self.actions["open_sample"])
        help_menu.insertSeparator(about)

    def _add(self, key: str, text: str, slot, shortcut: str | None, tip: str) -> None:  # noqa: ANN001
        a = QAction(text, self.win)
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        a.setStatusTip(tip)
        a.triggered.connect(lambda _checked=False: slot())
        self.win.addAction(a)
        self.actions[key] = a

    def import_folder(self) -> None:
        start = str(self.win.settings.value("paths/import", ""))
        folder = QFileDialog.getExistingDirectory(self.win, "Import a folder", start)
        if folder:
            self.win.settings.setValue("paths/import", folder)
            import_batch(self.win, [folder])

    def new_database(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self.win, "New database", str(data_folder(self.win) / "new.sqlite3"),
                                                DB_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            switch_database(self.win, new_database_path(chosen), create=True)

    def open_database(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.win, "Open database", str(data_folder(self.win)), DB_FILTER)
        if chosen:
            switch_database(self.win, chosen)

    def open_sample(self) -> None:
        path = sample_path(self.win)
        switch_database(self.win, path, create=not path.exists(), seed=True)
