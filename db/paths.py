"""Where the database lives: --db, then CHRONOLINE_DB, then the platform data directory.

The data directory matches what Qt's QStandardPaths.AppDataLocation gives for an application named
Chronoline, so the command line and the desktop app find the same database.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Chronoline"
DB_NAME = "chronoline.sqlite3"


def default_data_dir() -> Path:
    """The per-user data directory (not created here)."""
    override = os.environ.get("CHRONOLINE_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def database_path(cli_value: str | None = None) -> Path:
    """The database file to open, by precedence: argument, CHRONOLINE_DB, data directory."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("CHRONOLINE_DB")
    if env:
        return Path(env).expanduser()
    return default_data_dir() / DB_NAME
