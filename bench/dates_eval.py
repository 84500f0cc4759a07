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


def doc_text(doc_id: str, gold_path: Path) -> str:
    """Article text: resources/corpus first, then the shared corpus beside the gold file."""
    for d in (REPO / "resources/corpus", gold_path.parent.parent / "corpus", REPO.parent / "shared/corpus"):
        p = d / f"{doc_id}.txt"
        if p.exists():
            return p.read_text(encoding="utf-8")
    raise FileNotFoundError(f"no text for {doc_id}")


def predict(gold: dict) -> dict:
    """Predictions in the gold file's shape."""
    docs = []
    for gd in gold["docs"]:
        dct = date.fromisoformat(gd["dct"][:10])
        text = doc_text(gd["doc_id"], GOLD_PATH)
        exprs = extract(text, PartialDate(dct, dct, "day"))
        docs.append({"doc_id": gd["doc_id"], "expressions": [e.as_dict() for e in exprs]})
    return {"system": "chronoline", "docs": docs}


def run_score(pred_path: Path, gold_path: Path, exclude_vague: bool) -> dict:
    """Run score.py (from the gold's parent's parent so its relative `file` paths resolve)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "res.json"
        cmd = [sys.executable, str(EVAL / "score.py"), str(pred_path), "--gold", str(gold_path),
               "--json", str(out)]
        if exclude_vague:
            cmd.append("--exclude-vague")
        subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=gold_path.parent.parent)
        res = json.loads(out.read_text(encoding="utf-8"))["results"]
    return next(iter(res.values()))


def main(argv: list[str] | None = None) -> list[dict]:
    """Print one JSON line per metric set (all expressions, then without vague ones)."""
    global GOLD_PATH
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", type=Path, default=EVAL / "dates-dev.json")
    args = ap.parse_args(argv)
    GOLD_PATH = args.gold.resolve()
    gold = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        pred_path = Path(tmp) / "pred.json"
        pred_path.write_text(json.dumps(predict(gold)), encoding="utf-8")
        for ev in (False, True):
            r = run_score(pred_path, GOLD_PATH, ev)
            line = {"bench": "dates_eval", "params": {"gold": GOLD_PATH.name, "exclude_vague": ev},
                    "value_f1": round(r["value"]["F1"], 4), "relaxed_f1": round(r["relaxed"]["F1"], 4),
                    "strict_f1": round(r["strict"]["F1"], 4), "n_gold": r["n_gold"], "n_pred": r["n_pred"]}
            print(json.dumps(line))
            lines.append(line)
    return lines


GOLD_PATH = EVAL / "dates-dev.json"

if __name__ == "__main__":
    main()
