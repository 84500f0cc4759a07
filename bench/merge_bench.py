"""Merge figure (issue 15): 10 analysts' databases of 10,000 annotations each merged into one, ≤ 10 s total.

The analysts start from one shared database (100 articles, 5,000 annotations); each then adds 5,000
annotations of their own, edits 200 shared ones (some of them the same as another analyst: conflicts)
and deletes 50. A fresh copy of the shared database merges the ten files one after the other.
Run with no arguments; prints one JSON line:

  merge_10x10k   the ten merges together (median of --runs); target 10,000 ms
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core_bench import annotation_rows, article_text  # noqa: E402

from db.merge import merge  # noqa: E402
from db.store import Store  # noqa: E402

TARGET_MS = 10_000


def build(tmp: Path, analysts: int, shared: int, own: int) -> list[Path]:
    """The shared base and one file per analyst; returns the analysts' paths."""
    rng = random.Random(15)
    base = tmp / "base.sqlite3"
    with Store(base) as store:
        articles = []
        for i in range(100):
            text = article_text(rng, i)
            articles.append((store.articles.add(f"Article {i:03d}", text, source="Bench").id, text))
        store.annotations.add_many(annotation_rows(rng, articles, shared, tags=True))
    paths = []
    for n in range(analysts):
        path = tmp / f"analyst{n}.sqlite3"
        shutil.copyfile(base, path)
        with Store(path) as store:
            rows = [dict(r, author=f"analyst{n}") for r in annotation_rows(random.Random(n), articles, own, tags=True)]
            store.annotations.add_many(rows)
            ids = [r[0] for r in store.tx.read("SELECT id FROM annotations WHERE author <> ? ORDER BY id", [f"analyst{n}"])]
            pick = random.Random(100 + n)
            edits = pick.sample(ids, 200)
            with store.atomic() as conn:
                conn.executemany("UPDATE annotations SET note = ?, modified = ? WHERE id = ?",
                                 [(f"analyst {n}'s reading", f"2030-01-{1 + n:02d}T00:00:00.000Z", i) for i in edits])
                for i in pick.sample([i for i in ids if i not in set(edits)], 50):
                    conn.execute("DELETE FROM annotations WHERE id = ?", [i])
        paths.append(path)
    shutil.copyfile(base, tmp / "target-base.sqlite3")
    return paths


def run_once(tmp: Path, paths: list[Path]) -> tuple[float, dict]:
    target = tmp / "target.sqlite3"
    shutil.copyfile(tmp / "target-base.sqlite3", target)
    for extra in ("-wal", "-shm"):
        Path(f"{target}{extra}").unlink(missing_ok=True)
    totals = {"added": 0, "updated": 0, "deleted": 0, "conflicts": 0}
    with Store(target) as store:
        t0 = time.perf_counter()
        for p in paths:
            r = merge(store, p)
            totals["added"] += sum(r.added.values())
            totals["updated"] += sum(r.updated.values())
            totals["deleted"] += sum(r.deleted.values())
            totals["conflicts"] += len(r.conflicts)
        ms = (time.perf_counter() - t0) * 1000
        totals["annotations_after"] = store.annotations.count()
        assert store.integrity_ok()
    return ms, totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analysts", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        paths = build(tmp, args.analysts, 5_000, 5_000)
        times, totals = [], {}
        for _ in range(args.runs):
            ms, totals = run_once(tmp, paths)
            times.append(ms)
        print(json.dumps({"bench": "merge_10x10k", "params": {"analysts": args.analysts, "annotations_each": 10_000},
                          "median_ms": round(statistics.median(times), 1), "runs": args.runs,
                          "target_ms": TARGET_MS, **totals}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
