"""Import of .txt, .md and .html files: encodings, HTML to text, metadata, and bad input."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from db import errors
from db.importing import decode, import_file, read_file
from db.models import PartialDate

TEXT = "Pakistan’s army said on Monday — “the operation began” — in North Waziristan. Café, naïve.\n"


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def test_a_utf8_text_file_imports_with_its_first_line_as_title(tmp_path):
    p = _write(tmp_path, "report.txt", "Army begins operation\n\nBy Ahmad Ali\n\n" + TEXT)
    got = read_file(p)
    assert got.title == "Army begins operation"
    assert got.author == "Ahmad Ali"
    assert got.encoding == "utf-8"
    assert TEXT in got.text
    assert got.filename == "report.txt"


def test_a_markdown_heading_becomes_the_title(tmp_path):
    p = _write(tmp_path, "note.md", "# The *long* war\n\n" + TEXT)
    assert read_file(p).title == "The *long* war"


def test_a_utf8_bom_is_removed_and_recorded(tmp_path):
    p = _write(tmp_path, "bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    got = read_file(p)
    assert got.text == TEXT and got.encoding == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_file_with_a_bom_is_decoded(tmp_path, encoding):
    raw = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        raw = codecs.BOM_UTF16_BE + raw
    got = read_file(_write(tmp_path, "wide.txt", raw))
    assert got.text == TEXT and got.encoding == "utf-16"


def test_a_windows_1252_file_is_detected_and_the_encoding_recorded(tmp_path):
    text = ("Café owners in Peshawar said the “operation” would hurt trade. "
            "The minister’s statement — issued on Monday — promised compensation. " * 4)
    got = read_file(_write(tmp_path, "old.txt", text.encode("cp1252")))
    assert got.text == text
    assert got.encoding.lower().replace("_", "-") in {"cp1252", "windows-1252"}


def test_a_latin1_file_is_decoded_to_the_same_text(tmp_path):
    text = "Zürich, São Paulo and Málaga reported déjà vu. " * 5
    got = read_file(_write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert got.text == text
    assert got.encoding != "utf-8"


def test_a_cyrillic_windows_1251_file_is_not_mistaken_for_western(tmp_path):
    text = "Москва заявила, что операция началась в понедельник. " * 3
    got = read_file(_write(tmp_path, "ru.txt", text.encode("cp1251")))
    assert got.text == text and got.encoding == "cp1251"


def test_an_html_page_is_decoded_with_the_charset_it_declares(tmp_path):
    html = ('<html><head><meta charset="windows-1251"><title>Новости</title></head>'
            "<body><p>Да.</p></body></html>")
    got = read_file(_write(tmp_path, "ru.html", html.encode("cp1251")))
    assert got.title == "Новости" and got.text == "Да.\n" and got.encoding == "cp1251"


def test_windows_newlines_become_newlines(tmp_path):
    got = read_file(_write(tmp_path, "crlf.txt", b"Title\r\n\r\nLine one\r\nLine two\r\n"))
    assert got.text == "Title\n\nLine one\nLine two\n"


HTML = """<!DOCTYPE html>
<html><head>
<title>Operation Azm-e-Istehkam approved</title>
<meta property="article:published_time" content="2024-06-24T10:00:00+05:00">
<meta name="author" content="Staff Reporter">
<meta property="og:site_name" content="Daily Example">
<style>p { color: red } .secret { display: none }</style>
<script>document.write("tracking code")</script>
</head><body>
<!-- a comment that must not appear -->
<nav>Home | World | Sport</nav>
<h1>Operation approved</h1>
<p>The federal cabinet approved the operation on <b>Saturday</b>.</p>
<p>It follows   a wave of attacks.<br>Officials said more would follow.</p>
<script type="text/javascript">var x = "<p>not text</p>";</script>
<img src="https://example.org/pixel.gif">
</body></html>
"""


def test_html_becomes_paragraphs_without_scripts_styles_or_comments(tmp_path):
    got = read_file(_write(tmp_path, "page.html", HTML))
    assert "The federal cabinet approved the operation on Saturday." in got.text
    assert "It follows a wave of attacks.\nOfficials said more would follow." in got.text
    assert len(got.text.split("\n\n")) >= 2
    whole = read_file(_write(tmp_path, "page.html", HTML), whole_page=True)
    assert "Operation approved" in whole.text.split("\n\n")[0] and len(whole.text.split("\n\n")) >= 3
    for leaked in ("tracking code", "color: red", "a comment", "not text", "var x", "Home | World"):
        assert leaked not in got.text and leaked not in whole.text


def test_html_metadata_comes_from_title_and_meta_tags(tmp_path):
    got = read_file(_write(tmp_path, "page.htm", HTML))
    assert got.title == "Operation approved"  # the article's <h1> (no og:title)
    assert got.author == "Staff Reporter"
    assert got.source == "Daily Example"
    assert got.published == PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day",
                                        "2024-06-24T10:00:00+05:00")


def test_html_in_another_encoding_is_decoded(tmp_path):
    html = "<html><head><title>Caf\u00e9</title></head><body><p>Caf\u00e9 society and na\u00efve hopes " \
           "for peace in the region were discussed at length.</p></body></html>"
    got = read_file(_write(tmp_path, "latin.html", html.encode("cp1252")))
    assert got.title == "Café" and "naïve" in got.text


def test_overrides_replace_what_the_file_says(store, tmp_path):
    p = _write(tmp_path, "page.html", HTML)
    when = PartialDate(date(2024, 6, 1), date(2024, 6, 30), "month", "June 2024", estimate=True)
    art = import_file(store, p, title="My title", author="Me", source="Wire", published=when)
    assert (art.title, art.author, art.source, art.published) == ("My title", "Me", "Wire", when)
    assert art.encoding == "utf-8" and art.filename == "page.html"


def test_reimporting_the_same_text_is_refused_naming_the_article(store, tmp_path):
    a = import_file(store, _write(tmp_path, "a.txt", "First title\n" + TEXT))
    with pytest.raises(errors.DuplicateArticle, match="First title") as info:
        import_file(store, _write(tmp_path, "b.txt", "First title\n" + TEXT))
    assert info.value.existing_id == a.id


def test_an_empty_file_is_refused(tmp_path):
    with pytest.raises(errors.ImportFailed, match="empty"):
        read_file(_write(tmp_path, "empty.txt", b""))


def test_a_file_of_only_white_space_is_refused(tmp_path):
    with pytest.raises(errors.ImportFailed, match="no readable text"):
        read_file(_write(tmp_path, "blank.txt", b"  \n\n \t\n"))


def test_a_binary_file_with_nul_bytes_is_refused(tmp_path):
    with pytest.raises(errors.ImportFailed, match="binary"):
        read_file(_write(tmp_path, "pic.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))))


def test_undecodable_bytes_are_refused_with_advice(tmp_path):
    raw = bytes(range(128, 256)) * 8 + b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40
    with pytest.raises(errors.ImportFailed, match="binary|encoding|UTF-8"):
        read_file(_write(tmp_path, "junk.txt", raw))


def test_a_damaged_utf16_file_is_refused(tmp_path):
    raw = codecs.BOM_UTF16_LE + "Hello".encode("utf-16-le") + b"\x00\xd8"  # lone surrogate
    with pytest.raises(errors.ImportFailed, match="UTF-16|damaged|binary"):
        read_file(_write(tmp_path, "bad16.txt", raw))


def test_a_file_over_the_size_limit_is_refused_with_its_size_without_reading_it(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # sparse: 50 MB on paper, nothing on disk
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(errors.ImportFailed, match=r"52\.4 MB"):
        read_file(p)


def test_the_size_limit_is_configurable(tmp_path):
    p = _write(tmp_path, "small.txt", TEXT * 10)
    with pytest.raises(errors.ImportFailed, match="MB"):
        read_file(p, max_bytes=100)


def test_a_missing_path_is_refused(tmp_path):
    with pytest.raises(errors.ImportFailed, match="does not exist"):
        read_file(tmp_path / "nope.txt")


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(errors.ImportFailed, match="folder"):
        read_file(tmp_path)


def test_decode_prefers_a_bom_over_detection():
    assert decode(codecs.BOM_UTF8 + "é".encode()) == ("é", "utf-8-sig")


def test_a_bracketed_byline_above_the_text_is_the_author_not_the_title(tmp_path):
    p = tmp_path / "pivotal.txt"
    p.write_text("(Ahmad Ali)\nIn 2024, Pakistan’s fight against terrorism reached a pivotal moment.\n", encoding="utf-8")
    got = read_file(p)
    assert (got.author, got.title) == ("Ahmad Ali", "In 2024, Pakistan’s fight against terrorism reached a pivotal moment.")
    assert got.text.startswith("(Ahmad Ali)\n")  # the text stays as written


def test_a_bracketed_first_line_that_is_no_name_stays_the_title(tmp_path):
    p = tmp_path / "note.txt"
    p.write_text("(see the briefing below)\nThe army said on Monday that it had begun.\n", encoding="utf-8")
    assert read_file(p).title == "(see the briefing below)" and read_file(p).author == ""
