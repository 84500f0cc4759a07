"""Agreement extracts an article only up to its last source passage (plus a margin) and still finds
the same source dates as a whole-article extraction, anaphora included (db.agreement)."""

from __future__ import annotations

from datetime import date

import pytest

import db.agreement_extract
import db.dates
from db.agreement_extract import LOOKAHEAD, forget
from db.agreement_index import AgreementIndex
from db.dates import extract, parse_date
from db.models import PartialDate

FILLER = "Residents described hours of gunfire and a long curfew. " * 12  # ~670 characters, no dates


@pytest.fixture(autouse=True)
def nothing_kept():
    """Every test starts with no article extraction kept from another."""
    forget()
    yield
    forget()


def day(y: int, m: int, d: int) -> PartialDate:
    return PartialDate(date(y, m, d), date(y, m, d), "day")


def passage(store, article, quote: str) -> str:
    start = article.text.index(quote)
    return store.annotations.add(article.id, start, start + len(quote)).id


def whole_article_index(store) -> AgreementIndex:
    """The reference: every article extracted whole, as before windowing."""
    def full(article_id: str):
        art = store.articles.get(article_id)
        return extract(art.text, art.published)
    return AgreementIndex(store, expressions=full)


def source_values(index: AgreementIndex, *, reload: bool = True) -> dict[str, list[tuple[str, str]]]:
    results = index.load() if reload else index.results
    return {eid: [(s.annotation_id, s.value) for s in r.sources] for eid, r in results.items()}


def make_articles(store):
    """Hand-made reports whose dated sentences come early and whose tails are long."""
    texts = {
        "anaphora": "The mine opened in 2019 after years of delay. " + FILLER
                    + "The following year it closed after a flood. Three weeks later the owners sold it. "
                    + FILLER + "Officials said on 4 May that an inquiry would follow. " + FILLER,
        "relative": "Militants attacked the convoy last Tuesday near the border. Nobody was hurt. "
                    + FILLER + "Talks will resume on Friday, the army said. " + FILLER * 3,
        "sentence": "On 19 March the convoy came under fire. Witnesses said it was ambushed. "
                    + FILLER + "A weekly review in March this year counted five attacks. " + FILLER * 2,
    }
    published = {"anaphora": day(2024, 6, 3), "relative": day(2024, 3, 28), "sentence": day(2024, 4, 2)}
    return {k: store.articles.add(k, t, published=published[k]) for k, t in texts.items()}


def test_windowed_extraction_gives_the_same_source_dates_as_the_whole_article(memory_store):
    s = memory_store
    arts = make_articles(s)
    sources = [
        passage(s, arts["anaphora"], "The following year it closed"),  # needs 2019, ~700 characters back
        passage(s, arts["anaphora"], "Three weeks later the owners sold it"),  # anchored on the anchored year
        passage(s, arts["relative"], "Militants attacked the convoy last Tuesday"),
        passage(s, arts["sentence"], "Witnesses said it was ambushed"),  # undated passage: its sentence has none
        passage(s, arts["sentence"], "the convoy came under fire"),  # its sentence says 19 March
    ]
    ev = s.events.add("Mine closed", parse_date("2020"), source_ids=sources[:2])
    other = s.events.add("Convoy attacked", parse_date("19 March 2024"), source_ids=sources[2:])

    windowed = AgreementIndex(s)
    got = source_values(windowed)
    assert got == source_values(whole_article_index(s))
    assert got[ev.id] == [(sources[0], "2020"), (sources[1], "2020")]
    assert dict(got[other.id])[sources[4]] == "2024-03-19"
    # the tails were not extracted: the windows stop a margin after the last source sentence
    for key in ("anaphora", "relative", "sentence"):
        art = windowed._articles[arts[key].id]
        assert art is not None and art.covered < art.length - LOOKAHEAD


def test_a_passage_added_past_the_extracted_text_is_dated_from_the_whole_article(memory_store):
    s = memory_store
    arts = make_articles(s)
    first = passage(s, arts["anaphora"], "The following year it closed")
    ev = s.events.add("Mine closed", parse_date("2020"), source_ids=[first])
    index = AgreementIndex(s)
    index.load()
    late = passage(s, arts["anaphora"], "Officials said on 4 May that an inquiry would follow")
    s.events.add_source(ev.id, late)
    assert index.update(events={ev.id}, annotations={late}, articles={arts["anaphora"].id},
                        article_text_changed=False) == {ev.id}
    assert [(x.annotation_id, x.value) for x in index.results[ev.id].sources] == [(first, "2020"), (late, "2024-05-04")]
    assert source_values(index, reload=False) == source_values(whole_article_index(s))
    # a passage read directly (not a source yet) past the window also gets its date
    talks = passage(s, arts["relative"], "Talks will resume on Friday")
    assert [c[3] for c in index.passage(talks)] == ["2024-03-29"]


def test_a_full_recompute_reuses_each_article_s_extraction_until_its_publication_date_changes(memory_store,
                                                                                               monkeypatch):
    s = memory_store
    arts = make_articles(s)
    src = passage(s, arts["relative"], "Militants attacked the convoy last Tuesday")
    ev = s.events.add("Convoy attacked", parse_date("26 March 2024"), source_ids=[src])
    calls = []
    real = db.dates.extract
    monkeypatch.setattr(db.dates, "extract", lambda text, published: calls.append(1) or real(text, published))
    assert AgreementIndex(s).load()[ev.id].sources[0].value == "2024-03-26"
    assert AgreementIndex(s).load()[ev.id].sources[0].value == "2024-03-26"  # a second index, a reload
    assert len(calls) == 1
    # published a week later, "last Tuesday" is another day: the article is extracted again
    s.articles.update(arts["relative"].id, published=day(2024, 4, 4))
    index = AgreementIndex(s)
    assert index.load()[ev.id].sources[0].value == "2024-04-02"
    assert len(calls) == 2


REPORT = ("The mine opened in 2019 after years of delay. Officials said production would rise "
          "from 3 March to 5 March. The following year it closed after a flood. Three weeks later the "
          "owners sold it. Talks will resume on Friday at 10 a.m., the ministry said. Results for the "
          "third quarter of 2023 were weak, and the year-ago quarter was no better. In the first half of "
          "2024 output fell. The strike began in mid-2022 and lasted until the end of the month. "
          "Residents described hours of gunfire and a long curfew. ") * 4


def test_every_sentence_of_a_report_is_dated_the_same_from_a_window_ending_after_it():
    from db.agreement import article_dates

    published = day(2024, 6, 14)
    whole = article_dates(REPORT, published)
    assert whole.covered == whole.length and len(whole.cands) > 20
    starts = [0] + [end for _start, end in whole.breaks]
    windows = 0
    for lo, hi in zip(starts, [*starts[1:], len(REPORT)], strict=True):
        forget()
        part = article_dates(REPORT, published, upto=hi - 1)
        windows += part.covered < part.length
        for a, b in ((lo, hi - 1), (lo + 3, lo + 9)):  # the whole sentence, and a few words of it
            assert [part.cands[i][3] for i in part.within(*part.sentence(a, b))] == \
                [whole.cands[i][3] for i in whole.within(*whole.sentence(a, b))], REPORT[lo:hi]
    assert windows > 20  # most sentences were dated from a window, not the whole report
