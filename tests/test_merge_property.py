"""Property test: random edit scripts on two copies of one database, merged both ways."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.dates import parse_date
from db.merge import merge
from db.store import Store

TEXTS = ("The army said on Monday that the operation began in North Waziristan near the border.",
         "Talks resumed in Doha on Friday; both delegations said progress was made on prisoners.")
TAGS = ("war", "Talks", "location")

op = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 1), st.integers(0, 70), st.integers(1, 12), st.text(max_size=6)),
    st.tuples(st.just("note"), st.integers(0, 50), st.text(max_size=6)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("tag"), st.integers(0, 50), st.sampled_from(TAGS)),
    st.tuples(st.just("event"), st.integers(0, 50), st.sampled_from(("Strike", "Talks", "Ceasefire"))),
    st.tuples(st.just("retitle"), st.integers(0, 50), st.sampled_from(("Raid", "Meeting"))),
    st.tuples(st.just("unevent"), st.integers(0, 50)),
    st.tuples(st.just("recolor"), st.integers(0, 50), st.sampled_from(("#111111", "#222222"))),
    st.tuples(st.just("untag"), st.integers(0, 50)),
    st.tuples(st.just("unarticle"), st.integers(0, 1)),
    st.tuples(st.just("decide"), st.integers(0, 1), st.integers(0, 5), st.sampled_from(("accepted", "rejected", None))),
)


def build_base(path: Path) -> None:
    with Store(path) as s:
        arts = [s.articles.add(f"Report {i}", t) for i, t in enumerate(TEXTS)]
        first = s.annotations.add(arts[0].id, 4, 8, note="army", tags=["war"], author="ayesha")
        s.annotations.add(arts[0].id, 33, 42, author="ayesha")
        s.annotations.add(arts[1].id, 0, 5, note="talks", author="ayesha")
        s.events.add("Operation", parse_date("2014-06-15"), source_ids=[first.id])


def apply(store: Store, script: list[tuple], author: str) -> None:
    """Run an edit script; indexes pick among the items present at that moment."""
    for step in script:
        arts = sorted(a.id for a in store.articles.all())
        anns = [a.id for a in store.annotations.all()]
        events = [e.id for e in store.events.all()]
        kind = step[0]
        if kind in ("add", "decide", "unarticle") and not arts:
            continue
        if kind == "add":
            _, ai, start, length, note = step
            ai %= len(arts)
            text = store.articles.get(arts[ai]).text
            start = min(start, len(text) - 1)
            store.annotations.add(arts[ai], start, min(len(text), start + length), note=note, author=author)
        elif kind == "note" and anns:
            store.annotations.update(anns[step[1] % len(anns)], note=step[2])
        elif kind == "delete" and anns:
            store.annotations.delete(anns[step[1] % len(anns)])
        elif kind == "tag" and anns:
            store.annotations.update(anns[step[1] % len(anns)], tags=[step[2]])
        elif kind == "event" and anns:
            store.events.add(step[2], parse_date("2014-06-16"), source_ids=[anns[step[1] % len(anns)]])
        elif kind == "retitle" and events:
            store.events.update(events[step[1] % len(events)], title=step[2])
        elif kind == "unevent" and events:
            store.events.delete(events[step[1] % len(events)])
        elif kind == "recolor" and store.tags.all():
            tags = store.tags.all()
            store.tags.recolor(tags[step[1] % len(tags)].id, step[2])
        elif kind == "untag" and store.tags.all():
            tags = store.tags.all()
            store.tags.delete(tags[step[1] % len(tags)].id)
        elif kind == "unarticle":
            store.articles.delete(arts[step[1] % len(arts)])
        elif kind == "decide":
            store.decisions.decide(arts[step[1] % len(arts)], step[2], step[2] + 3, step[3])


def dump(store: Store) -> dict:
    """The content a user sees, independent of article ids and merge bookkeeping."""
    sha = {a.id: store.articles.get(a.id).sha256 for a in store.articles.all()}
    return {
        "articles": sorted((sha[a.id], a.title) for a in store.articles.all()),
        "annotations": sorted((a.id, sha[a.article_id], a.start, a.end, a.exact, a.note, a.author,
                               tuple(t.lower() for t in a.tags)) for a in store.annotations.all()),
        "events": sorted((e.id, e.title, e.date.start.isoformat(), e.source_ids) for e in store.events.all()),
        "tags": sorted((t.name.lower(), t.color) for t in store.tags.all()),
        "decisions": sorted((sha[a], k, v) for a in sha for k, v in store.decisions.of_article(a).items()),
    }


def deleted(store: Store) -> set[str]:
    return {r[0] for r in store.tx.read("SELECT id FROM tombstones WHERE kind = 'annotation'")}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mine_script=st.lists(op, max_size=8), their_script=st.lists(op, max_size=8))
def test_merging_random_edits_is_idempotent_symmetric_and_lossless(mine_script, their_script) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        build_base(d / "base.sqlite3")
        for name in ("a", "b"):
            shutil.copyfile(d / "base.sqlite3", d / f"{name}.sqlite3")
        with Store(d / "a.sqlite3") as a, Store(d / "b.sqlite3") as b:
            apply(a, mine_script, "ayesha")
            apply(b, their_script, "bilal")
            had = {x.id for x in a.annotations.all()} | {x.id for x in b.annotations.all()}
            gone = deleted(a) | deleted(b)
        shutil.copyfile(d / "a.sqlite3", d / "ab.sqlite3")
        shutil.copyfile(d / "b.sqlite3", d / "ba.sqlite3")
        with Store(d / "ab.sqlite3") as ab, Store(d / "ba.sqlite3") as ba:
            merge(ab, d / "b.sqlite3")
            merge(ba, d / "a.sqlite3")
            assert dump(ab) == dump(ba)  # both directions give the same content
            first = dump(ab)
            again = merge(ab, d / "b.sqlite3")
            assert not again.changed and dump(ab) == first  # idempotent
            present = {x.id for x in ab.annotations.all()}
            assert had - gone <= present  # nothing lost
            assert ab.integrity_ok()
            for ann in ab.annotations.all():  # every annotation still anchors to its quote
                assert ab.articles.get(ann.article_id).text[ann.start:ann.end] == ann.exact
            assert set(ab.events.by_annotation()) <= present
