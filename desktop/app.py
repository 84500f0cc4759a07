"""main(argv): QApplication, paths, Store, Workspace, MainWindow — wiring only."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path

from db.paths import APP_NAME, DB_NAME, default_data_dir

log = logging.getLogger("chronoline")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The window's options; anything else is left for Qt."""
    args, _unknown = build_parser().parse_known_args(list(argv))
    return args


def build_parser() -> argparse.ArgumentParser:
    """The window's own command-line options (the launcher reads which of them take a value)."""
    p = argparse.ArgumentParser(prog="chronoline", description="Chronoline desktop app")
    p.add_argument("--db", metavar="PATH", help="database file (default: $CHRONOLINE_DB, else the data directory)")
    p.add_argument("--portable", action="store_true", help="keep database, settings and logs beside the program")
    p.add_argument("--self-test", action="store_true", help="run the packaged self-test and exit")
    p.add_argument("--reset-layout", action="store_true", help="forget window layout and open panes")
    p.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)  # bench: print first-paint time
    p.add_argument("--layout-report", metavar="FILE", help=argparse.SUPPRESS)  # tests: what the window shows, as JSON
    return p


def data_dir(portable_dir: Path | None) -> Path:
    """Where database, logs and (in portable mode) settings live."""
    if portable_dir is not None:
        return portable_dir
    return default_data_dir()  # the same folder the command line uses (Qt's AppDataLocation for Chronoline)


def setup_logging(folder: Path) -> Path | None:
    """Log to chronoline.log in the data directory; tracebacks go there, never to the user."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "chronoline.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook(app) -> None:  # noqa: ANN001
    """Unexpected errors: log the traceback, show a short message, keep running."""
    from PySide6.QtWidgets import QMessageBox

    def hook(kind, value, tb) -> None:  # noqa: ANN001
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        try:
            QMessageBox.warning(app.activeWindow(), APP_NAME,
                                f"Something went wrong: {value}.\nYour saved work is intact; "
                                "details were written to the log file in the data folder.")
        except Exception:  # noqa: BLE001 - never fail inside the hook
            pass

    sys.excepthook = hook


def fatal(message: str) -> int:
    """Tell the user why Chronoline cannot start (dialog, or stderr without a screen); exit code 1."""
    log.error("cannot start: %s", message)
    print(f"chronoline: {message}", file=sys.stderr)
    if os.environ.get("QT_QPA_PLATFORM") not in ("offscreen", "minimal") and not os.environ.get("CHRONOLINE_NO_DIALOGS"):
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, message)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Start the desktop app; returns the exit code."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from desktop.portable import PortableError, portable_dir

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "chronoline"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    from PySide6.QtGui import QIcon

    from db.resources import resource_path

    app.setWindowIcon(QIcon(str(resource_path("icons", "chronoline.png"))))
    try:
        from importlib.metadata import version

        app.setApplicationVersion(version("chronoline"))
    except Exception:  # noqa: BLE001 - a missing version must not stop the app
        pass
    from desktop.style import apply_style

    apply_style(app)
    try:
        pdir = portable_dir(args.portable)
    except PortableError as exc:
        return fatal(str(exc))
    folder = data_dir(pdir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fatal(f"The data folder {folder} cannot be created ({exc.strerror}). "
                     "Check its permissions, or start with --db PATH or --portable.")
    setup_logging(folder)
    install_excepthook(app)
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    from db import errors
    from db.paths import database_path
    from db.store import Store

    db_path = Path(args.db) if args.db else (database_path(None) if os.environ.get("CHRONOLINE_DB") else folder / DB_NAME)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        if not db_path.exists() and not os.access(db_path.parent, os.W_OK):
            return fatal(f"The data folder {db_path.parent} is read-only, so a database cannot be created there. "
                         "Start with --db PATH or --portable.")
        # the sample corpus goes only into the default database, when this first start creates it;
        # a database named with --db or CHRONOLINE_DB starts empty (Help → Open the sample corpus)
        store = Store(db_path, seed=not args.db and not os.environ.get("CHRONOLINE_DB"))
    except (errors.ChronolineError, OSError) as exc:
        return fatal(f"Chronoline cannot open its database.\n\n{exc}")
    if pdir is not None:
        settings = QSettings(str(pdir / "settings.ini"), QSettings.Format.IniFormat)
    else:
        settings = QSettings(APP_NAME, APP_NAME)
    if args.reset_layout:
        settings.clear()
    win = build_window(store, settings, str(db_path))
    win.data_dir = folder
    if store.backup_path:
        win.statusBar().showMessage(f"Database upgraded; the old file was kept as {store.backup_path.name}.", 10000)
    if store.readonly:
        win.statusBar().showMessage("This database is read-only: you can read, but changes cannot be saved.")
    win.restore_state()
    if args.startup_probe:
        from desktop.startup_probe import report_first_paint

        report_first_paint(win)
    win.show()
    if args.layout_report:
        from desktop.layout_report import report_layout

        report_layout(win, args.layout_report)
    code = app.exec()
    from desktop.database_switch import current_window

    win = current_window(win)  # File → Open database… may have replaced the first window
    win.ws.undo_stack.blockSignals(True)  # its destructor clears it after the store is closed
    win.ws.close()
    return code


def build_window(store, settings, db_path: str = ""):  # noqa: ANN001, ANN201
    """Workspace + MainWindow with every extension attached (used by main, tests and the self-test)."""
    from desktop.extensions import attach_extensions
    from desktop.mainwindow import MainWindow
    from desktop.workspace import Workspace

    ws = Workspace(store)
    win = MainWindow(ws, settings, db_path)
    attach_extensions(win)
    from desktop.actions import build_menus

    build_menus(win)  # every part has registered its actions: the menus and toolbar from one table
    from desktop.layout import arrange

    arrange(win)
    return win


if __name__ == "__main__":
    sys.exit(main())
