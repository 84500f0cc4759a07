"""Time the date extractor over about 1 MB of news text; prints one JSON line."""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from db.dates import extract  # noqa: E402
from db.models import PartialDate  # noqa: E402

TARGET = 1_000_000
RUNS = 5


def corpus_text() -> str:
    """The sample articles, repeated to about TARGET bytes of UTF-8."""
    dirs = [REPO / "resources/corpus", REPO.parent / "shared/corpus"]
    parts = []
    for d in dirs:
        parts = [p.read_text(encoding="utf-8") for p in sorted(d.glob("*.txt"))]
        if parts:
            break
    if not parts:
        parts = ["Pakistan launched operations between 2009 and 2017; last year saw a six-year high.\n"]
    block = "\n\n".join(parts) + "\n\n"
    reps = max(1, TARGET // len(block.encode("utf-8")) + 1)
    text = block * reps
    while len(text.encode("utf-8")) > TARGET:
        text = text[: len(text) - 1000]
    return text


def main() -> dict:
    """Extract over the text RUNS times and print the median time."""
    text = corpus_text()
    pub = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day")
    extract(text[:5000], pub)
    times, cpu = [], []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        extract(text, pub)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    line = {"bench": "dates_extract", "params": {"bytes": len(text.encode("utf-8"))},
            "median_ms": round(statistics.median(times), 1), "runs": RUNS,
            "cpu_ms": round(statistics.median(cpu), 1)}
    print(json.dumps(line))
    return line


if __name__ == "__main__":
    main()
