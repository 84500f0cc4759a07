"""The core never needs Qt: an import-linter contract, and a process where PySide6 cannot load."""

from __future__ import annotations

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import db

ROOT = Path(__file__).resolve().parents[1]

BLOCKER = r"""
import importlib.abc, sys

class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")) or name == "desktop" \
                or name.startswith("desktop."):
            raise ImportError(f"blocked in this test: {name}")
        return None

sys.meta_path.insert(0, NoQt())
"""


def _db_modules() -> list[str]:
    """Every module of the core except `db.__main__` (which runs the CLI when imported)."""
    return sorted(m.name for m in pkgutil.walk_packages(db.__path__, "db.") if m.name != "db.__main__")


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "db is the Qt-free core" in proc.stdout


def test_every_db_module_imports_with_pyside6_blocked():
    modules = _db_modules()
    assert {"db.store", "db.cli", "db.anchoring", "db.export", "db.importing"} <= set(modules)
    code = BLOCKER + f"""
import importlib
for name in {modules!r}:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == "db.dates":  # being written in parallel; absent is not a Qt import
            continue
        raise
assert not any(m.startswith("PySide6") for m in sys.modules), [m for m in sys.modules if "PySide" in m]
print("ok")
"""
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_python_m_db_list_runs_with_pyside6_blocked(tmp_path):
    code = BLOCKER + """
import runpy
sys.argv = ["db", "list"]
runpy.run_module("db", run_name="__main__")
"""
    from db.seed import seed_sample_corpus
    from db.store import Store

    with Store(tmp_path / "x.sqlite3") as s:  # a new database starts empty: give it the sample corpus
        seed_sample_corpus(s)
    env = {**os.environ, "CHRONOLINE_DB": str(tmp_path / "x.sqlite3")}
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().splitlines()) == 5
