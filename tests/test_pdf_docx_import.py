"""PDF, Word (.docx) and OpenDocument (.odt) import: text as a reader expects it, metadata, bad files.

PDF fixtures are drawn in the test with Qt's QPdfWriter (one text run per line or column line, as
word processors emit them); hostile PDFs are written byte by byte.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db import errors, read_pdf
from db.cli import main
from db.importing import import_file, read_file
from db.pdf_paragraphs import join_lines
from db.store import Store
from desktop.actions import Action

HEADER = ("Frontier Security Review", "August 2024")


# --- fixtures: PDFs drawn with QPdfWriter ------------------------------------------------------

def write_pdf(path: Path, pages: list[list[tuple[float, float, str]]], *, title: str = "", author: str = "",
              size: float = 10, header: bool = True, shapes_only: bool = False) -> Path:
    """A PDF whose pages hold the given `(x, y, text)` runs (points, y downwards), with a running
    header and a 'Page N of M' footer on every page."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPageSize, QPainter, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    if title:
        writer.setTitle(title)
    if author:
        writer.setAuthor(author)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(size)
    painter.setFont(font)
    for n, runs in enumerate(pages, 1):
        if n > 1:
            writer.newPage()
        if shapes_only:
            painter.fillRect(QRectF(40, 40, 300, 200), QColor("steelblue"))
            image = QImage(64, 64, QImage.Format.Format_RGB32)
            image.fill(QColor("darkred"))
            painter.drawImage(QRectF(60, 300, 128, 128), image)
            continue
        if header:
            painter.drawText(20, 20, HEADER[0])
            painter.drawText(420, 20, HEADER[1])
            painter.drawText(240, 790, f"Page {n} of {len(pages)}")
        for x, y, text in runs:
            painter.drawText(x, y, text)
    painter.end()
    return path


def column(lines: list[str | None], x: float = 20, y: float = 60, pitch: float = 14) -> list[tuple[float, float, str]]:
    """Lines top down; None is the extra space between two paragraphs."""
    runs = []
    for line in lines:
        if line is None:
            y += pitch * 0.8
            continue
        runs.append((x, y, line))
        y += pitch
    return runs


PAGE1 = [
    "Security forces launched a new counter-",
    "terrorism operation in North Waziristan on",
    "Monday, officials said.",
    None,
    "The army described the strikes as part of a well-known",
    "campaign. Analysts said the Indo-",
    "Pakistani border remained calm and that the well-",
    "known commander had fled before the opera-",
    "tion began.",
    None,
    "The minister told parliament that the",
]
PAGE2 = [
    "campaign would continue until the border was secure.",
    None,
    "Residents of Miranshah said markets reopened on Tuesday.",
]
LEFT = ["Left column: the first report came", "from Bannu, where police said two", "checkpoints were attacked at night."]
RIGHT = ["Right column: in Peshawar, the", "provincial government announced", "compensation for the families."]


@pytest.fixture
def report_pdf(qapp, tmp_path) -> Path:
    # the two-column page is drawn row by row, so the content order interleaves the columns
    rows = [r for pair in zip(column(LEFT, x=20), column(RIGHT, x=300), strict=True) for r in pair]
    return write_pdf(tmp_path / "report.pdf", [column(PAGE1), column(PAGE2), rows],
                     title="Operation in North Waziristan", author="Ahmad Ali")


def test_a_pdf_report_reads_as_paragraphs_without_running_heads_or_page_numbers(report_pdf):
    got = read_file(report_pdf)
    paras = got.text.rstrip("\n").split("\n\n")
    assert paras[0] == "Security forces launched a new counterterrorism operation in North Waziristan on Monday, officials said."
    assert paras[1] == ("The army described the strikes as part of a well-known campaign. Analysts said the "
                        "Indo-Pakistani border remained calm and that the well-known commander had fled before "
                        "the operation began.")
    # a sentence running over the page break stays one paragraph
    assert paras[2] == "The minister told parliament that the campaign would continue until the border was secure."
    assert paras[3] == "Residents of Miranshah said markets reopened on Tuesday."
    for furniture in (*HEADER, "Page 1", "Page 2", "of 3"):
        assert furniture not in got.text
    assert got.text.endswith("\n") and "\n\n\n" not in got.text


def test_a_two_column_page_reads_column_by_column(report_pdf):
    text = read_file(report_pdf).text
    left = " ".join(LEFT)
    right = " ".join(RIGHT)
    assert left in text and right in text
    assert text.index(left) < text.index(right)


def test_pdf_document_info_gives_title_author_and_date(report_pdf):
    got = read_file(report_pdf)
    assert got.title == "Operation in North Waziristan"
    assert got.author == "Ahmad Ali"
    assert got.published is not None and got.published.precision == "day"
    assert got.published.start == datetime.now(UTC).date()  # QPdfWriter stamps the time of writing
    assert got.filename == "report.pdf" and got.encoding == "pdf"


def test_a_pdf_without_a_title_is_named_by_its_first_line(qapp, tmp_path):
    p = write_pdf(tmp_path / "untitled.pdf", [column(["Army begins operation", None, "The army said so."])],
                  header=False)
    assert read_file(p).title == "Army begins operation"


def test_placeholder_titles_from_word_processors_are_not_used():
    assert read_pdf._usable_title("Microsoft Word - memo_final.docx") == ""
    assert read_pdf._usable_title("PowerPoint Presentation") == ""
    assert read_pdf._usable_title("  Army  begins operation ") == "Army begins operation"


@pytest.mark.parametrize("value,expected", [
    ("D:20240802093000+05'00'", "2024-08-02"),
    ("D:20240802", "2024-08-02"),
    ("D:20241231235959Z", "2024-12-31"),
    ("20240615", "2024-06-15"),
])
def test_pdf_dates_are_read_as_written(value, expected):
    assert read_pdf.pdf_date(value).value == expected


@pytest.mark.parametrize("value", ["", "D:2024", "D:20241340", "garbage", "D:00000000"])
def test_unusable_pdf_dates_give_no_date(value):
    assert read_pdf.pdf_date(value) is None


def test_line_end_hyphens_join_words_but_keep_compounds():
    paras = [["a counter-", "terrorism unit and the Indo-", "Pakistani talks on COVID-", "19 rules"],
             ["the self-", "made man"], ["a self-made plan"], ["from 2009–", "2017 the of\ufb01cials said"]]
    text = join_lines(paras)
    assert "from 2009–2017 the officials said" in text
    assert "counterterrorism unit and the Indo-Pakistani talks on COVID-19 rules" in text
    assert "the self-made man" in text  # the hyphenated form occurs elsewhere in the document


def test_mixed_direction_lines_read_each_run_in_its_own_direction():
    from db.pdf_layout import segments

    def words(*items):  # (text, left) on one line, each word 30 points wide, 5 apart
        return [(x, 700.0, x + 30, 712.0, text, " ") for text, x in items]

    urdu_with_english = words(("ISPR", 100), ("said", 135), ("میں", 170), ("بیان", 205), ("فوج", 240), ("کی", 275),
                              ("پاکستان", 310))
    assert segments(urdu_with_english)[0].text == "پاکستان کی فوج بیان میں ISPR said"
    english_with_urdu = words(("The", 100), ("paper", 135), ("وزیرستان", 170), ("شمالی", 205), ("reported", 240))
    assert segments(english_with_urdu)[0].text == "The paper شمالی وزیرستان reported"


def test_a_pdf_imports_through_the_store_with_its_metadata(report_pdf, tmp_path):
    with Store(tmp_path / "a.sqlite3") as store:
        art = import_file(store, report_pdf)
        stored = store.articles.get(art.id)
    assert stored.title == "Operation in North Waziristan" and stored.author == "Ahmad Ali"
    assert stored.text == read_file(report_pdf).text


# --- fixtures: Word and OpenDocument -------------------------------------------------------------

@pytest.fixture
def memo_docx(tmp_path) -> Path:
    import docx

    d = docx.Document()
    d.add_heading("Briefing on the northern operation", level=1)
    d.add_paragraph("The army said on Monday that the operation began in North Waziristan.")
    d.add_heading("Casualties", level=2)
    d.add_paragraph("Officials reported no civilian casualties.")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("District", "Operations", "Arrests"), ("Bannu", "12", "40"), ("Khyber", "7", "15")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("")
    d.add_paragraph("More details will follow.")
    d.core_properties.title = "Northern operation memo"
    d.core_properties.author = "Desk officer"
    d.core_properties.created = datetime(2024, 8, 2, 9, 30, tzinfo=UTC)
    path = tmp_path / "memo.docx"
    d.save(str(path))
    return path


def test_a_word_memo_reads_headings_paragraphs_and_table_rows(memo_docx):
    got = read_file(memo_docx)
    assert got.text == ("Briefing on the northern operation\n\n"
                        "The army said on Monday that the operation began in North Waziristan.\n\n"
                        "Casualties\n\nOfficials reported no civilian casualties.\n\n"
                        "District | Operations | Arrests\n\nBannu | 12 | 40\n\nKhyber | 7 | 15\n\n"
                        "More details will follow.\n")
    assert (got.title, got.author, got.published.value) == ("Northern operation memo", "Desk officer", "2024-08-02")
    assert got.encoding == "docx"


def test_a_word_file_without_a_title_takes_its_first_heading(tmp_path):
    import docx

    d = docx.Document()
    d.core_properties.title = ""
    d.add_paragraph("Intro line that is not a heading.")
    d.add_heading("Strikes continue", level=1)
    path = tmp_path / "noname.docx"
    d.save(str(path))
    assert read_file(path).title == "Strikes continue"


def test_word_tracked_changes_content_controls_and_text_boxes(tmp_path):
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    body = d.element.body
    body.insert(0, parse_xml(
        f'<w:sdt {ns}><w:sdtContent><w:p><w:r><w:t>Cover page inside a content control</w:t></w:r></w:p>'
        "</w:sdtContent></w:sdt>"))
    body.insert(1, parse_xml(
        f'<w:p {ns}><w:r><w:t xml:space="preserve">The army </w:t></w:r>'
        '<w:ins w:id="1" w:author="Editor" w:date="2024-08-02T09:30:00Z"><w:r><w:t xml:space="preserve">'
        "reportedly </w:t></w:r></w:ins>"
        '<w:del w:id="2" w:author="Editor" w:date="2024-08-02T09:30:00Z"><w:r><w:delText xml:space="preserve">'
        "never </w:delText></w:r></w:del><w:r><w:t>began the operation.</w:t></w:r></w:p>"))
    body.insert(2, parse_xml(
        f'<w:p {ns}><w:r><w:t xml:space="preserve">Body text </w:t></w:r><w:r><w:pict><v:shape '
        'xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r><w:t>Sidebar quote</w:t>'
        "</w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r><w:r><w:t>continues.</w:t></w:r></w:p>"))
    path = tmp_path / "tracked.docx"
    d.save(str(path))
    assert read_file(path).text == ("Cover page inside a content control\n\n"
                                    "The army reportedly began the operation.\n\nBody text continues.\n")


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3">
<office:body><office:text>
<text:h text:outline-level="1">Ceasefire talks resume</text:h>
<text:p>Delegations met in Doha on<text:s/> Tuesday.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote.</text:p></text:note-body></text:note></text:p>
<text:list><text:list-item><text:p>First point</text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>City</text:p></table:table-cell><table:table-cell><text:p>Talks</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>Doha</text:p></table:table-cell><table:table-cell><text:p>3</text:p></table:table-cell></table:table-row></table:table>
</office:text></office:body></office:document-content>"""
ODT_META = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0">
<office:meta><dc:title>Doha talks</dc:title><dc:creator>Field office</dc:creator>
<meta:creation-date>2024-08-02T09:30:00</meta:creation-date></office:meta></office:document-meta>"""


def write_odt(path: Path, content: str = ODT_CONTENT, meta: str | None = ODT_META) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        if meta:
            z.writestr("meta.xml", meta, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_an_odt_reads_headings_paragraphs_lists_and_tables_without_footnotes(tmp_path):
    got = read_file(write_odt(tmp_path / "talks.odt"))
    assert got.text == ("Ceasefire talks resume\n\nDelegations met in Doha on  Tuesday.\n\nFirst point\n\n"
                        "City | Talks\n\nDoha | 3\n")
    assert (got.title, got.author, got.published.value) == ("Doha talks", "Field office", "2024-08-02")


# --- bad input: one line, exit 1, the database byte for byte unchanged --------------------------

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def cli_db(tmp_path) -> Path:
    db = tmp_path / "cli.sqlite3"
    with Store(db) as store:
        store.articles.add("Existing", "An article that is already here.\n")
    return db


def _refused(db: Path, path: Path, capsys) -> str:
    before = _sha(db)
    code = main(["--db", str(db), "import", str(path)])
    out, err = capsys.readouterr()
    lines = err.strip("\n").split("\n")
    assert code == 1 and out == "", (code, out, err)
    assert len(lines) == 1 and lines[0].startswith("chronoline: ") and path.name in lines[0], err
    assert _sha(db) == before
    return lines[0]


def _hand_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF written byte by byte with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _form_bomb(levels: int = 10, fan: int = 10) -> bytes:
    """Each form draws the next one `fan` times: fan**levels glyphs from a few hundred bytes."""
    objs = [CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /X 5 0 R >> >> >>", _stream(b"q /X Do Q")]
    for k in range(levels):
        n = 5 + k
        if k == levels - 1:
            body, res = b"BT /F1 12 Tf 72 700 Td (x) Tj ET", b"<< /Font << /F1 %d 0 R >> >>" % (n + 1)
        else:
            body, res = b" ".join([b"q /X Do Q"] * fan), b"<< /XObject << /X %d 0 R >> >>" % (n + 1)
        objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + res + b" "))
    return _hand_pdf([*objs, FONT])


def _slow_pages(n: int, levels: int, stall_at: int | None = None) -> bytes:
    """`n` pages, each with its own line of text and a chain of nested forms `levels` deep (10**levels
    draws, slow to parse); page `stall_at` (1-based) gets a chain 10 deep instead."""
    objs = [CATALOG, b"", FONT]
    kids = []

    def chain(depth: int) -> int:
        first = len(objs) + 1
        for k in range(depth):
            n_ = first + k
            if k == depth - 1:
                body, res = b"BT /F1 1 Tf 0 0 Td (.) Tj ET", b"<< /Font << /F1 3 0 R >> >>"
            else:
                body, res = b" ".join([b"q /X Do Q"] * 10), b"<< /XObject << /X %d 0 R >> >>" % (n_ + 1)
            objs.append(_stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + res + b" "))
        return first

    for page in range(1, n + 1):
        form = chain(10 if page == stall_at else levels)
        label = (chr(97 + page // 26) + chr(97 + page % 26)).encode()
        objs.append(_stream(b"BT /F1 12 Tf 72 700 Td (Report section %s opens here.) Tj ET q /X Do Q" % label))
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> /XObject << /X %d 0 R >> >> >>" % (content, form))
        kids.append(b"%d 0 R" % len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), n)
    return _hand_pdf(objs)


def _many_pages(n: int) -> bytes:
    kids = b" ".join([b"3 0 R"] * n)
    return _hand_pdf([CATALOG, b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                      b"/Resources << /Font << /F1 5 0 R >> >> >>",
                      _stream(b"BT /F1 12 Tf 72 700 Td (Page text) Tj ET"), FONT])


def _deep_nesting(depth: int = 200_000) -> bytes:
    return _hand_pdf([b"<< /Type /Catalog /Pages 2 0 R /Deep 5 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Deep 5 0 R >>",
                      _stream(b"q " * 100_000 + b"[" * depth), b"[" * depth + b"]" * depth])


def _encrypted() -> bytes:
    """Standard security handler with a user password (the /U entry matches no empty password)."""
    return _hand_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                      _stream(b"BT ET"),
                      b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"],
                     b"/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")


def test_a_scanned_pdf_without_text_is_refused(qapp, tmp_path, cli_db, capsys):
    p = write_pdf(tmp_path / "scan.pdf", [[], []], shapes_only=True)
    assert "no text layer" in _refused(cli_db, p, capsys)


def test_an_encrypted_pdf_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "secret.pdf"
    p.write_bytes(_encrypted())
    assert "password" in _refused(cli_db, p, capsys)


def test_a_truncated_pdf_is_refused(report_pdf, tmp_path, cli_db, capsys):
    p = tmp_path / "cut.pdf"
    p.write_bytes(report_pdf.read_bytes()[: report_pdf.stat().st_size // 2])
    assert "cut short" in _refused(cli_db, p, capsys)


@pytest.mark.parametrize("data", [bytes(range(256)) * 40, b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"],
                         ids=["random", "pdf-header-then-noise"])
def test_random_bytes_named_pdf_are_refused(tmp_path, cli_db, capsys, data):
    p = tmp_path / "noise.pdf"
    p.write_bytes(data)
    line = _refused(cli_db, p, capsys)
    assert "not a PDF" in line or "damaged" in line


def test_a_pdf_form_bomb_is_stopped_not_waited_for(tmp_path, cli_db, capsys, monkeypatch):
    monkeypatch.setattr(read_pdf, "SECONDS", 3.0)
    p = tmp_path / "bomb.pdf"
    p.write_bytes(_form_bomb())
    started = datetime.now()
    assert "stopped" in _refused(cli_db, p, capsys)
    assert (datetime.now() - started).total_seconds() < 20


def test_a_stalling_page_after_good_ones_is_named_in_the_refusal(tmp_path, cli_db, capsys, monkeypatch):
    monkeypatch.setattr(read_pdf, "SECONDS", 3.0)
    p = tmp_path / "stall.pdf"
    p.write_bytes(_slow_pages(4, 2, stall_at=3))
    assert "stuck on page 3 for 3 seconds" in _refused(cli_db, p, capsys)


def test_a_long_document_that_keeps_making_progress_is_not_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(read_pdf, "SECONDS", 0.6)  # per page; the whole document takes longer
    p = tmp_path / "long.pdf"
    p.write_bytes(_slow_pages(40, 5))
    started = datetime.now()
    text = read_file(p).text
    assert (datetime.now() - started).total_seconds() > 0.6
    assert "Report section bn opens here." in text and "Report section ab opens here." in text


def test_a_pdf_with_too_many_pages_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "pages.pdf"
    p.write_bytes(_many_pages(read_pdf.MAX_PAGES + 500))
    assert "2,500 pages" in _refused(cli_db, p, capsys)


def test_a_deeply_nested_pdf_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "deep.pdf"
    p.write_bytes(_deep_nesting())
    _refused(cli_db, p, capsys)


def test_a_pdf_with_more_text_than_the_limit_is_refused(tmp_path, cli_db, capsys, monkeypatch):
    monkeypatch.setattr(read_pdf, "MAX_CHARS", 100)
    p = tmp_path / "long.pdf"
    p.write_bytes(_many_pages(40))
    assert "characters of text" in _refused(cli_db, p, capsys)


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "memo.docx"
    p.write_text("This was saved as plain text with a .docx name.\n")
    assert "not a Word (.docx) document" in _refused(cli_db, p, capsys)


def test_a_docx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, cli_db, capsys):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 30_000_000)
    assert p.stat().st_size < 200_000
    assert "zip bomb" in _refused(cli_db, p, capsys)


def test_a_damaged_docx_zip_is_refused(memo_docx, tmp_path, cli_db, capsys):
    p = tmp_path / "half.docx"
    p.write_bytes(memo_docx.read_bytes()[:3000])
    assert "damaged" in _refused(cli_db, p, capsys)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "archive.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("notes.txt", "hello")
    p.write_bytes(buf.getvalue())
    assert "Word" in _refused(cli_db, p, capsys)


@pytest.mark.parametrize("content,expected", [
    ("<office:document-content", "damaged"),
    ('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
     "<office:body><office:spreadsheet/></office:body></office:document-content>", "not a text document"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
     "<text:p>&b;</text:p></office:text></office:body></office:document-content>", "no text"),
])
def test_bad_odt_files_are_refused(tmp_path, cli_db, capsys, content, expected):
    p = write_odt(tmp_path / "bad.odt", content, None)
    assert expected in _refused(cli_db, p, capsys)


def test_an_odt_zip_bomb_is_refused(tmp_path, cli_db, capsys):
    p = tmp_path / "bomb.odt"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", b" " * 30_000_000)
    assert "zip bomb" in _refused(cli_db, p, capsys)


def test_good_documents_import_from_the_command_line(report_pdf, memo_docx, tmp_path, cli_db, capsys):
    odt = write_odt(tmp_path / "talks.odt")
    code = main(["--db", str(cli_db), "import", str(report_pdf), str(memo_docx), str(odt)])
    out, err = capsys.readouterr()
    assert code == 0 and err == "chronoline: 3 articles imported, 0 skipped as already present, 0 refused.\n"
    assert [ln.split("\t")[1] for ln in out.strip().split("\n")] == [
        "Operation in North Waziristan", "Northern operation memo", "Doha talks"]
    with Store(cli_db) as store:
        texts = {a.title: store.articles.get(a.id).text for a in store.articles.all()}
    assert texts["Doha talks"] == read_file(odt).text


def test_refusal_messages_are_chronoline_errors(tmp_path):
    p = tmp_path / "x.pdf"
    p.write_bytes(b"not a pdf")
    with pytest.raises(errors.ImportFailed, match="x.pdf"):
        read_file(p)


# --- the window: File → Import… offers the new types and opens what it imported --------------

def test_file_import_offers_pdf_and_word_and_opens_the_pdf_with_its_metadata(desk, report_pdf, memo_docx,
                                                                             monkeypatch, message_boxes):
    from PySide6.QtWidgets import QFileDialog

    from desktop.dialogs.import_dialog import ImportDialog

    filters, prefilled = [], []

    def choose(_parent, _caption, _start, name_filter):  # noqa: ANN001, ANN202
        filters.append(name_filter)
        return [str(report_pdf)], name_filter  # one file: its details are asked (several go in one batch)

    def accept(dialog) -> int:  # noqa: ANN001
        prefilled.append((dialog.title.text(), dialog.author.text(), dialog.published.text()))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    monkeypatch.setattr(ImportDialog, "exec", accept)
    n = desk.ws.store.articles.count()
    desk.action(Action.IMPORT).trigger()
    articles = filters[0].split(";;")[0]
    assert all(f"*.{ext}" in articles for ext in ("pdf", "docx", "odt", "txt", "html"))
    assert prefilled == [("Operation in North Waziristan", "Ahmad Ali", datetime.now(UTC).date().isoformat())]
    assert desk.ws.store.articles.count() == n + 1 and message_boxes == []
    shown = desk.panes.current.view.toPlainText()
    assert shown.startswith("Security forces launched a new counterterrorism operation")
    assert HEADER[0] not in shown


def test_a_bad_pdf_chosen_in_the_window_shows_one_message_and_adds_nothing(desk, tmp_path, monkeypatch,
                                                                          message_boxes):
    from desktop.window_actions import import_files

    bad = tmp_path / "secret.pdf"
    bad.write_bytes(_encrypted())
    n = desk.ws.store.articles.count()
    assert import_files(desk, [str(bad)]) == []
    assert desk.ws.store.articles.count() == n
    assert len(message_boxes) == 1 and "secret.pdf" in message_boxes[0][1] and "password" in message_boxes[0][1]


@pytest.mark.parametrize("name,data", [("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
                                       ("memo.rtf", b"{\\rtf1\\ansi The army said so.}")])
def test_legacy_word_files_are_refused_with_what_to_save_them_as(tmp_path, cli_db, capsys, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    assert "save it as .docx" in _refused(cli_db, p, capsys)


def test_bad_documents_in_a_real_process_print_one_line_each_and_nothing_else(report_pdf, tmp_path, cli_db):
    import random
    import subprocess
    import sys

    flipped = bytearray(report_pdf.read_bytes())
    rng = random.Random(3)
    for _ in range(300):
        flipped[rng.randrange(200, len(flipped) - 200)] = rng.randrange(256)
    files = {"secret.pdf": _encrypted(), "noise.pdf": bytes(flipped), "deep.pdf": _deep_nesting(),
             "memo.docx": b"PK\x03\x04 not really a zip"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = _sha(cli_db)
    done = subprocess.run([sys.executable, "-m", "db", "--db", str(cli_db), "import",
                           *[str(tmp_path / n) for n in files]],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
    lines = done.stderr.strip("\n").split("\n")
    assert done.returncode == 1 and done.stdout == ""
    assert len(lines) == len(files) + 1, done.stderr  # one line a file, then the summary
    assert all(line.startswith("chronoline: ") and name in line for line, name in zip(lines[:-1], files, strict=True))
    assert lines[-1] == "chronoline: 0 articles imported, 0 skipped as already present, 4 refused."
    assert _sha(cli_db) == before


def _fuzz_settings():  # noqa: ANN202
    from hypothesis import HealthCheck, settings

    return settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def test_mutated_pdfs_import_or_are_refused_with_a_message(report_pdf, tmp_path):
    from hypothesis import given
    from hypothesis import strategies as st

    original = report_pdf.read_bytes()
    outcomes = {"ok": 0, "refused": 0}

    @_fuzz_settings()
    @given(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=40),
           st.one_of(st.just(len(original)), st.integers(len(original) // 3, len(original))))
    def check(flips, cut):
        data = bytearray(original[:cut])
        for pos, value in flips:
            if pos < len(data):
                data[pos] = value
        p = tmp_path / "fuzz.pdf"
        p.write_bytes(bytes(data))
        try:
            got = read_file(p)
        except errors.ImportFailed as exc:
            assert "fuzz.pdf" in str(exc) and "\n" not in str(exc)
            outcomes["refused"] += 1
        else:
            assert got.text.strip()
            outcomes["ok"] += 1

    check()
    print(f"\nfuzz/pdf: {outcomes}")
    assert outcomes["refused"]


def test_mutated_docx_files_import_or_are_refused_with_a_message(memo_docx, tmp_path):
    from hypothesis import given
    from hypothesis import strategies as st

    original = memo_docx.read_bytes()
    outcomes = {"ok": 0, "refused": 0}

    @_fuzz_settings()
    @given(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), min_size=1, max_size=20))
    def check(flips):
        data = bytearray(original)
        for pos, value in flips:
            data[pos] = value
        p = tmp_path / "fuzz.docx"
        p.write_bytes(bytes(data))
        try:
            read_file(p)
            outcomes["ok"] += 1
        except errors.ImportFailed as exc:
            assert "fuzz.docx" in str(exc) and "\n" not in str(exc)
            outcomes["refused"] += 1

    check()
    print(f"\nfuzz/docx: {outcomes}")
    assert outcomes["refused"]


def test_chapter_running_heads_are_dropped_and_a_small_table_reads_row_by_row(qapp, tmp_path):
    pages = []
    for n in range(6):
        head = "Chapter 1: Background" if n < 3 else "Chapter 2: Operations"
        body = [f"Section {n + 1} opens with a sentence about {place}."
                for place in [["Bannu", "Khyber", "Swat", "Tank", "Kurram", "Orakzai"][n]]]
        runs = [(20, 40, head), *column(body)]
        if n == 4:  # figures in narrow columns: one row per line, not one column after another
            for k, (district, ops, arrests) in enumerate([("District", "Operations", "Arrests"),
                                                          ("Bannu", "12", "40"), ("Khyber", "7", "15")]):
                y = 120 + 14 * k
                runs += [(20, y, district), (140, y, ops), (260, y, arrests)]
        pages.append(runs)
    text = read_file(write_pdf(tmp_path / "chapters.pdf", pages, header=False)).text
    assert "Chapter" not in text
    assert "Section 1 opens with a sentence about Bannu." in text
    assert "Section 6 opens with a sentence about Orakzai." in text
    assert "\n\nDistrict Operations Arrests\n\nBannu 12 40\n\nKhyber 7 15\n\n" in text


@pytest.mark.parametrize("tail,expected", [(b"", "older Word 97–2003"),
                                           ("EncryptedPackage".encode("utf-16-le"), "password")])
def test_compound_files_named_docx_are_refused_saying_why(tmp_path, cli_db, capsys, tail, expected):
    p = tmp_path / "memo.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000 + tail + b"\0" * 100)
    assert expected in _refused(cli_db, p, capsys)


def test_pdf_docx_and_odt_import_make_no_network_request(tmp_path, cli_db, capsys):
    import http.server
    import threading

    hits: list[str] = []

    class Counter(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args) -> None:  # noqa: ANN002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        import urllib.request

        assert urllib.request.urlopen(f"{base}/control", timeout=5).status == 200  # the server does count
        assert hits == ["/control"]
        hits.clear()
        uri = base.encode()
        pdf = tmp_path / "links.pdf"
        pdf.write_bytes(_hand_pdf([
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (%s/open) >> "
            b"/Names << /EmbeddedFiles << /Names [(f) << /Type /Filespec /FS /URL /F (%s/embedded) >>] >> >> >>"
            % (uri, uri),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> "
            b"/Annots [<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A << /S /URI /URI (%s/link) >> >> "
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /GoToR /F << /FS /URL /F (%s/remote.pdf) >> "
            b"/D [0 /Fit] >> >>] >>" % (uri, uri),
            _stream(b"BT /F1 12 Tf 72 700 Td (The army said on Monday that the operation began.) Tj ET"), FONT]))
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        d = docx.Document()
        d.add_paragraph("Officials said the strikes targeted hideouts near the border.")
        d.part.relate_to(f"{base}/image.png", RT.IMAGE, is_external=True)
        d.part.relate_to(f"{base}/link", RT.HYPERLINK, is_external=True)
        word = tmp_path / "links.docx"
        d.save(str(word))
        content = ODT_CONTENT.replace('<?xml version="1.0" encoding="UTF-8"?>',
                                      '<?xml version="1.0" encoding="UTF-8"?>'
                                      f'<!DOCTYPE office:document-content SYSTEM "{base}/doctype.dtd">')
        content = content.replace("<text:list>", f'<text:p><draw:image xmlns:draw="urn:oasis:names:tc:'
                                  f'opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" '
                                  f'xlink:href="{base}/image.png"/></text:p><text:list>')
        odt = write_odt(tmp_path / "links.odt", content)
        for p in (pdf, word, odt):
            assert read_file(p).text.strip()
        assert main(["--db", str(cli_db), "import", str(pdf), str(word), str(odt)]) == 0
        capsys.readouterr()
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


# --- turned pages, rotated stamps, right-to-left script ------------------------------------------

def test_a_rotated_margin_stamp_is_left_out_and_the_body_reads_normally(qapp, tmp_path):
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    path = tmp_path / "stamped.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(10)
    painter.setFont(font)
    for k in range(12):
        painter.drawText(60, 60 + 14 * k, f"Line {k} of the report on the northern operation.")
    painter.translate(20, 600)
    painter.rotate(-90)
    painter.drawText(0, 0, "Received 2 August 2024 registry stamp")
    painter.end()
    text = read_file(path).text
    assert "registry stamp" not in text
    assert " ".join(f"Line {k} of the report on the northern operation." for k in range(12)) in text


def test_a_page_turned_by_rotate_reads_in_the_order_it_is_shown(tmp_path):
    lines = b" ".join(b"BT /F1 12 Tf 0 1 -1 0 %d 40 Tm (Turned page line %d.) Tj ET" % (100 + 16 * k, k)
                      for k in range(6))
    p = tmp_path / "turned.pdf"
    p.write_bytes(_hand_pdf([CATALOG, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Contents 4 0 R "
                             b"/Resources << /Font << /F1 5 0 R >> >> >>", _stream(lines), FONT]))
    assert read_file(p).text == " ".join(f"Turned page line {k}." for k in range(6)) + "\n"


def test_urdu_columns_read_right_column_first_and_words_in_order(qapp, tmp_path):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter

    right = ["پاکستان کی فوج پیر کو شمالی وزیرستان میں", "وزیرستان میں آپریشن شروع کی فوج پیر کو"]
    left = ["پشاور میں بازار پیر کو کی فوج شمالی", "بازار کو پیر شمالی وزیرستان میں پشاور"]
    path = tmp_path / "urdu.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(12)
    painter.setFont(font)
    for k, (r, left_line) in enumerate(zip(right, left, strict=True)):  # row by row: content order interleaves
        painter.drawText(QRectF(300, 60 + 18 * k, 250, 18), Qt.AlignmentFlag.AlignRight, r)
        painter.drawText(QRectF(20, 60 + 18 * k, 250, 18), Qt.AlignmentFlag.AlignRight, left_line)
    painter.end()
    text = read_file(path).text
    assert text == " ".join(right) + " " + " ".join(left) + "\n"


def test_a_pdf_reader_that_cannot_start_is_one_clear_refusal(report_pdf, monkeypatch):
    import multiprocessing.context

    def refuse(self):  # noqa: ANN001, ANN202
        raise OSError(11, "Resource temporarily unavailable")

    for name in ("ForkProcess", "SpawnProcess"):
        monkeypatch.setattr(getattr(multiprocessing.context, name), "start", refuse)
    with pytest.raises(errors.ImportFailed, match="report.pdf could not be read: the system refused"):
        read_file(report_pdf)


def test_a_justified_document_laid_out_by_qt_reads_back_paragraph_for_paragraph(qapp, tmp_path):
    """QTextDocument wraps and justifies the text itself, numbers the pages and repeats a clipped
    line beyond a page's edge: the import must give back exactly the paragraphs it was given."""
    import random

    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    rng = random.Random(5)
    vocabulary = ("the army said on monday that the operation began in north waziristan while officials "
                  "reported strikes on hideouts near the border and the minister defended them").split()
    paras = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 90))).capitalize() + "."
             for _ in range(40)]
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 10))
    doc.setHtml("<h1>Operation report</h1>" + "".join(f"<p align=justify>{p}</p>" for p in paras))
    writer = QPdfWriter(str(tmp_path / "laid-out.pdf"))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc.print_(writer)
    got = read_file(tmp_path / "laid-out.pdf")
    assert got.text == "\n\n".join(["Operation report", *paras]) + "\n"
    assert got.title == "Operation report"


def test_headings_and_list_items_laid_out_by_qt_are_paragraphs_of_their_own(qapp, tmp_path):
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument

    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", 10))
    doc.setHtml("<h1>Briefing on the northern operation</h1><p>The army said on Monday that the operation "
                "began in North Waziristan, where officials reported strikes on hideouts near the border.</p>"
                "<h2>Districts affected</h2><ul><li>Bannu district</li><li>Khyber district</li>"
                "<li>North Waziristan</li></ul><p>Officials said the strikes would continue.</p>"
                "<ol><li>First, the talks.</li><li>Second, the ceasefire.</li></ol>")
    writer = QPdfWriter(str(tmp_path / "brief.pdf"))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc.print_(writer)
    assert read_file(tmp_path / "brief.pdf").text.split("\n\n") == [
        "Briefing on the northern operation",
        "The army said on Monday that the operation began in North Waziristan, where officials reported "
        "strikes on hideouts near the border.",
        "Districts affected", "Bannu district", "Khyber district", "North Waziristan",
        "Officials said the strikes would continue.", "1. First, the talks.", "2. Second, the ceasefire.\n"]


def test_dropping_a_word_file_and_a_pdf_on_the_window_imports_both(qtbot, desk, report_pdf, memo_docx,
                                                                   monkeypatch, message_boxes):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    from desktop.dialogs.import_dialog import ImportDialog

    monkeypatch.setattr(ImportDialog, "exec", lambda dialog: (dialog.accept(), dialog.result())[1])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(memo_docx)), QUrl.fromLocalFile(str(report_pdf))])
    enter = QDragEnterEvent(QPoint(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(desk, enter)
    assert enter.isAccepted()
    n = desk.ws.store.articles.count()
    QApplication.sendEvent(desk, QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime,
                                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
    # two files go in one batch (read off the GUI thread), then a summary
    qtbot.waitUntil(lambda: desk.ws.store.articles.count() == n + 2, timeout=20000)
    assert message_boxes == []
    qtbot.waitUntil(lambda: {"Northern operation memo", "Operation in North Waziristan"}
                    <= {row.title for row in desk.library.model.rows}, timeout=5000)
