"""Titles of plain-text files read as titles, however long their first line."""

from __future__ import annotations

from db.importing import read_file
from db.titles import title_from_line

PARAGRAPH = ("ISLAMABAD: The army said on Monday that Gen. Munir and the U.S. envoy had agreed on a new operation "
             "in North Waziristan after weeks of talks with tribal elders. Officials said the strikes targeted "
             "hideouts near the border, which has been closed since June.")


def test_a_short_first_line_is_the_title():
    assert title_from_line("Army begins operation in North Waziristan") == "Army begins operation in North Waziristan"


def test_a_paragraph_gives_its_first_sentence_when_that_is_short_enough():
    long_first = "Talks resumed in Doha on Monday after a pause of six weeks. " + "More words follow here. " * 8
    assert title_from_line(long_first) == "Talks resumed in Doha on Monday after a pause of six weeks"


def test_a_long_first_sentence_is_cut_at_a_word_near_100_characters_with_an_ellipsis():
    title = title_from_line(PARAGRAPH)
    assert title.endswith("…") and 60 <= len(title) <= 101
    assert PARAGRAPH.startswith(title[:-1])
    assert PARAGRAPH[len(title) - 1] == " "  # cut at a word boundary
    assert "Gen. Munir" in title  # abbreviations do not end the sentence


def test_a_plain_text_file_keeps_its_whole_first_line_in_the_text(tmp_path):
    p = tmp_path / "wire.txt"
    text = PARAGRAPH + "\n\nSecond paragraph.\n"
    p.write_text(text, encoding="utf-8")
    got = read_file(p)
    assert got.text == text
    assert got.title.endswith("…") and len(got.title) <= 101


def test_a_markdown_heading_stays_the_title(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("# Budget passed\n\n" + PARAGRAPH + "\n", encoding="utf-8")
    assert read_file(p).title == "Budget passed"
