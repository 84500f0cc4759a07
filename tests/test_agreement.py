"""Do the sources agree? Each source passage's own date, compared with its event's date (db.agreement)."""

from __future__ import annotations

from datetime import date

import pytest

from db.agreement import AGREE, CONFLICT, NO_SOURCES, UNDATED
from db.agreement_index import AgreementIndex
from db.dates import parse_date
from db.models import PartialDate


def agreement_of(store) -> dict:  # noqa: ANN001 - db.store.Store
    """Every event's agreement, computed once."""
    return AgreementIndex(store).load()


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


def passage(store, article, quote: str) -> str:
    """Annotate the first occurrence of `quote` and return the annotation id."""
    start = article.text.index(quote)
    return store.annotations.add(article.id, start, start + len(quote)).id


@pytest.fixture
def desk(memory_store):
    """Three reports on one convoy attack, published on different days."""
    s = memory_store
    arts = {
        "thu": s.articles.add("Thursday wire", "Militants attacked the convoy last Tuesday near the border. "
                             "Nobody was hurt.", published=day(2024, 3, 28)),
        "fri": s.articles.add("Friday paper", "Officials said the convoy was hit last Tuesday. The army "
                             "promised an inquiry.", published=day(2024, 3, 29)),
        "other": s.articles.add("Other report", "The convoy was attacked on 19 March, a local official said. "
                               "A weekly review in March this year counted five attacks. "
                               "Residents heard gunfire at night.", published=day(2024, 4, 2)),
    }
    return s, arts


def test_a_source_dated_the_same_day_agrees(desk):
    s, a = desk
    ann = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[ann])
    r = agreement_of(s)[ev.id]
    assert r.status == AGREE
    [src] = r.sources
    assert (src.annotation_id, src.article_id, src.value, src.status) == (ann, a["thu"].id, "2024-03-26", AGREE)
    assert src.label == "26 March 2024"


def test_relative_dates_in_articles_published_on_different_days_resolve_to_the_same_day(desk):
    s, a = desk
    thu = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    fri = passage(s, a["fri"], "the convoy was hit last Tuesday")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[thu, fri])
    r = agreement_of(s)[ev.id]
    assert r.status == AGREE
    assert [x.value for x in r.sources] == ["2024-03-26", "2024-03-26"]


def test_a_coarser_date_agrees_both_ways(desk):
    s, a = desk
    review = passage(s, a["other"], "A weekly review in March this year")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[review])
    assert agreement_of(s)[ev.id].status == AGREE
    month_event = s.events.add("Attacks in March", parse_date("March 2024"),
                              source_ids=[passage(s, a["thu"], "Militants attacked the convoy last Tuesday")])
    assert agreement_of(s)[month_event.id].status == AGREE


def test_different_days_conflict_and_the_event_says_so(desk):
    s, a = desk
    thu = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    other = passage(s, a["other"], "The convoy was attacked on 19 March")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[thu, other])
    r = agreement_of(s)[ev.id]
    assert r.status == CONFLICT
    assert [(x.status, x.value) for x in r.sources] == [(AGREE, "2024-03-26"), (CONFLICT, "2024-03-19")]
    assert r.source_dates() == f"{thu}=2024-03-26;{other}=2024-03-19"


def test_a_source_without_a_date_is_undated_not_a_conflict(desk):
    s, a = desk
    quiet = passage(s, a["other"], "Residents heard gunfire at night")
    ev = s.events.add("Gunfire", parse_date("26 March 2024"), source_ids=[quiet])
    r = agreement_of(s)[ev.id]
    assert r.status == UNDATED and r.sources[0].date is None and r.sources[0].label == "no date"
    thu = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    s.events.update(ev.id, source_ids=[quiet, thu])
    assert agreement_of(s)[ev.id].status == AGREE  # one dated source agrees, the other says nothing


def test_an_event_without_sources_has_none_to_compare(memory_store):
    ev = memory_store.events.add("Typed by hand", parse_date("2024"))
    assert agreement_of(memory_store)[ev.id].status == NO_SOURCES


def test_the_passage_s_sentence_gives_the_date_when_the_passage_has_none(desk):
    s, a = desk
    ann = passage(s, a["other"], "was attacked")  # the date is elsewhere in the sentence
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[ann])
    r = agreement_of(s)[ev.id]
    assert (r.status, r.sources[0].value) == (CONFLICT, "2024-03-19")


def test_a_rejected_suggestion_is_not_a_date_and_an_accepted_one_takes_its_event_s_date(desk):
    s, a = desk
    text = a["other"].text
    x0 = text.index("19 March")
    ann = passage(s, a["other"], "The convoy was attacked on 19 March")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[ann])
    s.decisions.decide(a["other"].id, x0, x0 + len("19 March"), "rejected")
    assert agreement_of(s)[ev.id].status == UNDATED
    # the analyst made an event from the expression and corrected its date to 26 March
    made = s.events.add("Attack (corrected)", parse_date("26 March 2024"), source_ids=[ann])
    s.decisions.decide(a["other"].id, x0, x0 + len("19 March"), "accepted", made.id)
    r = agreement_of(s)[ev.id]
    assert (r.status, r.sources[0].value, r.sources[0].decided) == (AGREE, "2024-03-26", True)


def test_updates_recompute_only_the_events_a_change_names_and_match_a_full_recompute(desk):
    s, a = desk
    thu = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    other = passage(s, a["other"], "The convoy was attacked on 19 March")
    first = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[thu])
    second = s.events.add("Earlier attack", parse_date("19 March 2024"), source_ids=[other])
    index = AgreementIndex(s)
    index.load()
    assert index.get(first.id).status == AGREE
    s.events.update(first.id, source_ids=[thu, other])
    assert index.update(events={first.id}) == {first.id}
    assert index.get(first.id).status == CONFLICT and index.get(second.id).status == AGREE
    s.events.update(first.id, when=parse_date("March 2024"))
    assert index.update(events={first.id}) == {first.id}
    assert index.get(first.id).status == AGREE
    # the passage moves onto an undated sentence: both events citing it are recomputed
    start = a["other"].text.index("Residents heard")
    s.annotations.update(other, extent=(start, start + len("Residents heard gunfire")))
    assert index.update(annotations={other}) == {first.id, second.id}
    assert index.get(second.id).status == UNDATED
    # a new publication date re-resolves the article's relative dates
    s.articles.update(a["thu"].id, published=day(2024, 4, 4))
    assert index.update(articles={a["thu"].id}) == {first.id}
    assert index.get(first.id).sources[0].value == "2024-04-02"
    s.events.delete(second.id)
    index.update(events={second.id})
    assert second.id not in index.results
    assert AgreementIndex(s).load() == index.results


def test_an_article_without_a_publication_date_leaves_its_relative_dates_undated(memory_store):
    s = memory_store
    art = s.articles.add("Undated clipping", "The convoy was attacked last Tuesday. In March 2024 talks began.")
    relative = passage(s, art, "The convoy was attacked last Tuesday")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[relative])
    assert agreement_of(s)[ev.id].status == UNDATED  # nothing to resolve "last Tuesday" against


def test_sources_among_many_highlights_are_dated_as_when_nearly_every_passage_is_a_source(desk):
    s, a = desk
    thu = passage(s, a["thu"], "Militants attacked the convoy last Tuesday")
    other = passage(s, a["other"], "The convoy was attacked on 19 March")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[thu, other])
    few_highlights = agreement_of(s)  # two annotations, both sources
    for art in a.values():  # the analyst highlights much more than she cites
        for k in range(0, len(art.text) - 5, 5):
            s.annotations.add(art.id, k, k + 5)
    assert agreement_of(s) == few_highlights
    r = few_highlights[ev.id]
    assert [(x.annotation_id, x.value, x.status) for x in r.sources] == \
        [(thu, "2024-03-26", AGREE), (other, "2024-03-19", CONFLICT)]
