"""Code points (store) ↔ UTF-16 units (Qt): the one helper, and the real view with non-BMP text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from desktop.actions import Action
from desktop.offsets import OffsetMap

PREFIX = "Update 🔥🇵🇰 from Peshawar — پشاور میں دھماکہ 😢𝐁𝐨𝐥𝐝 text. "
PASSAGE = "The army said the operation 🎯 began in North Waziristan"
TEXT = PREFIX + PASSAGE + " on Monday 👍.\nSecond line: کراچی 🚀 end.\n"


def u16(text: str, cp: int) -> int:
    return len(text[:cp].encode("utf-16-le")) // 2


def test_offset_map_converts_known_positions():
    m = OffsetMap(TEXT)
    assert not m.trivial
    for cp in (0, 7, 8, 9, len(PREFIX), len(TEXT)):
        assert m.to_qt(cp) == u16(TEXT, cp)
        assert m.from_qt(u16(TEXT, cp)) == cp
    plain = OffsetMap("پشاور plain BMP text")
    assert plain.trivial and plain.to_qt(5) == 5 and plain.from_qt(5) == 5


def test_a_position_inside_a_surrogate_pair_rounds_down_to_its_character():
    text = "a😀b"
    m = OffsetMap(text)
    assert [m.from_qt(u) for u in range(5)] == [0, 1, 1, 2, 3]


texts = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),  # Arabic script (Urdu)
    st.characters(min_codepoint=0x1F300, max_codepoint=0x1FAFF),  # emoji
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF, exclude_categories=("Cs",)),
), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_offset_map_round_trips_every_code_point(text: str, data):
    m = OffsetMap(text)
    cp = data.draw(st.integers(0, len(text)))
    assert m.to_qt(cp) == u16(text, cp)
    assert m.from_qt(m.to_qt(cp)) == cp
    # every UTF-16 position maps to the code point that contains (or starts at) it
    unit = data.draw(st.integers(0, u16(text, len(text))))
    back = m.from_qt(unit)
    assert u16(text, back) <= unit < u16(text, back + 1) or (back == len(text) and unit == u16(text, len(text)))


def test_annotating_after_emoji_and_urdu_stores_the_exact_passage(qtbot, desk):
    article = desk.ws.store.articles.add("Non-BMP report", TEXT, source="Test")
    desk.library.set_articles(desk.ws.store.articles.all())
    pane = desk.open_article(article.id, pane=desk.panes.panes[0])
    view = pane.view
    assert view.toPlainText() == TEXT
    start = TEXT.index(PASSAGE)
    end = start + len(PASSAGE)
    # select with a plain QTextCursor in UTF-16 units, as a mouse drag would
    c = QTextCursor(view.document())
    c.setPosition(u16(TEXT, start))
    c.setPosition(u16(TEXT, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)
    assert c.selectedText() == PASSAGE
    desk.action(Action.ANNOTATE).trigger()
    (ann,) = desk.ws.store.annotations.of([article.id])
    assert (ann.start, ann.end) == (start, end)
    assert ann.exact == TEXT[start:end] == PASSAGE
    drawn = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    assert (u16(TEXT, start), u16(TEXT, end)) in drawn
    # the view's own helpers agree both ways
    c = QTextCursor(view.document())
    c.setPosition(view.offsets.to_qt(ann.start))
    c.setPosition(view.offsets.to_qt(ann.end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)
    assert view.textCursor().selectedText() == PASSAGE
    assert view.selection_span() == (start, end)
    # a selection ending on an emoji takes the whole emoji
    e = TEXT.index("🚀")
    c = QTextCursor(view.document())
    c.setPosition(u16(TEXT, e - 6))
    c.setPosition(u16(TEXT, e + 1), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(c)
    desk.action(Action.ANNOTATE).trigger()
    second = next(a for a in desk.ws.store.annotations.of([article.id]) if a.id != ann.id)
    assert second.exact == TEXT[e - 6:e + 1] and second.exact.endswith("🚀")
    # find in an article with non-BMP text highlights the right UTF-16 ranges
    pane.find_bar.open_bar()
    pane.find_bar.edit.setText("north waziristan")
    (mark,) = view.find_layer.marks
    i = TEXT.index("North Waziristan")
    assert (mark.start, mark.end) == (u16(TEXT, i), u16(TEXT, i + len("North Waziristan")))


def test_small_annotation_changes_update_the_painted_marks_like_a_full_rebuild(qtbot):
    """The view replaces only changed marks on big articles; the result equals painting from scratch."""
    import random
    from dataclasses import replace

    from db.models import Annotation, Article
    from desktop.reader.view import ArticleView, Layer

    text = ("Peshawar 😢 پشاور report. " * 400)
    rng = random.Random(11)

    def ann(i: int) -> Annotation:
        s = rng.randrange(0, len(text) - 60)
        e = s + rng.randint(1, 50)
        return Annotation(f"a{i}", "art", s, e, text[s:e], note=f"n{i}", tags=(rng.choice("ABC"),))

    anns = [ann(i) for i in range(300)]
    view = ArticleView()
    qtbot.addWidget(view)
    colors = {"A": "#E69F00", "B": "#56B4E9", "C": "#009E73"}
    view.set_article(Article("art", "T", text, "sha"), anns, colors)
    for step in range(30):
        anns = list(anns)
        what = rng.choice(("add", "edit", "delete"))
        if what == "add":
            anns.append(ann(1000 + step))
        elif what == "edit":
            i = rng.randrange(len(anns))
            s = rng.randrange(0, len(text) - 60)
            anns[i] = replace(anns[i], start=s, end=s + 7, tags=(rng.choice("ABC"),))
        else:
            anns.pop(rng.randrange(len(anns)))
        view.set_annotations(anns, colors)
        fresh = Layer([view._mark(a) for a in anns])
        assert [(m.key, m.start, m.end, m.color.name()) for m in view.highlights.marks] == \
            [(m.key, m.start, m.end, m.color.name()) for m in fresh.marks]
        assert view.highlights.starts == [m.start for m in view.highlights.marks]
        assert {m.key for m in view.highlights.overlapping(2000, 2600)} == \
            {m.key for m in fresh.overlapping(2000, 2600)}
