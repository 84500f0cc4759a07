"""Interchange export figures (issue 15), measured against the CSV export in the same run.

Run with no arguments (1,000,000 annotations over 10,000 articles, as `core_bench.py` builds them);
`--annotations N` measures a smaller database. Prints one JSON line per figure:

  csv_export    the annotations CSV (the reference time)
  xlsx_export   the same annotations as XLSX; target: within 3x the CSV time ("ratio")
  w3c_export    the same annotations as W3C Web Annotation JSON-LD (no target; for the record)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core_bench import annotation_rows, article_text  # noqa: E402

from db.export import export_annotations  # noqa: E402
from db.export_w3c import export_w3c  # noqa: E402
from db.export_xlsx import export_annotations_xlsx  # noqa: E402
from db.store import Store  # noqa: E402

BATCH = 100_000


def build(path: Path, annotations: int) -> None:
    """`annotations` annotations over one article per 100 (10 % tagged, a third with notes)."""
    rng = random.Random(2)
    with Store(path) as store:
        articles = []
        for i in range(max(1, annotations // 100)):
            text = article_text(rng, i)
            articles.append((store.articles.add(f"Article {i:05d}", text, source="Bench").id, text))
        rows = annotation_rows(rng, articles, annotations, tags=True)
        left = annotations
        while left:
            n = min(BATCH, left)
            store.annotations.add_many(next(rows) for _ in range(n))
            left -= n


def timed(fn) -> tuple[float, float]:  # noqa: ANN001
    """Wall and CPU milliseconds of `fn()` (CPU time is what a loaded shared machine distorts least)."""
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def emit(name: str, params: dict, ms: tuple[float, float], **extra: object) -> None:
    print(json.dumps({"bench": name, "params": params, "median_ms": round(ms[0], 1), "runs": 1,
                      "cpu_ms": round(ms[1], 1), **extra}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotations", type=int, default=1_000_000)
    parser.add_argument("--db", help="measure an existing database instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db = Path(args.db) if args.db else tmp / "bench.sqlite3"
        if not args.db:
            build(db, args.annotations)
        with Store(db, readonly=True) as store:
            params = {"annotations": store.annotations.count()}
            csv_ms = timed(lambda: export_annotations(store, tmp / "a.csv"))
            emit("csv_export", params, csv_ms, file_mb=round((tmp / "a.csv").stat().st_size / 1e6, 1))
            xlsx_ms = timed(lambda: export_annotations_xlsx(store, tmp / "a.xlsx"))
            emit("xlsx_export", params, xlsx_ms, csv_ms=round(csv_ms[0], 1), ratio=round(xlsx_ms[0] / csv_ms[0], 2),
                 cpu_ratio=round(xlsx_ms[1] / csv_ms[1], 2), target_ratio=3.0,
                 file_mb=round((tmp / "a.xlsx").stat().st_size / 1e6, 1))
            w3c_ms = timed(lambda: export_w3c(store, tmp / "a.jsonld"))
            emit("w3c_export", params, w3c_ms, csv_ms=round(csv_ms[0], 1), ratio=round(w3c_ms[0] / csv_ms[0], 2),
                 cpu_ratio=round(w3c_ms[1] / csv_ms[1], 2), file_mb=round((tmp / "a.jsonld").stat().st_size / 1e6, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
