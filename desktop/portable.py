"""Portable mode: `--portable` or a `portable.txt` beside the executable keeps all data beside it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_FOLDER = "ChronolineData"


class PortableError(Exception):
    """portable.txt exists but cannot be used; the message says what to fix."""


def program_dir() -> Path:
    """The folder of the executable (frozen) or of the checkout (from source)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def portable_dir(flag: bool, base: Path | None = None) -> Path | None:
    """The portable data folder, or None when not portable.

    portable.txt may be empty (data in `ChronolineData/` beside the program) or name a folder,
    relative to the program's folder.
    """
    base = base or program_dir()
    marker = base / "portable.txt"
    if not flag and not marker.exists():
        return None
    folder_name = DEFAULT_FOLDER
    if marker.exists():
        try:
            raw = marker.read_bytes()[:4096].decode("utf-8-sig").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise PortableError(f"{marker} cannot be read ({exc}). Delete it, or write a folder name in it as "
                                "plain UTF-8 text.") from exc
        line = raw.splitlines()[0].strip() if raw else ""
        if line:
            folder_name = line
    folder = (base / folder_name).resolve()
    if "\x00" in folder_name or folder.is_file():
        raise PortableError(f"portable.txt names “{folder_name}”, which is not a usable folder. "
                            "Write the name of a folder beside the program, or leave the file empty.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PortableError(f"The portable data folder {folder} cannot be created ({exc.strerror}). "
                            "Is the drive read-only?") from exc
    if not os.access(folder, os.W_OK):
        raise PortableError(f"The portable data folder {folder} is read-only; Chronoline cannot save there.")
    return folder
