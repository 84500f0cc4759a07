"""Open another database in the window: a new empty one, an existing one, or the sample corpus."""

from __future__ import annotations

import logging
from pathlib import Path

from db import errors
from db.paths import default_data_dir

log = logging.getLogger(__name__)
SAMPLE_DB_NAME = "sample-corpus.sqlite3"
DB_FILTER = "Chronoline databases (*.sqlite3 *.db *.sqlite);;All files (*)"


def data_folder(win) -> Path:  # noqa: ANN001
    """The data folder the window's app uses (set by desktop.app), else the platform default."""
    folder = win.data_dir
    return Path(folder) if folder else default_data_dir()


def sample_path(win) -> Path:  # noqa: ANN001
    """Where the sample corpus has its own database."""
    return data_folder(win) / SAMPLE_DB_NAME


def new_database_path(chosen: str) -> Path:
    """The file a new database goes to: `.sqlite3` added when the name has no extension."""
    p = Path(chosen)
    return p if p.suffix else p.with_suffix(".sqlite3")


def switch_database(win, path: str | Path, *, create: bool = False, seed: bool = False):  # noqa: ANN001, ANN201
    """Open `path` in a fresh window that replaces `win` (same settings, same place); returns it, or None.

    `create` refuses a file that already exists (a new database never overwrites one). The old window
    saves its state and closes; its database is closed once the window is gone. On any problem the
    old window stays as it was and says what went wrong.
    """
    from db.store import Store

    path = Path(path)
    if create and path.exists():
        win.show_error(f"{path.name} already exists; choose another name, or open it with File → Open database….")
        return None
    if not create and not path.is_file():
        win.show_error(f"{path} is not a file; choose a Chronoline database.")
        return None
    if path.resolve() == Path(win.db_path or "").resolve() and not win.ws.in_memory:
        win.statusBar().showMessage(f"{path.name} is already open.", 4000)
        return win
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        store = Store(path, seed=seed)
    except (errors.ChronolineError, OSError) as exc:
        win.show_error(f"Chronoline cannot open {path.name}.\n\n{exc}")
        return None
    from desktop.app import build_window

    win.editor.flush()
    win.save_state()
    new = build_window(store, win.settings, str(path))
    new.data_dir = win.data_dir
    new.restore_state()
    if win.isMaximized():
        new.showMaximized()
    else:
        new.setGeometry(win.geometry())
        new.show()
    old_ws = win.ws
    win.ws.undo_stack.clear()
    win.ws.undo_stack.blockSignals(True)
    win.switched_to = new
    win.close()
    win.destroyed.connect(lambda *_: old_ws.close())
    win.deleteLater()
    if store.readonly:
        new.statusBar().showMessage("This database is read-only: you can read, but changes cannot be saved.")
    elif store.backup_path:
        new.statusBar().showMessage(f"Database upgraded; the old file was kept as {store.backup_path.name}.", 10000)
    else:
        new.statusBar().showMessage(f"Opened {path.name}.", 5000)
    return new


def current_window(first):  # noqa: ANN001, ANN201
    """The window that replaced `first` (after any number of database switches), or `first`."""
    win = first
    while win.switched_to is not None:
        win = win.switched_to
    return win
