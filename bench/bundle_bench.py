"""Measure the PyInstaller bundle: size, start to first painted window, `chronoline-cli list`.

Run `make dist` first; without dist/chronoline/ this prints a note and exits 0.
Prints JSON lines: bundle_size (size_mb), bundle_first_paint and bundle_cli_list (median_ms, runs).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "chronoline"
RUNS = 5


def size_mb(folder: Path) -> float:
    """Apparent size of every file in the folder (symlinks not followed), in MB (10^6 bytes)."""
    total = 0
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            total += p.stat().st_size
    return total / 1e6


def first_paint_ms(env: dict[str, str]) -> float:
    """Wall time from launching the GUI executable to its first painted main window."""
    t0 = time.time()
    out = subprocess.run([str(BUNDLE / "chronoline"), "--startup-probe"], env=env, capture_output=True,
                         text=True, timeout=60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("first-paint ")), None)
    if line is None:
        raise RuntimeError(f"no first-paint line: {out.stdout[-300:]} {out.stderr[-300:]}")
    return (float(line.split()[1]) - t0) * 1000


def cli_list_ms(env: dict[str, str], db: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(BUNDLE / "chronoline-cli"), "--db", str(db), "list"], env=env, check=True,
                   capture_output=True, timeout=60)
    return (time.perf_counter() - t0) * 1000


def main() -> int:
    if not (BUNDLE / "chronoline").exists():
        print(json.dumps({"bench": "bundle_size", "params": {}, "skipped": "run `make dist` first"}))
        return 0
    print(json.dumps({"bench": "bundle_size", "params": {"path": "dist/chronoline"}, "size_mb": round(size_mb(BUNDLE), 1),
                      "runs": 1}))
    tmp = Path(tempfile.mkdtemp(prefix="chronoline-bundle-bench-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "CHRONOLINE_DATA_DIR": str(tmp / "data")}
    paints = [first_paint_ms(env) for _ in range(RUNS)]
    print(json.dumps({"bench": "bundle_first_paint", "params": {"first_run_ms": round(paints[0], 1)},
                      "median_ms": round(statistics.median(paints), 1), "runs": RUNS}))
    db = tmp / "data" / "chronoline.sqlite3"
    lists = [cli_list_ms(env, db) for _ in range(RUNS)]
    print(json.dumps({"bench": "bundle_cli_list", "params": {}, "median_ms": round(statistics.median(lists), 1),
                      "runs": RUNS}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
