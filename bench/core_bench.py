"""Core figures for issue 2, measured on the real code path. Run with no arguments.

Prints one JSON line per figure: {"bench", "params", "median_ms", "runs"} (+ "peak_mb" where
memory is a target, "cpu_ms" where a shared machine's load can distort wall time, and the
targets themselves for the reader).

  csv_export    1,000,000 annotations to CSV in a child process (≤ 10 s, peak RSS ≤ 200 MB)
  insert_batch  100,000 annotations through store.annotations.add_many (≤ 5 s)
  single_write  one store.annotations.add, its own committed transaction (median ≤ 5 ms)
  list          `chronoline list` (db.cli.main) on 10,000 articles, 1,000,000 annotations (≤ 0.5 s)
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.cli import main as cli_main  # noqa: E402
from db.store import Store  # noqa: E402

ARTICLES = 10_000
ANNOTATIONS = 1_000_000
BATCH = 100_000
WORDS = ("army", "said", "operation", "began", "north", "waziristan", "strikes", "minister", "militants",
         "border", "talks", "officials", "province", "attack", "police", "government", "security")


def emit(name: str, params: dict, times_ms: list[float], **extra: object) -> None:
    row = {"bench": name, "params": params, "median_ms": round(statistics.median(times_ms), 3),
           "runs": len(times_ms), **extra}
    print(json.dumps(row), flush=True)


def article_text(rng: random.Random, i: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(80, 160))]
    return f"Report {i}. " + " ".join(words) + ".\n"


def annotation_rows(rng: random.Random, articles: list[tuple[str, str]], n: int, tags: bool = False):
    for k in range(n):
        aid, text = articles[k % len(articles)]
        start = rng.randrange(0, len(text) - 20)
        end = start + rng.randint(5, 20)
        row = {"article_id": aid, "start": start, "end": end, "exact": text[start:end],
               "prefix": text[max(0, start - 32):start], "suffix": text[end:end + 32],
               "note": f"note {k}" if k % 3 == 0 else (f"- bullet {k}" if k % 50 == 1 else "")}
        if tags and k % 10 == 0:
            row["tags"] = ["Army"] if k % 20 == 0 else ["Army", "Border"]
        yield row


def build(path: Path) -> tuple[list[tuple[str, str]], float]:
    """The big database: 10,000 articles and 1,000,000 annotations (batches of 100,000)."""
    rng = random.Random(2)
    t0 = time.perf_counter()
    articles: list[tuple[str, str]] = []
    with Store(path) as store:
        for i in range(ARTICLES):
            text = article_text(rng, i)
            articles.append((store.articles.add(f"Article {i:05d}", text, source="Bench").id, text))
        rows = annotation_rows(rng, articles, ANNOTATIONS, tags=True)
        for _ in range(ANNOTATIONS // BATCH):
            store.annotations.add_many(next(rows) for _ in range(BATCH))
    return articles, time.perf_counter() - t0


def bench_insert_batch(tmp: Path, articles: list[tuple[str, str]]) -> None:
    times, cpus = [], []
    for run in range(3):
        path = tmp / f"insert{run}.sqlite3"
        with Store(path) as store:
            ids = [(store.articles.add(f"A{i}", text).id, text) for i, (_, text) in enumerate(articles[:100])]
            rows = list(annotation_rows(random.Random(run), ids, BATCH))
            t0, c0 = time.perf_counter(), time.process_time()
            store.annotations.add_many(rows)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
            assert store.annotations.count() == BATCH
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    emit("insert_batch", {"annotations": BATCH, "via": "store.annotations.add_many"}, times,
         cpu_ms=round(statistics.median(cpus), 1), target_ms=5000)


def bench_single_write(path: Path, articles: list[tuple[str, str]]) -> None:
    times = []
    rng = random.Random(3)
    with Store(path) as store:
        for _ in range(200):
            aid, text = articles[rng.randrange(len(articles))]
            start = rng.randrange(0, len(text) - 20)
            t0 = time.perf_counter()
            store.annotations.add(aid, start, start + 12, note="single", tags=["Army"])
            times.append((time.perf_counter() - t0) * 1000)
    emit("single_write", {"database_annotations": ANNOTATIONS, "via": "store.annotations.add",
                          "durability": "WAL, synchronous=NORMAL, committed"}, times, target_ms=5)


def bench_list(path: Path) -> None:
    times = []
    for _ in range(5):
        out = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(out):
            code = cli_main(["--db", str(path), "list"])
        times.append((time.perf_counter() - t0) * 1000)
        assert code == 0 and out.getvalue().count("\n") == ARTICLES
    emit("list", {"articles": ARTICLES, "annotations": ANNOTATIONS, "via": "db.cli.main list"}, times,
         target_ms=500)


CHILD = """
import resource, sys, time
from db.store import Store
from db.export import export_annotations
t0, c0 = time.perf_counter(), time.process_time()
with Store(sys.argv[1], readonly=True) as store:
    n = export_annotations(store, sys.argv[2])
wall, cpu = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
try:  # this process's own high-water mark (getrusage would include the parent's pre-exec image)
    peak_kb = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(n, wall, cpu, peak_kb)
"""


def bench_csv_export(path: Path, tmp: Path) -> None:
    times, cpus, peaks = [], [], []
    for run in range(3):
        out = tmp / f"export{run}.csv"
        proc = subprocess.run([sys.executable, "-c", CHILD, str(path), str(out)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        n, ms, cpu, peak_kb = proc.stdout.split()
        assert int(n) >= ANNOTATIONS, n
        times.append(float(ms))
        cpus.append(float(cpu))
        peaks.append(int(peak_kb) / 1024)
        size_mb = out.stat().st_size / 1e6
        out.unlink()
    emit("csv_export", {"annotations": int(n), "file_mb": round(size_mb, 1), "via": "db.export.export_annotations",
                        "rows": "sorted by article and position; 10% tagged; 1 in 75 notes starts like a formula",
                        "memory": "peak RSS (VmHWM) of the exporting child process"},
         times, peak_mb=round(max(peaks), 1), cpu_ms=round(statistics.median(cpus), 1),
         target_ms=10_000, target_mb=200)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="chronoline-bench-") as d:
        tmp = Path(d)
        big = tmp / "big.sqlite3"
        articles, secs = build(big)
        print(json.dumps({"setup": "build", "articles": ARTICLES, "annotations": ANNOTATIONS,
                          "seconds": round(secs, 1)}), file=sys.stderr, flush=True)
        bench_insert_batch(tmp, articles)
        bench_list(big)
        bench_csv_export(big, tmp)
        bench_single_write(big, articles)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("CHRONOLINE_DATA_DIR", tempfile.gettempdir())
    sys.exit(main())
