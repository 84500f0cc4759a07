"""Search everywhere benchmarks (JSON lines).

search_hits     store.search.grouped over 200 articles of ~30,000 characters: every hit, grouped (a rare
                word and a common one)
search_panel    the same common-word search listed in the Search dock (store + tree filled)
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.seed import sample_corpus  # noqa: E402
from db.store import Store  # noqa: E402

ARTICLES = 200
CHARS = 30_000


def emit(name: str, params: dict, samples: list[float], **extra: object) -> None:
    print(json.dumps({"bench": name, "params": params, "median_ms": round(statistics.median(samples), 2),
                      "runs": len(samples), **extra}), flush=True)


def build_store() -> Store:
    """200 articles made of shuffled sample-corpus paragraphs, one carrying a rare word."""
    paragraphs = [p for a in sample_corpus() for p in a["text"].split("\n") if p.strip()]
    rng = random.Random(7)
    store = Store(":memory:")
    for i in range(ARTICLES):
        parts: list[str] = []
        while sum(map(len, parts)) < CHARS:
            parts.append(rng.choice(paragraphs))
        if i == 17:
            parts.insert(3, "A zanzibarite sample sentence.")
        store.articles.add(f"Article {i}", "\n".join(parts), source="Benchmark")
    return store


def timed(fn, runs: int = 7) -> list[float]:  # noqa: ANN001
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


def main() -> None:
    store = build_store()
    params = {"articles": ARTICLES, "chars_per_article": CHARS}
    for word in ("zanzibarite", "Pakistan"):
        groups = store.search.grouped(word)
        hits = sum(g.text_count for g in groups)
        emit("search_hits", {**params, "query": word, "articles_hit": len(groups), "hits": hits},
             timed(lambda w=word: store.search.grouped(w)), target_ms=250)
    from PySide6.QtWidgets import QApplication

    from desktop.docks.search import SearchPanel

    app = QApplication.instance() or QApplication([])
    panel = SearchPanel(store.search.grouped)
    panel.resize(320, 700)
    panel.show()
    panel.edit.setText("Pakistan")

    def run() -> None:
        panel.run()
        app.processEvents()

    samples = timed(run, 5)
    rows = sum(panel.results.topLevelItem(i).childCount() for i in range(panel.results.topLevelItemCount()))
    emit("search_panel", {**params, "query": "Pakistan", "rows": rows}, samples, target_ms=400)
    store.close()


if __name__ == "__main__":
    main()
