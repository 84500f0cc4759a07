"""db.placement: where stored annotations are shown in an article's text, and what to store anew (no Qt)."""

from __future__ import annotations

from dataclasses import replace

from db.anchoring import make_anchor
from db.models import Annotation
from db.placement import AnchorUpdate, place, with_updates

TEXT = (
    "The ministry said on Tuesday that the border crossing at Torkham would reopen next week. "
    "Traders welcomed the decision, saying hundreds of lorries had been stranded for days. "
    "Officials in Islamabad declined to comment on the talks held in Kabul over the weekend. "
    "Analysts expect the agreement to be signed before the end of the month."
)


def ann(aid: str, text: str, quote: str, *, status: str = "exact", shift: int = 0) -> Annotation:
    """An annotation of `quote` in `text`, its stored offsets moved by `shift`."""
    start = text.index(quote)
    a = make_anchor(text, start, start + len(quote))
    return Annotation(aid, "art", a.start + shift, a.end + shift, a.exact, a.prefix, a.suffix, status=status)


def test_unchanged_text_places_every_annotation_as_stored_and_stores_nothing():
    anns = [ann("a", TEXT, "border crossing at Torkham"), ann("b", TEXT, "Officials in Islamabad")]
    placed = place(TEXT, anns)
    assert placed.shown == tuple(anns)
    assert all(p is a for p, a in zip(placed.shown, anns, strict=True))  # the very same records
    assert placed.updates == ()
    assert placed.attention == frozenset() and not placed.fuzzy


def test_drifted_offsets_with_the_quote_found_are_placed_there_with_one_update():
    good = ann("good", TEXT, "Traders welcomed the decision")
    drifted = ann("drift", TEXT, "hundreds of lorries", shift=7)
    placed = place(TEXT, [good, drifted])
    start = TEXT.index("hundreds of lorries")
    assert placed.updates == (AnchorUpdate("drift", extent=(start, start + len("hundreds of lorries"))),)
    shown = {a.id: a for a in placed.shown}
    assert shown["good"] is good
    moved = shown["drift"]
    assert (moved.start, moved.end, moved.status) == (start, start + 19, "exact")
    assert TEXT[moved.start:moved.end] == moved.exact == "hundreds of lorries"
    assert placed.attention == frozenset()


def test_a_quote_no_longer_in_the_text_is_flagged_not_shown_and_not_moved():
    gone = Annotation("gone", "art", 10, 40, "a sentence that is nowhere in the article")
    placed = place(TEXT, [gone, ann("b", TEXT, "Analysts expect")])
    assert [a.id for a in placed.shown] == ["b"]
    assert placed.attention == {"gone"}
    assert all(u.extent is None for u in placed.updates)  # never moved to a guess
    assert placed.updates == (AnchorUpdate("gone", status="orphan"),)
    # already known to be lost: nothing more to store
    again = place(TEXT, [replace(gone, status="orphan")])
    assert again.updates == () and again.attention == {"gone"} and again.shown == ()


def test_a_slightly_changed_quote_is_shown_where_found_and_kept_fuzzy():
    edited = TEXT.replace("declined to comment on the talks", "declined to comment on the negotiations")
    a = ann("f", TEXT, "Officials in Islamabad declined to comment on the talks held in Kabul")
    placed = place(edited, [a])
    assert placed.updates == (AnchorUpdate("f", status="fuzzy"),)
    (shown,) = placed.shown
    assert shown.status == "fuzzy" and placed.fuzzy["f"] == (shown.start, shown.end)
    assert edited[shown.start:shown.end].startswith("Officials in Islamabad")
    assert placed.attention == {"f"}
    # stored as fuzzy already: shown again, nothing to store
    assert place(edited, [replace(a, status="fuzzy")]).updates == ()


def test_records_already_shown_in_this_text_are_kept_without_checking():
    a = ann("a", TEXT, "border crossing", shift=3)  # would move if it were checked
    placed = place(TEXT, [a], shown={"a": a})
    assert placed.shown == (a,) and placed.updates == ()


def test_with_updates_reads_as_the_store_would_after_the_update():
    a = ann("d", TEXT, "the agreement", shift=2)
    start = TEXT.index("the agreement")
    moved = with_updates(a, AnchorUpdate("d", extent=(start, start + 13)), TEXT)
    assert (moved.start, moved.end, moved.exact, moved.status) == (start, start + 13, "the agreement", "exact")
    assert with_updates(a, AnchorUpdate("d", status="orphan"), TEXT).status == "orphan"
