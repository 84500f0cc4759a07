"""Search everywhere in the store: every hit, with positions in the article text (Qt-free)."""

from __future__ import annotations

from db.store_search import CLOSE, OPEN, marked_spans, merge_adjacent, snippet

TEXT = ("Strikes in Afghanistan continued. Afghanistan’s government protested; the strikes in "
        "North Waziristan went on. Officials in Afghanistan said nothing.")


def test_marks_become_positions_in_the_unmarked_text():
    text, spans = marked_spans(f"a {OPEN}bc{CLOSE} d {OPEN}e{CLOSE}")
    assert text == "a bc d e" and spans == [(2, 4), (7, 8)]


def test_neighbouring_words_of_one_phrase_are_one_hit():
    text = "in North Waziristan, North"
    assert merge_adjacent(text, [(3, 8), (9, 19), (21, 26)]) == [(3, 19), (21, 26)]


def test_a_snippet_brackets_the_hit_and_cuts_at_words():
    s = snippet(TEXT, TEXT.index("North"), TEXT.index("North") + len("North Waziristan"), context=20)
    assert "[North Waziristan]" in s and s.startswith("…") and s.endswith("…")


def test_every_occurrence_is_a_hit_grouped_by_article(store):
    art = store.articles.add("Strikes", TEXT)
    store.articles.add("Other", "Nothing about it here.")
    groups = store.search.grouped("afghanistan")
    assert [g.article_id for g in groups] == [art.id]
    assert groups[0].text_count == 3 == groups[0].count
    assert [TEXT[h.start:h.end] for h in groups[0].hits] == ["Afghanistan"] * 3
    # stems as the index matches them; a two-word phrase is one hit
    assert [TEXT[h.start:h.end] for h in store.search.grouped("strike")[0].hits] == ["Strikes", "strikes"]
    assert [TEXT[h.start:h.end] for h in store.search.grouped("north waziristan")[0].hits] == ["North Waziristan"]


def test_a_title_only_match_notes_and_tags_are_listed_under_their_article(store):
    art = store.articles.add("Kabul talks", "Nothing in the text.")
    ann = store.articles.add("Second", "A passage to note.")
    a = store.annotations.add(ann.id, 2, 9, note="about Kabul", tags=["Kabul"])
    groups = {g.article_id: g for g in store.search.grouped("kabul")}
    assert groups[art.id].text_count == 0 and groups[art.id].hits[0].snippet == "title: Kabul talks"
    kinds = [(h.kind, h.annotation_id) for h in groups[ann.id].hits]
    assert kinds == [("annotation", a.id), ("tag", a.id)] and groups[ann.id].count == 2


def test_odd_queries_never_error(store, article):
    for q in ('"', "AND", "*", "NEAR(", "()", "'; DROP TABLE articles; --", OPEN + CLOSE):
        store.search.grouped(q)
    assert store.articles.get(article.id).text


def test_past_the_listing_budget_hits_are_counted_and_found_per_article(store):
    text = "Kabul. " * 50
    arts = [store.articles.add(f"A{i}", text + "x" * i) for i in range(3)]
    groups = store.search.grouped("kabul", listed=60)
    assert [g.text_count for g in groups] == [50, 50, 50]
    assert sum(len(g.hits) for g in groups) == 50 + 10 + 3  # the budget, and at least 3 each
    assert len(store.search.spans("kabul", arts[2].id)) == 50
    assert store.search.spans("", arts[2].id) == [] and store.search.spans("nothing", arts[2].id) == []
