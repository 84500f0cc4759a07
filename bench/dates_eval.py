"""Score the date extractor on a gold file with ../shared/eval/score.py; one JSON line per run."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from db.dates import extract  # noqa: E402
from db.models import PartialDate  # noqa: E402

EVAL = REPO.parent / "shared/eval"


def doc_text(doc: dict, gold_path: Path, texts: Path | None = None) -> str:
    """Article text: --texts DIR, the gold's `file` (relative to the gold's parent's parent, as
    score.py reads it), resources/corpus, then the shared corpus beside the gold file."""
    doc_id = doc["doc_id"]
    cands = [d / f"{doc_id}.txt" for d in (texts,) if d]
    if doc.get("file"):
        cands.append(gold_path.parent.parent / doc["file"])
    cands += [d / f"{doc_id}.txt" for d in (REPO / "resources/corpus", gold_path.parent.parent / "corpus",
                                          REPO.parent / "shared/corpus")]
    for p in cands:
        if p.exists():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no text for {doc_id}")


def predict(gold: dict, texts: Path | None = None, gold_path: Path | None = None) -> dict:
    """Predictions in the gold file's shape, in TimeML's segmentation: a joined range (`between
    1994 and 1997`, one suggestion in the app) is written as its two ends, as TimeML annotates it;
    the scorer joins overlapping ends back, so a gold that keeps the range whole still matches."""
    docs = []
    for gd in gold["docs"]:
        dct = date.fromisoformat(gd["dct"][:10])
        text = doc_text(gd, gold_path or GOLD_PATH, texts)
        exprs = extract(text, PartialDate(dct, dct, "day"))
        docs.append({"doc_id": gd["doc_id"], "expressions": [x.as_dict() for e in exprs for x in e.timeml()]})
    return {"system": "chronoline", "docs": docs}


def exact_scores(gold_path: Path) -> dict[str, float]:
    """Scores needing no scorer (vague expressions left out): relaxed span recall and precision, and
    value recall and precision where a value is right only when it is the gold's string or an alt_value."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = {d["doc_id"]: d["expressions"] for d in predict(gold, gold_path=gold_path.resolve())["docs"]}
    n_gold = n_pred = found = hit = right = 0
    for gd in gold["docs"]:
        golds = [g for g in gd["expressions"] if g.get("precision") != "vague"]
        vague = [g for g in gd["expressions"] if g.get("precision") == "vague"]
        preds = [p for p in pred.get(gd["doc_id"], [])
                 if any(_overlap(p, g) for g in golds) or not any(_overlap(p, v) for v in vague)]
        n_gold, n_pred = n_gold + len(golds), n_pred + len(preds)
        hit += sum(any(_overlap(p, g) for g in golds) for p in preds)
        for g in golds:
            near = [p for p in preds if _overlap(p, g)]
            if near:
                found += 1
                best = max(near, key=lambda p: min(p["end"], g["end"]) - max(p["start"], g["start"]))
                right += best["value"] in (g["value"], *g.get("alt_values", []))
    return {"relaxed_recall": found / n_gold, "relaxed_precision": hit / max(n_pred, 1),
            "value_recall": right / n_gold, "value_precision": right / max(n_pred, 1)}


def _overlap(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def run_score(pred_path: Path, gold_path: Path, exclude_vague: bool, errors: bool = False) -> dict:
    """Run score.py (from the gold's parent's parent so its relative `file` paths resolve)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "res.json"
        cmd = [sys.executable, str(EVAL / "score.py"), str(pred_path), "--gold", str(gold_path),
               "--json", str(out)]
        if exclude_vague:
            cmd.append("--exclude-vague")
        if errors:
            cmd.append("--errors")
        done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=gold_path.parent.parent)
        if errors:
            print(done.stdout, end="", file=sys.stderr)
        res = json.loads(out.read_text(encoding="utf-8"))["results"]
    return next(iter(res.values()))


def main(argv: list[str] | None = None) -> list[dict]:
    """Print one JSON line per metric set (all expressions, then without vague ones)."""
    global GOLD_PATH
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=DEV_GOLD)
    ap.add_argument("--texts", type=Path, default=None, help="folder of <doc_id>.txt article texts")
    ap.add_argument("--exclude-vague", action="store_true", help="only the run without vague expressions")
    ap.add_argument("--errors", action="store_true", help="list FN / FP / wrong values (on stderr)")
    args = ap.parse_args(argv)
    GOLD_PATH = args.gold.resolve()
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = Path(tmp) / "pred.json"
        pred_path.write_text(json.dumps(predict(gold, args.texts)), encoding="utf-8")
        for ev in ((True,) if args.exclude_vague else (False, True)):
            r = run_score(pred_path, GOLD_PATH, ev, args.errors)
            line = {"bench": "dates_eval", "params": {"gold": GOLD_PATH.name, "exclude_vague": ev},
                    "value_f1": round(r["value"]["F1"], 4), "relaxed_f1": round(r["relaxed"]["F1"], 4),
                    "strict_f1": round(r["strict"]["F1"], 4), "n_gold": r["n_gold"], "n_pred": r["n_pred"]}
            print(json.dumps(line))
            lines.append(line)
    return lines


DEV_GOLD = REPO / "tests/data/dates-dev.json"  # a copy of ../shared/eval/dates-dev.json, texts in resources/corpus
GOLD_PATH = DEV_GOLD

if __name__ == "__main__":
    main()
