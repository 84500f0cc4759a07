"""Source-date agreement figures for issue 16. Run with no arguments; one JSON line per figure.

  agreement_full        10,000 events × 3 sources, every agreement computed from the store, dates
                        extracted from the 1,000 source articles (target ≤ 1 s)
  agreement_full_warm   the same with the articles' expressions already extracted (the desk has them)
  agreement_full_reload the same computed again by the same index (a reload after a bulk change, as
                        after Changes.everything the desk calls load() again: each article's extraction is kept per text and
                        publication date; from the second run on, the results it replaces are freed
                        inside the timing, as in the desk)
  agreement_extraction  for comparison: extracting the same 1,000 articles whole, nothing else (the
                        part of agreement_full that db.temporal sets)
Full computations also report cpu_ms (time.process_time: the machine may be shared).
  agreement_event_date  one event's date changed: AgreementIndex.update(events={id})
  agreement_add_source  one source added to an event (a new passage): update(events, annotations)
  agreement_move_source one source passage moved (Update extent): update(annotations={id})
  agreement_first_update one event's date changed right after a full computation
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.agreement_extract import forget  # noqa: E402
from db.agreement_index import AgreementIndex  # noqa: E402
from db.dates import extract  # noqa: E402
from db.models import PartialDate  # noqa: E402
from db.store import Store  # noqa: E402

EVENTS, SOURCES, ARTICLES = 10_000, 3, 1_000
FILLER = ("Officials said the strikes targeted hideouts near the border.",
          "The minister defended the operation in parliament.",
          "Residents described hours of gunfire and a long curfew.",
          "Police said the investigation would continue.")
DATED = ("Militants attacked a convoy on {d:%d %B}, officials said.",
         "The attack came last {wd}, according to the army.",
         "In {d:%B %Y} the province saw a wave of raids.",
         "Talks resumed on {d:%d %B %Y} after a pause.")


def emit(name: str, params: dict, times_ms: list[float], **extra: object) -> None:
    print(json.dumps({"bench": name, "params": params, "median_ms": round(statistics.median(times_ms), 3),
                      "runs": len(times_ms), **extra}), flush=True)


def day(d: date) -> PartialDate:
    return PartialDate(d, d, "day")


def build(rng: random.Random) -> tuple[Store, list[str], list[str]]:
    """A store with ARTICLES articles of ~2 KB, 30 sentence passages each, EVENTS events of 3 sources."""
    store = Store(":memory:")
    base = date(2024, 1, 1)
    passages: list[dict] = []
    for i in range(ARTICLES):
        published = base + timedelta(days=i % 300)
        sentences = []
        for k in range(30):
            if k % 2:
                sentences.append(rng.choice(FILLER))
            else:
                d = published - timedelta(days=rng.randint(1, 6))
                sentences.append(rng.choice(DATED).format(d=d, wd=d.strftime("%A")))
        text = f"Report {i}. " + " ".join(sentences) + "\n"
        art = store.articles.add(f"Report {i}", text, published=day(published))
        pos = len(f"Report {i}. ")
        for s in sentences:
            passages.append({"article_id": art.id, "start": pos, "end": pos + len(s), "exact": s})
            pos += len(s) + 1
    rng.shuffle(passages)
    store.annotations.add_many(passages[: EVENTS * SOURCES])
    ann_ids = [r[0] for r in store.conn.execute("SELECT id FROM annotations")]
    event_ids = []
    with store.atomic():
        for i in range(EVENTS):
            when = day(base + timedelta(days=rng.randint(0, 300)))
            srcs = ann_ids[i * SOURCES:(i + 1) * SOURCES]
            event_ids.append(store.events.add(f"Event {i}", when, source_ids=srcs).id)
    return store, event_ids, ann_ids


def main() -> None:
    rng = random.Random(16)
    store, event_ids, ann_ids = build(rng)
    params = {"events": EVENTS, "sources_per_event": SOURCES, "articles": ARTICLES}
    cold, cpu = [], []
    live = results = None
    for _ in range(3):
        live = results = None  # the last computation is freed before the clock starts, as in a new window
        forget()  # nothing extracted yet
        live = AgreementIndex(store)  # kept, as the desk keeps its index (not freed inside the timing)
        t, c = time.perf_counter(), time.process_time()
        results = live.load()
        cold.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    counts = {s: sum(r.status == s for r in results.values()) for s in ("agree", "conflict", "undated")}
    emit("agreement_full", params, cold, target_ms=1000, cpu_ms=round(statistics.median(cpu), 3), statuses=counts)

    reload, cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        live.load()  # a bulk change (Changes.everything): the desk's index computes everything again
        reload.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    assert live.results == results
    emit("agreement_full_reload", params, reload, target_ms=1000, cpu_ms=round(statistics.median(cpu), 3))

    texts = [store.articles.get(a.id) for a in store.articles.all()]
    only, cpu = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        cache = {art.id: extract(art.text, art.published) for art in texts}
        only.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    emit("agreement_extraction", {"articles": ARTICLES, "chars": sum(len(a.text) for a in texts)}, only,
         cpu_ms=round(statistics.median(cpu), 3))
    warm, cpu = [], []
    for _ in range(5):
        index = AgreementIndex(store, expressions=cache.get)
        t, c = time.perf_counter(), time.process_time()
        index.load()
        warm.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    emit("agreement_full_warm", params, warm, target_ms=1000, cpu_ms=round(statistics.median(cpu), 3))

    index = AgreementIndex(store)
    index.load()
    times = []
    for k in range(20):
        eid = rng.choice(event_ids)
        store.events.update(eid, when=day(date(2024, 1, 1) + timedelta(days=k)))
        t = time.perf_counter()
        recomputed = index.update(events={eid})
        times.append((time.perf_counter() - t) * 1000)
        assert recomputed == {eid}, recomputed
    emit("agreement_event_date", params, times, recomputed_events=1)

    times = []
    arts = [a.id for a in store.articles.all()]
    for _k in range(20):
        eid = rng.choice(event_ids)
        art = store.articles.get(rng.choice(arts))
        new = store.annotations.add(art.id, 0, min(60, len(art.text)))
        store.events.add_source(eid, new.id)
        t = time.perf_counter()
        index.update(events={eid}, annotations={new.id}, articles={art.id}, article_text_changed=False)
        times.append((time.perf_counter() - t) * 1000)
    emit("agreement_add_source", params, times)

    times = []
    for _k in range(20):
        aid = rng.choice(ann_ids)
        a = store.annotations.get(aid)
        store.annotations.update(aid, extent=(a.start, max(a.start + 5, a.end - 3)))
        t = time.perf_counter()
        index.update(annotations={aid}, articles={a.article_id}, article_text_changed=False)
        times.append((time.perf_counter() - t) * 1000)
    emit("agreement_move_source", params, times)
    check = AgreementIndex(store).load()
    assert check == index.results, "incremental results differ from a full recompute"

    times = []
    for k in range(5):  # the first change after a full computation
        fresh = AgreementIndex(store)
        fresh.load()
        store.events.update(event_ids[k], when=day(date(2024, 2, 1) + timedelta(days=k)))
        t = time.perf_counter()
        fresh.update(events={event_ids[k]})
        times.append((time.perf_counter() - t) * 1000)
    emit("agreement_first_update", params, times)


if __name__ == "__main__":
    main()
