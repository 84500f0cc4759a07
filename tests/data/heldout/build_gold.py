"""Build ../dates-heldout.json and the plain *.txt texts from the annotated *.ann sources.

Each .ann file starts with `dct: YYYY-MM-DD`, then the article text, in which every gold
expression is written `{{text|value}}` or `{{text|value|alt1;alt2}}`.  A value `SET:P1D` marks a
set.  Offsets are code points into the plain text (as Python reads it with UTF-8), like
../../../../shared/eval/dates-dev.json.  Run: python tests/data/heldout/build_gold.py
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\{\{(?P<text>[^|{}]+)\|(?P<value>[^|{}]+)(?:\|(?P<alts>[^{}]*))?\}\}")
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
GUIDELINES = (
    "Same scheme as shared/eval/dates-dev.json: prepositions excluded, determiners and "
    "pre-modifiers included, possessive 's excluded; vague adverbs and 'recent years' as *_REF; "
    "adjectival 'recent', generic 'a year', ages ('35-year-old'), scores, counts, '24/7', '5G', "
    "'9/11' used as the name of the attacks, and numbers in names ('Article 370', 'Resolution "
    "2712') are not expressions.  Holidays (Ramadan, Eid) are annotated with their calendar "
    "interval.  Parts of day keep TimeML suffixes (TMO, TEV, TNI) with the bare day as alt value. "
    "'N units earlier/later' is anchored to the narrative date it refers to."
)


def precision(value: str, typ: str) -> str:
    if typ == "SET" or value.endswith("_REF") or "X" in value:
        return "vague"
    if value.startswith("P"):
        return "duration"
    v = re.sub(r"T.*$", "", value)
    if "/" in v or re.fullmatch(r"\d{4}-(W\d\d|Q[1-4]|H[12]|SP|SU|FA|WI)|\d{2,3}", v):
        return "span"
    return {10: "day", 7: "month", 4: "year"}.get(len(v), "span")


def build() -> dict:
    docs = []
    for src in sorted(HERE.glob("*.ann")):
        raw = src.read_text(encoding="utf-8")
        head, _, body = raw.partition("\n")
        dct = head.removeprefix("dct:").strip()
        date.fromisoformat(dct)
        out, exprs, pos = [], [], 0
        n = 0
        for m in MARK.finditer(body):
            out.append(body[pos : m.start()])
            n += len(body[pos : m.start()])
            text, value = m["text"], m["value"].strip()
            typ = "DATE"
            if value.startswith("SET:"):
                typ, value = "SET", value[4:]
            elif value.startswith("P"):
                typ = "DURATION"
            elif "T" in value[10:11]:
                typ = "TIME"
            alts = [a.strip() for a in (m["alts"] or "").split(";") if a.strip()]
            absolute = bool(re.search(r"\d{4}|\d0s|century", text)) and "last" not in text.lower()
            relative = not absolute and typ != "SET" and not (typ == "DURATION" and not re.search(
                r"(?i)past|last|next|coming|ago", text))
            exprs.append({"text": text, "start": n, "end": n + len(text), "type": typ, "value": value,
                          "precision": precision(value, typ), "alt_values": alts, "relative": relative})
            _check_weekday(src.name, text, value)
            out.append(text)
            n += len(text)
            pos = m.end()
        out.append(body[pos:])
        plain = "".join(out)
        assert "{{" not in plain and "}}" not in plain, src
        for e in exprs:
            assert plain[e["start"] : e["end"]] == e["text"]
        (HERE / f"{src.stem}.txt").write_text(plain, encoding="utf-8")
        docs.append({"doc_id": src.stem, "file": f"data/heldout/{src.stem}.txt", "n_chars": len(plain),
                     "dct": dct, "expressions": exprs})
    return {"format": "chronoline dates gold v1 (held-out, hand-written news)", "guidelines": GUIDELINES,
            "docs": docs}


def _check_weekday(name: str, text: str, value: str) -> None:
    for i, wd in enumerate(WEEKDAYS):
        if wd in text.lower() and re.fullmatch(r"\d{4}-\d\d-\d\d.*", value):
            assert date.fromisoformat(value[:10]).weekday() == i, (name, text, value)


if __name__ == "__main__":
    gold = build()
    (HERE.parent / "dates-heldout.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n",
                                                    encoding="utf-8")
    print(len(gold["docs"]), "docs,", sum(len(d["expressions"]) for d in gold["docs"]), "expressions")
