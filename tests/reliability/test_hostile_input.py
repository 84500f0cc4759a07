"""Hostile input, fuzzed with hypothesis (2,000 examples each): every entry point either succeeds or
raises a `db.errors.ChronolineError` with a message — never another exception, never a partial write."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db import errors
from db.csv_import import import_annotations_csv
from db.dates import extract, parse_date
from db.export import ANNOTATION_COLUMNS, export_annotations
from db.importing import decode, import_file, read_file
from db.models import PartialDate
from db.store import Store

EXAMPLES = 2000
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])
PUBLISHED = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day", "2024-06-24")
TABLES = ("articles", "annotations", "tags", "annotation_tags", "events", "event_sources")
TEXT = ("The army said on Monday that the operation began in North Waziristan. Officials said "
        "the strikes on 12 June targeted hideouts near the border.\n")


class Tally:
    """Inputs tried and outcomes of one fuzzed entry point, printed at the end."""

    def __init__(self, name: str) -> None:
        self.name, self.tried, self.ok, self.refused = name, 0, 0, 0

    def report(self) -> None:
        print(f"\nfuzz/{self.name}: inputs={self.tried} ok={self.ok} refused_with_message={self.refused} failures=0")
        assert self.tried >= EXAMPLES


def _counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608


def _expect_clean(tally: Tally, fn, store: Store | None = None):  # noqa: ANN001, ANN202
    """Run fn: success, or a ChronolineError with a message and (given a store) no rows changed."""
    tally.tried += 1
    before = _counts(store) if store is not None else None
    try:
        result = fn()
    except errors.ChronolineError as exc:
        assert str(exc).strip(), "an error without a message"
        if store is not None:
            assert _counts(store) == before, "a failed call changed the database"
            assert store.integrity_ok()
        tally.refused += 1
        return None
    tally.ok += 1
    return result


# --- importers -------------------------------------------------------------------------------------

def _truncated(text: str, encoding: str, cut: int, bom: bool) -> bytes:
    raw = text.encode(encoding, "surrogatepass")
    boms = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    raw = (boms[encoding] if bom else b"") + raw
    return raw[: max(0, len(raw) - cut)]


raw_inputs = st.one_of(
    st.binary(max_size=600),
    st.builds(_truncated, st.text(max_size=120), st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]),
              st.integers(0, 3), st.booleans()),
    st.builds(lambda t: t.encode("latin-1", "replace"), st.text(max_size=200)),
)


def test_decode_random_and_truncated_bytes() -> None:
    tally = Tally("decode")

    @FUZZ
    @given(raw_inputs)
    def run(raw: bytes) -> None:
        got = _expect_clean(tally, lambda: decode(raw, "fuzz.txt"))
        if got is not None:
            text, encoding = got
            assert isinstance(text, str) and "\r" not in text and encoding

    run()
    tally.report()


def _nested(depth: int, tag: str) -> str:
    return f"<{tag}>" * depth + "deep text" + f"</{tag}>" * (depth // 2)


html_pieces = st.one_of(
    # plain text never spells the markers (Hypothesis also draws string constants from this file)
    st.text(max_size=40).filter(lambda t: "SCRIPTMARK" not in t and "STYLEMARK" not in t),
    st.sampled_from(["<p>", "</p>", "<div>", "</div", "<br>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;",
                     "&#0;", "&#xD800;", "&bogus;", "<?xml version='1.0'?>", "<!DOCTYPE html>", "<title>",
                     "<meta name='author' content='=cmd|calc'>", "<meta property='article:published_time' "
                     "content='99999-99-99'>", "<time datetime='2024-02-30'>", "<pre>\t x </pre>", "\x00",
                     "<script>SCRIPTMARK()</script>", "<style>STYLEMARK{}</style>", "<img src=http://127.0.0.1:9/x.png>",
                     "<script src='http://127.0.0.1:9/x.js'></script>", "<iframe src=//127.0.0.1:9/>",
                     "<svg><script>SCRIPTMARK</script></svg>", "<table><tr><td>cell", "<<<>>>", "\ufeff"]),
    st.builds(_nested, st.integers(1, 150), st.sampled_from(["div", "b", "table", "li", "span"])),
)


def test_html_import_of_malformed_nested_and_scripted_pages(scratch: Path) -> None:
    tally = Tally("read_file(html)")
    store = Store(":memory:")
    folder = scratch

    @FUZZ
    @given(st.lists(html_pieces, max_size=8).map("".join), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
    def run(html: str, encoding: str) -> None:
        path = folder / "page.html"
        path.write_bytes(html.encode(encoding, "replace"))
        got = _expect_clean(tally, lambda: read_file(path))
        if got is not None:
            # a broken end tag (`</div<script>`), `<![CDATA[` or a bogus comment that swallows the
            # script's start tag (`<?<script>`), or a tag name running into it (`<A<script>` is one tag
            # named "a<script"), turns what follows into text, as it does in a browser (HTML5
            # tokenizer); anywhere else script and style bodies are dropped
            swallowed = re.search(r"<[^\s>]*<(script|style)", html, re.I)
            if "</div<" not in html and "<![CDATA[" not in html and "<?<" not in html and not swallowed:
                assert "SCRIPTMARK" not in got.text and "STYLEMARK" not in got.text, html
            assert got.text.strip() and got.title
            _expect_clean(tally, lambda: import_file(store, path), store)

    run()
    store.close()
    tally.report()


def test_huge_single_line_and_oversized_files(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_text("word " * 1_000_000)  # 5 MB, no newline
    got = read_file(line)
    assert len(got.text) == 5_000_000 and len(got.title) <= 300
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2_000_001)
    with pytest.raises(errors.ImportFailed, match="MB"):
        read_file(big, max_bytes=2_000_000)
    deep = tmp_path / "deep.html"
    deep.write_text("<div>" * 200_000 + "bottom" + "</div>" * 200_000)
    try:
        assert "bottom" in read_file(deep).text
    except errors.ImportFailed as exc:  # lxml may refuse absurd depth: that is a clean refusal
        assert str(exc)


# --- dates ---------------------------------------------------------------------------------------

def test_parse_date_with_arbitrary_unicode() -> None:
    tally = Tally("parse_date")
    date_like = st.one_of(st.text(max_size=40), st.from_regex(
        r"\A[0-9]{0,5}[-/. ]?(Jan|June|Q[0-9]|H2|FY)?[-/. ]?[0-9]{0,6}[–-]?[0-9]{0,4}\Z"))

    @FUZZ
    @given(date_like)
    def run(text: str) -> None:
        got = _expect_clean(tally, lambda: parse_date(text, date(2024, 6, 24)))
        if got is not None:
            assert got.start <= got.end

    run()
    tally.report()


def test_extract_with_arbitrary_unicode() -> None:
    tally = Tally("extract")
    words = st.sampled_from(["on", "Monday", "12", "June", "2024", "last", "week", "since", "1999", "–",
                             "Q3", "fiscal", "the", "ago", "3", "days", "mid-", "'90s", "\u200b", "\n"])
    texts = st.one_of(st.text(max_size=200), st.lists(st.one_of(words, st.text(max_size=5)), max_size=40)
                      .map(" ".join))

    @FUZZ
    @given(texts)
    def run(text: str) -> None:
        found = _expect_clean(tally, lambda: extract(text, PUBLISHED))
        for x in found or []:
            assert 0 <= x.start < x.end <= len(text)
            assert text[x.start:x.end] == x.text

    run()
    tally.report()


# --- CSV import ----------------------------------------------------------------------------------

def _csv_store(folder: Path) -> tuple[Store, list[str]]:
    """A store with one article and one annotation, and a valid exported row to mutate."""
    store = Store(":memory:")
    art = store.articles.add("Operation begins", TEXT)
    store.annotations.add(art.id, 4, 8, tags=["actor"])
    export_annotations(store, folder / "export.csv")
    with open(folder / "export.csv", encoding="utf-8", newline="") as fh:
        row = list(csv.reader(fh))[1]
    return store, row


cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "=1+1", "'=cmd|' /C calc'!A0", "+SUM(A1)", "-2", "@x", "\t=1", "\r\n", "1e309",
                     "-1", "99999999999999999999", "NaN", "army", "said", "Operation begins", ";;;", '"']),
    st.integers(-10, 10_000).map(str),
)


def test_csv_import_of_wrong_columns_types_and_formula_cells(scratch: Path) -> None:
    tally = Tally("csv_import")
    folder = scratch
    store, valid = _csv_store(folder)
    columns = list(ANNOTATION_COLUMNS)

    @FUZZ
    @given(st.lists(st.tuples(st.integers(0, len(columns) - 1), cells), max_size=6),
           st.booleans(), st.integers(0, 3), st.sampled_from(["fresh", "same", "drop-column", "extra-column"]))
    def run(mutations, new_id: bool, extra_rows: int, shape: str) -> None:  # noqa: ANN001
        header = list(columns)
        rows = []
        for n in range(1 + extra_rows):
            row = list(valid)
            if new_id or shape == "fresh":
                row[0] = f"fuzz-{tally.tried}-{n}"
            for col, value in mutations:
                row[col] = value
            rows.append(row)
        if shape == "drop-column":
            header, rows = header[1:], [r[1:] for r in rows]
        elif shape == "extra-column":
            header, rows = [*header, "extra"], [[*r, "x"] for r in rows]
        path = folder / "in.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([header, *rows])
        before = _counts(store)
        got = _expect_clean(tally, lambda: import_annotations_csv(store, path), store)
        if got is not None:
            assert _counts(store)["annotations"] == before["annotations"] + got.added
            # keep the store small, so example 2,000 costs what example 1 did (test-only cleanup)
            store.conn.execute("DELETE FROM annotations WHERE id != ?", [valid[0]])

    run()
    store.close()
    tally.report()


def test_csv_import_refuses_megabyte_cells_and_binary_whole(tmp_path: Path) -> None:
    store, valid = _csv_store(tmp_path)
    before = _counts(store)
    for name, content in (("huge.csv", None), ("binary.csv", b"\xff\xfe\x00\x01" * 1000),
                          ("empty.csv", b""), ("nul.csv", b"annotation_id\x00,x\n")):
        path = tmp_path / name
        if content is None:
            row = list(valid)
            row[0], row[10] = "huge-1", "n" * 1_000_001
            buf = io.StringIO()
            csv.writer(buf).writerows([ANNOTATION_COLUMNS, row])
            path.write_text(buf.getvalue(), encoding="utf-8")
        else:
            path.write_bytes(content)
        with pytest.raises(errors.CsvImportError) as info:
            import_annotations_csv(store, path)
        assert "Nothing was imported" in str(info.value) or "nothing was imported" in str(info.value)
    assert _counts(store) == before
    store.close()


# --- search and filters --------------------------------------------------------------------------

search_text = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(['"', "'", "*", "%", "_", "\\", "NEAR(", ")", "AND", "OR", "NOT", "-", "^",
                              ":", "title:", "{", "}", "army", "'; DROP TABLE annotations; --", "\x00"]),
             max_size=8).map(" ".join),
)


def test_search_and_find_with_metacharacters() -> None:
    tally = Tally("search")
    store = Store(":memory:")
    art = store.articles.add("Operation 100% _done_ \"quoted\"", TEXT)
    store.annotations.add(art.id, 4, 8, note="50% of 'them' said \"no\"", tags=["a_b%c"])

    @FUZZ
    @given(search_text)
    def run(text: str) -> None:
        hits = _expect_clean(tally, lambda: store.search.flat(text))
        assert hits is not None, "search must never refuse"
        _expect_clean(tally, lambda: store.articles.find(text))

    run()
    assert [h.kind for h in store.search.flat("100%")] == ["article"]
    assert any(h.kind == "tag" for h in store.search.flat("a_b%"))
    assert not any(h.kind == "tag" for h in store.search.flat("a%b"))  # LIKE wildcards are literal
    store.close()
    tally.tried //= 2
    tally.report()


def test_desk_filters_with_metacharacters(qtbot) -> None:
    from desktop.docks.annotations import AnnotationsPanel

    store = Store(":memory:")
    art = store.articles.add("Filters", TEXT)
    for i, note in enumerate(["(a+)+$", "[unclosed", "50%", "back\\slash", "*star*", "'quote'"]):
        store.annotations.add(art.id, i * 5, i * 5 + 4, note=note)
    panel = AnnotationsPanel()
    qtbot.addWidget(panel)
    panel.model.set_rows(store.annotations.all())
    tally = Tally("desk-filter")

    @FUZZ
    @given(search_text)
    def run(text: str) -> None:
        tally.tried += 1
        panel.filter.setText(text)
        assert 0 <= panel.proxy.rowCount() <= panel.model.rowCount()
        tally.ok += 1

    run()
    panel.filter.setText("[unclosed")
    assert panel.proxy.rowCount() == 1  # a fixed string, not a regular expression
    store.close()
    tally.report()


def test_sqlite_never_sees_a_nul_or_surrogate_as_a_crash() -> None:
    """Lone surrogates and NULs in every text field: a clean refusal or a faithful round trip."""
    store = Store(":memory:")
    tally = Tally("odd-strings")
    for odd in ("\ud800", "a\x00b", "\U0010ffff", "\u202e", "e\u0301"):
        for fn in (lambda o=odd: store.articles.add(o, TEXT + o),
                   lambda o=odd: store.tags.ensure("t" + o),
                   lambda o=odd: store.events.add("E" + o, PUBLISHED, description=o, category=o)):
            _expect_clean(tally, fn, store)
    print(f"\nfuzz/odd-strings: inputs={tally.tried} ok={tally.ok} refused_with_message={tally.refused} failures=0")
    with sqlite3.connect(":memory:") as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
    store.close()
