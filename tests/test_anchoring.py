"""Anchors: exact, moved, fuzzy and orphan; look-alikes refused; offsets are code points."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from db.anchoring import MIN_SCORE, _context_score, make_anchor, reanchor

BASE = (
    "Background paragraph about the region and its history. "
    "The army said on Monday that the operation began in North Waziristan after weeks of talks. "
    "Elsewhere, the weather was mild and markets were calm for most of the week. "
)
QUOTE = "The army said on Monday that the operation began in North Waziristan"
URDU = "پاکستان کی فوج نے پیر کو کہا کہ آپریشن شروع ہو گیا۔ "
NON_BMP = "🇵🇰😀👩🏽‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𓀀 "


def _anchor(text: str = BASE, quote: str = QUOTE):
    start = text.index(quote)
    return make_anchor(text, start, start + len(quote))


def test_an_anchor_keeps_the_quote_and_32_code_points_of_context():
    a = _anchor()
    assert a.exact == QUOTE == BASE[a.start:a.end]
    assert len(a.prefix) == 32 and BASE[a.start - 32:a.start] == a.prefix
    assert len(a.suffix) == 32 and BASE[a.end:a.end + 32] == a.suffix


def test_an_unchanged_text_reanchors_exactly():
    r = reanchor(BASE, _anchor())
    assert (r.status, r.start, r.end) == ("exact", BASE.index(QUOTE), BASE.index(QUOTE) + len(QUOTE))


def test_a_quote_shifted_by_new_text_before_it_is_moved_to_its_new_place():
    text = "A new introduction was added by the editor. " + BASE
    r = reanchor(text, _anchor())
    assert r.status == "moved"
    assert text[r.start:r.end] == QUOTE


def test_a_repeated_quote_is_moved_to_the_occurrence_with_the_matching_context():
    first = "Intro one. The army said so. Middle part. "
    text = first + BASE
    a = make_anchor(BASE, BASE.index("The army said"), BASE.index("The army said") + 13)
    r = reanchor(text, a)
    assert r.status == "moved"
    assert r.start == len(first) + BASE.index("The army said")


def test_a_slightly_edited_quote_is_found_fuzzily_with_tight_edges():
    text = BASE.replace(QUOTE, "The army said late on Monday that the big operation began in N. Waziristan")
    r = reanchor(text, _anchor())
    assert r.status == "fuzzy" and r.score >= MIN_SCORE
    assert text[r.start:r.end] == "The army said late on Monday that the big operation began in N. Waziristan"


def test_a_deleted_quote_is_an_orphan():
    text = BASE.replace(QUOTE + " after weeks of talks. ", "")
    assert reanchor(text, _anchor()).status == "orphan"


def test_a_rewritten_sentence_in_the_same_place_is_an_orphan_not_a_weak_match():
    text = BASE.replace(QUOTE, "The army said on Friday that the offensive ended in South Waziristan")
    assert reanchor(text, _anchor()).status == "orphan"


def test_a_look_alike_passage_with_other_surroundings_is_refused():
    text = ("Completely different opening text here. The army said on Friday that the operation "
            "began in North Waziristan, a spokesman said.")
    assert reanchor(text, _anchor()).status == "orphan"


def test_two_equally_good_look_alikes_make_the_match_ambiguous():
    quote = "strikes on hideouts"
    text = "Officials said the strikes targeted hideouts near the border."
    a = make_anchor(text, 0, 0)
    a = type(a)(0, len(quote), quote, "", "")
    twin = "x strikes in hideouts y; z strikes an hideouts w"
    assert reanchor(twin, a).status == "orphan"


def test_an_empty_quote_is_an_orphan():
    assert reanchor(BASE, make_anchor(BASE, 5, 5)).status == "orphan"


def test_offsets_count_code_points_with_emoji_and_urdu_before_the_quote():
    text = NON_BMP + URDU + BASE
    a = _anchor(text)
    assert a.exact == text[a.start:a.end] == QUOTE
    assert a.start == len(NON_BMP) + len(URDU) + BASE.index(QUOTE)
    r = reanchor(NON_BMP + text, a)
    assert r.status == "moved" and (NON_BMP + text)[r.start:r.end] == QUOTE


def test_an_urdu_quote_after_emoji_round_trips_through_the_store(store):
    text = NON_BMP + "Intro. " + URDU + "End."
    art = store.articles.add("اردو", text)
    quote = "آپریشن شروع"
    start = text.index(quote)
    ann = store.annotations.add(art.id, start, start + len(quote))
    again = store.annotations.get(ann.id)
    assert again.exact == quote == text[again.start:again.end]
    assert again.prefix == text[max(0, start - 32):start]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(max_size=60), quote=st.text(min_size=1, max_size=30), after=st.text(max_size=40))
def test_stored_exact_always_equals_the_text_at_its_offsets(memory_store, before, quote, after):
    text = before + quote + after
    assume(text.strip())
    try:
        art = memory_store.articles.add("t", text)
    except Exception:  # a repeated text is refused as a duplicate; use the stored one
        art = next(a for a in memory_store.articles.all() if memory_store.articles.get(a.id).text == text)
    ann = memory_store.annotations.add(art.id, len(before), len(before) + len(quote))
    stored = memory_store.annotations.get(ann.id)
    assert stored.exact == text[stored.start:stored.end] == quote
    assert reanchor(text, stored.anchor).status == "exact"


# News-like vocabulary: repetitive enough for look-alike passages, not a run of "the the the"
# (where no position is more right than another).
WORDS = ("the", "army", "said", "on", "monday", "that", "operation", "began", "in", "north",
         "waziristan", "strikes", "minister", "militants", "border", "talks", "killed", "near",
         "officials", "tuesday", "province", "attack", "police", "government", "defence", "spokesman",
         "security", "forces", "district", "village", "soldiers", "launched", "after", "during",
         "week", "report", "claimed", "responsibility", "group", "peace", "council", "approved",
         "campaign", "against", "terrorism", "khyber", "pakhtunkhwa", "balochistan", "kabul", "islamabad")
word_runs = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)
filler = st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,😀ک", max_size=12)


@st.composite
def edits(draw, max_edits: int, max_len: int):
    """A list of (position fraction, deleted length, inserted text) edits."""
    n = draw(st.integers(0, max_edits))
    return [(draw(st.floats(0, 1)), draw(st.integers(0, max_len)),
             draw(filler if max_len > 3 else st.text(alphabet="abcxyz ", max_size=max_len)))
            for _ in range(n)]


def _count_overlapping(text: str, needle: str) -> int:
    return sum(1 for i in range(len(text)) if text.startswith(needle, i))


def _apply(text: str, ops) -> str:
    for frac, delete, insert in ops:
        i = int(frac * len(text))
        text = text[:i] + insert + text[i + delete:]
    return text


@settings(max_examples=300, deadline=None)
@given(before=word_runs, quote_words=st.lists(st.sampled_from(WORDS), min_size=4, max_size=10, unique=True),
       after=word_runs, around=edits(6, 12), inside=edits(2, 3),
       lookalike=st.sampled_from(["none", "before", "after"]), swap=st.integers(0, 9),
       swap_word=st.sampled_from(WORDS))
def test_edits_around_and_inside_a_quote_never_reanchor_it_to_a_wrong_place(
        before, quote_words, after, around, inside, lookalike, swap, swap_word):
    quote = " ".join(quote_words)
    before, after = (before + " ").lstrip(), (" " + after).rstrip()
    # A text that already holds a near copy of the quote (say "the army the army the army") has
    # no single right place to find; the property is about texts where the quote is one passage.
    assume(fuzz.partial_ratio(quote, before + "\x00" + after) < MIN_SCORE)
    assume(quote_words[swap % len(quote_words)] != swap_word)
    # Likewise a quote that repeats its words ("the the the army") half-matches every run of them,
    # so the quote's words are distinct (the text around it may repeat anything).
    anchor = make_anchor(before + quote + after, len(before), len(before) + len(quote))
    # Edit the surroundings and (slightly) the quote, tracking where the quote really is.
    split = len(around) // 2
    new_before = _apply(before, around[:split])
    new_after = _apply(after, around[split:])
    new_quote = _apply(quote, inside)
    if lookalike != "none":  # a near copy of the quote elsewhere, one word changed
        twin = list(quote_words)
        twin[swap % len(twin)] = swap_word
        # The look-alike must be a worse match than the (edited) real passage: when edits make the
        # real passage less like the quote than a copy elsewhere, no scorer can tell them apart.
        assume(fuzz.ratio(" ".join(twin), quote) + 3 < fuzz.ratio(new_quote, quote))
        # set apart like a passage elsewhere in the article (its own surroundings, not the quote's)
        twin_text = " Elsewhere: " + " ".join(twin) + ". "
        if lookalike == "before":
            new_before = twin_text + new_before
        else:
            new_after = new_after + twin_text
    text = new_before + new_quote + new_after
    true_start, true_end = len(new_before), len(new_before) + len(new_quote)

    r = reanchor(text, anchor)
    if r.status == "orphan":
        return
    assert 0 <= r.start < r.end <= len(text)
    if r.status in ("exact", "moved"):
        assert text[r.start:r.end] == quote
        if new_quote == quote and _count_overlapping(text, quote) == 1:
            assert (r.start, r.end) == (true_start, true_end)
        return
    # fuzzy: the match must sit on the real (edited) quote, not on a look-alike
    assert r.score >= MIN_SCORE * 0.8
    overlap = min(r.end, true_end) - max(r.start, true_start)
    if overlap >= 0.5 * max(1, true_end - true_start):
        return
    # Elsewhere: only defensible when that place beats the real passage on the quote or on its
    # surroundings (random edits can leave a look-alike, or part of one, the better match);
    # landing on a passage worse on both counts is a wrong place.
    chosen = (fuzz.ratio(text[r.start:r.end], quote), _context_score(text, r.start, r.end, anchor))
    real = (fuzz.ratio(new_quote, quote), _context_score(text, true_start, true_end, anchor))
    assert not (real[0] >= chosen[0] and real[1] >= chosen[1]), (text, r, (true_start, true_end))
