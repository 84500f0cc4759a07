"""Import figures for issue 12, measured on the real code path. Run with no arguments.

Prints one JSON line per figure: {"bench", "params", "median_ms", "runs"} plus the figure's own
fields and its target. To add a figure, write a `bench_NAME()` function that calls `emit` and
append it to `BENCHES`.

  web_extract   main-text F1 on ../shared/eval/web with its scorer running `chronoline text --json`
                on each page (≥ 0.95, no page empty); median_ms is one page's `read_file`, in process
  import_pages  the 50 pages of ../shared/eval/web imported into one new database by one
                `chronoline import` (≤ 3 s, Python start and library imports included); cpu_ms is
                the child's CPU time, which a shared machine's load does not inflate
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WEB = ROOT.parent / "shared" / "eval" / "web"
RUNS = 3


def emit(name: str, params: dict, times_ms: list[float], **extra: object) -> None:
    """One JSON line: the bench's name, parameters, median time and runs, plus its own fields."""
    row = {"bench": name, "params": params, "median_ms": round(statistics.median(times_ms), 3) if times_ms else None,
           "runs": len(times_ms), **extra}
    print(json.dumps(row), flush=True)


def skipped(name: str, reason: str) -> None:
    print(json.dumps({"bench": name, "params": {}, "median_ms": None, "runs": 0, "skipped": reason}), flush=True)


def _env() -> dict[str, str]:
    """The environment for child processes: this checkout first on the path, no display needed."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
            "QT_QPA_PLATFORM": "offscreen"}


def _web_pages(folder: Path) -> list[Path]:
    """The dev set's pages, decompressed into `folder` as <id>.html (bytes as saved)."""
    gold = json.loads((WEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in gold:
        page = folder / f"{key}.html"
        page.write_bytes(gzip.decompress((WEB / "html" / f"{key}.html.gz").read_bytes()))
        pages.append(page)
    return pages


def bench_web_extract() -> None:
    if not (WEB / "score.py").exists():
        return skipped("web_extract", f"{WEB} is absent")
    cmd = [sys.executable, str(WEB / "score.py"), "--json", "--", sys.executable, "-m", "db", "text", "--json"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=1800)
    if done.returncode != 0:
        return skipped("web_extract", f"score.py failed: {done.stderr.strip()[-300:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    from db.importing import read_file

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for page in _web_pages(Path(tmp)):
            t0 = time.perf_counter()
            read_file(page)
            times.append((time.perf_counter() - t0) * 1000)
    emit("web_extract", {"pages": result["pages"], "set": "shared/eval/web"}, times,
         f1=round(result["f1"], 4), precision=round(result["precision"], 4), recall=round(result["recall"], 4),
         empty=result["empty"], target={"f1": ">= 0.95", "empty": 0})


def bench_import_pages() -> None:
    if not (WEB / "ground-truth.json").exists():
        return skipped("import_pages", f"{WEB} is absent")
    times, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        pages = _web_pages(Path(tmp))
        for run in range(RUNS):
            db = Path(tmp) / f"run{run}.sqlite3"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "db", "--db", str(db), "import", *map(str, pages)],
                                  capture_output=True, text=True, env=_env(), cwd=ROOT, timeout=600)
            times.append((time.perf_counter() - t0) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
            imported = len(done.stdout.splitlines())
            if done.returncode != 0 or imported != len(pages):
                return skipped("import_pages", f"{imported} of {len(pages)} imported: {done.stderr.strip()[:300]}")
    emit("import_pages", {"pages": len(pages), "process": "chronoline import, one call"}, times,
         cpu_ms=round(statistics.median(cpus), 1), target_ms=3000)


BENCHES: list[Callable[[], None]] = [bench_web_extract, bench_import_pages]


if __name__ == "__main__":
    for bench in BENCHES:
        bench()
