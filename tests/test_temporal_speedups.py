"""The extractor's shortcuts change nothing: handlers run only for matches not already covered
(extraction keeps exactly what running every handler would keep), the word before a position is
found in one pass, `since` is looked for only where `nce` is, and the trigger is one trie whose
gated words keep their next-word conditions."""

from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import pytest

from db.models import PartialDate
from db.temporal import extract as ex
from db.temporal.context import _WORD_BEFORE, Cand, Ctx
from db.temporal.lexicon import WORD_BEFORE

ROOT = Path(__file__).resolve().parents[1]
DCT = date(2024, 6, 24)
DENSE = (
    "Talks resumed on Tuesday 26 March 2024 after a pause. Militants attacked a convoy on 19 March, "
    "officials said. In March 2024 the province saw raids; last Tuesday, from 2009 to 2017, the "
    "early 1990s, June 3-5, the week of 17 June, the past decade, since March, mid-2022, Q3 2023."
)


def _texts() -> list[str]:
    texts = [DENSE]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "resources/corpus").glob("*.txt"))]
    held = json.loads((ROOT / "tests/data/dates-heldout.json").read_text(encoding="utf-8"))
    for doc in held["docs"]:
        p = ROOT / "tests/data/heldout" / f"{doc['doc_id']}.txt"
        if p.exists():
            texts.append(p.read_text(encoding="utf-8"))
    return texts


def _found(text: str, ctx: Ctx) -> list[ex._Found]:
    """Every rule match extract would consider, as extract collects them."""
    captured: list[ex._Found] = []
    real = ex._select_lazy

    def spy(found: list[ex._Found], c: Ctx) -> list[Cand] | None:
        captured.extend(found)
        return real(found, c)

    ex._select_lazy = spy
    try:
        ex.extract(text, PartialDate(ctx.dct, ctx.dct, "day"))
    finally:
        ex._select_lazy = real
    return captured


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_every_candidate_lies_within_its_match_and_lazy_keeps_what_eager_keeps(text: str) -> None:
    ctx = Ctx(text, DCT)
    found = _found(text, ctx)
    eager = [c for f in found if (c := ex._candidate(f, ctx)) is not None]
    for f, c in ((f, ex._candidate(f, ctx)) for f in found):
        if c is not None:
            assert f[2] <= c.start and c.end <= f[2] - f[0], (f[5].__name__, f[4].group(), c)
    assert ex._select_lazy(found, Ctx(text, DCT)) == ex._select(eager)


def test_a_candidate_outside_its_match_falls_back_to_every_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The attack came in 2024, officials said."
    assert [e.text for e in ex.extract(text, PartialDate(DCT, DCT, "day"))] == ["2024"]
    real = ex._candidate

    def wide(f: ex._Found, ctx: Ctx) -> Cand | None:
        c = real(f, ctx)
        if c is not None and f[4].group() == "2024":
            return Cand(c.start, c.end + 1, c.value, c.precision, c.relative, c.rank)  # `2024,`
        return c

    monkeypatch.setattr(ex, "_candidate", wide)
    assert ex._select_lazy(_found(text, Ctx(text, DCT)), Ctx(text, DCT)) is None
    assert [e.text for e in ex.extract(text, PartialDate(DCT, DCT, "day"))] == ["2024,"]


def _fuzz(alphabet: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 45))) for _ in range(n)]


def test_the_word_before_is_what_word_before_finds() -> None:
    assert _WORD_BEFORE is not None
    alphabet = [*"aZé2_.’'- ,\n!ßİ", "on ", "U.S. ", "Mr. ", "2nd ", "’s ", "--", "  "]
    for text in _fuzz(alphabet, 20_000, 16):
        for pos in {len(text), len(text) // 2, max(0, len(text) - 31)}:
            old = WORD_BEFORE.search(text, max(0, pos - 30), pos)
            new = _WORD_BEFORE.search(text[max(0, pos - 30) : pos])
            assert (old and old.group(1)) == (new and new.group(1)), (text, pos)
    ctx = Ctx("Talks resumed on 26 March; the U.S. army's 2nd raid -- on Tuesday", DCT)
    assert [ctx.raw_word_before(ctx.text.index(w)) for w in ("26", "raid", "Tuesday")] == ["on", "nd", "on"]


def test_since_is_only_where_nce_is() -> None:
    alphabet = [*"sinceSINCEİıſK ", "since ", "ever ", "at least ", "as early as "]
    for text in _fuzz(alphabet, 20_000, 17):
        if ex._SINCE.search(text):
            assert "nce" in text.lower(), text


def test_the_trigger_finds_gated_words_only_before_a_word_their_rules_need() -> None:
    text = ("the past week; the army; the \u212aelvin scale; THE PAST; The Past; in the morning; "
            "at least; at home; \u017fome years; into March")
    assert [m.group() for m in ex._trigger().finditer(text)] == [
        "the", "past", "week", "the", "THE", "PAST", "The", "Past", "in", "at", "\u017fome", "years", "March"]


def test_a_gated_word_is_tried_before_longer_words_as_its_own_alternative_was() -> None:
    gated = ex._trie(["at", "at-home"], {"at": r"\b"})
    plain = ex._trie(["at", "at-home"], {})
    assert re.match(gated, "at-home").group() == "at"
    assert re.match(plain, "at-home").group() == "at-home"
    assert re.match(plain, "at-work").group() == "at"
