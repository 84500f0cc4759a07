"""File menu additions: import a folder, new / open database; Help → Open the sample corpus."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog

from desktop.actions import Action, action
from desktop.batch_import import import_batch
from desktop.database_switch import (
    DB_FILTER,
    data_folder,
    new_database_path,
    sample_path,
    switch_database,
)


class FilesController:
    """Declares File and Help actions (an extension: see desktop.extensions; desktop.actions.MENUS places them)."""

    def __init__(self, win) -> None:  # noqa: ANN001
        self.win = win
        win.action_registry.declare(self)

    @action(Action.IMPORT_FOLDER, "Import &folder…", shortcut="Ctrl+Shift+O",
            tip="Import every article file in a folder and its sub-folders")
    def import_folder(self) -> None:
        start = str(self.win.settings.value("paths/import", ""))
        folder = QFileDialog.getExistingDirectory(self.win, "Import a folder", start)
        if folder:
            self.win.settings.setValue("paths/import", folder)
            import_batch(self.win, [folder])

    @action(Action.NEW_DATABASE, "&New database…", shortcut="Ctrl+Shift+N", tip="Start a new, empty database")
    def new_database(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self.win, "New database", str(data_folder(self.win) / "new.sqlite3"),
                                                DB_FILTER, options=QFileDialog.Option.DontConfirmOverwrite)
        if chosen:
            switch_database(self.win, new_database_path(chosen), create=True)

    @action(Action.OPEN_DATABASE, "Open &database…", tip="Open another Chronoline database")
    def open_database(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.win, "Open database", str(data_folder(self.win)), DB_FILTER)
        if chosen:
            switch_database(self.win, chosen)

    @action(Action.OPEN_SAMPLE, "Open the &sample corpus", tip="Open the five sample articles in their own database")
    def open_sample(self) -> None:
        path = sample_path(self.win)
        switch_database(self.win, path, create=not path.exists(), seed=True)
