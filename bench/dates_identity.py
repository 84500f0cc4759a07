"""Dump every expression the extractor finds in the known texts, to compare two versions exactly.

Usage: dates_identity.py OUT.json [BASELINE.json]. Not a test: a harness for speed work on
db.temporal, whose output must stay byte-identical. Texts: resources/corpus, the held-out set,
and (when ../shared is present) TimeBank, dates-dev and the web ground-truth articles.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from db.dates import extract  # noqa: E402
from db.models import PartialDate  # noqa: E402

SHARED = REPO.parent / "shared/eval"
DCTS = ("2024-06-24", "2024-01-03", "2023-12-30")


def texts() -> list[tuple[str, str, str]]:
    """(name, text, dct) for every text to check."""
    out = []
    for p in sorted((REPO / "resources/corpus").glob("*.txt")):
        out += [(p.name, p.read_text(encoding="utf-8"), d) for d in DCTS]
    held = json.loads((REPO / "tests/data/dates-heldout.json").read_text(encoding="utf-8"))
    for doc in held["docs"]:
        p = REPO / "tests/data/heldout" / f"{doc['doc_id']}.txt"
        if p.exists():
            out.append((f"heldout/{doc['doc_id']}", p.read_text(encoding="utf-8"), doc["dct"][:10]))
    for gold in (SHARED / "timebank/gold.json", SHARED / "dates-dev.json"):
        if gold.exists():
            for doc in json.loads(gold.read_text(encoding="utf-8"))["docs"]:
                p = gold.parent / doc["file"] if doc.get("file") else None
                for c in (p, gold.parent.parent / doc.get("file", ""), REPO / "resources/corpus" / f"{doc['doc_id']}.txt",
                          REPO.parent / "shared/corpus" / f"{doc['doc_id']}.txt"):
                    if c and c.is_file():
                        out.append((f"{gold.parent.name}/{doc['doc_id']}", c.read_text(encoding="utf-8"), doc["dct"][:10]))
                        break
    web = SHARED / "web/ground-truth.json"
    if web.exists():
        for k, v in sorted(json.loads(web.read_text(encoding="utf-8")).items()):
            out += [(f"web/{k[:12]}", v.get("articleBody") or "", d) for d in DCTS[:2]]
    out += agreement_texts()
    return out


def agreement_texts(n: int = 300) -> list[tuple[str, str, str]]:
    """The first n articles of bench/agreement_bench.py's store (same seed)."""
    sys.path.insert(0, str(REPO / "bench"))
    import random

    import agreement_bench

    store, _, _ = agreement_bench.build(random.Random(16))
    arts = sorted((store.articles.get(a.id) for a in store.articles.all()), key=lambda a: a.text)[:n]
    return [(f"agreement/{i}", a.text, a.published.start.isoformat()) for i, a in enumerate(arts)]


def main() -> int:
    """Extract over every text, write the dump, compare with a baseline when given."""
    dump = {}
    t0 = time.process_time()
    for name, text, dct in texts():
        d = date.fromisoformat(dct)
        exprs = extract(text, PartialDate(d, d, "day"))
        dump[f"{name}@{dct}"] = [[repr(e), e.as_dict(), [x.as_dict() for x in e.timeml()]] for e in exprs]
    cpu = time.process_time() - t0
    Path(sys.argv[1]).write_text(json.dumps(dump, indent=0, sort_keys=True), encoding="utf-8")
    n = sum(len(v) for v in dump.values())
    print(json.dumps({"texts": len(dump), "expressions": n, "cpu_s": round(cpu, 2)}))
    if len(sys.argv) > 2:
        base = Path(sys.argv[2]).read_bytes()
        same = base == Path(sys.argv[1]).read_bytes()
        if not same:
            old = json.loads(base)
            bad = [k for k in old if old[k] != dump.get(k)]
            print(f"DIFFERENT: {len(bad)} texts, e.g. {bad[:5]}")
            return 1
        print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
