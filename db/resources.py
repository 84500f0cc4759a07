"""Locate bundled resources (sample corpus, icons, stylesheet) from source and from a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_dir() -> Path:
    """The `resources/` folder: beside the packages in a checkout, under `_MEIPASS` when frozen."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource file, e.g. `resource_path("corpus", "corpus.json")`."""
    return resource_dir().joinpath(*parts)
