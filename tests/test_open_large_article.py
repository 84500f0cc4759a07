"""Opening a long article: every annotation is highlighted where the reader scrolls, the last one included."""

from __future__ import annotations

from tests.test_desk import drawn_ranges, u16


def _long_text() -> str:
    """About 1 MB of numbered paragraphs with an emoji in each (UTF-16 positions differ from code points)."""
    para = ("Officials said the talks would resume after the ceasefire held through the weekend, "
            "while aid convoys waited at the crossing for a second day. ")
    return "".join(f"[{i}] 📰 {para * 3}\n" for i in range(2300))


def test_an_annotation_far_down_a_long_article_is_highlighted_after_opening(desk, qtbot):
    text = _long_text()
    assert len(text.encode("utf-8")) > 1_000_000
    art = desk.ws.add_article("A very long report", text, source="Test")
    first = desk.ws.add_annotation(art.id, 10, 60)
    middle = [desk.ws.add_annotation(art.id, s, s + 40) for s in range(20_000, len(text) - 50_000, 25_000)]
    far = text.rindex("aid convoys")
    last = desk.ws.add_annotation(art.id, far, far + len("aid convoys waited"))
    desk.ws.refresh()  # nothing cached: read from the database as when the article is opened later

    pane = desk.open_article(art.id)
    view = pane.view
    qtbot.waitUntil(lambda: (u16(text, first.start), u16(text, first.end)) in drawn_ranges(view))

    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the reader scrolls to the end
    want = (u16(text, last.start), u16(text, last.end))
    qtbot.waitUntil(lambda: want in drawn_ranges(view))
    assert view.annotations[last.id] == desk.ws.store.annotations.get(last.id)
    assert len(view.annotations) == len(middle) + 2
