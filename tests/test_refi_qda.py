"""REFI-QDA (.qdpx) export and import: the archive's structure, validity against the published schema
(when ../shared holds it) and our structural check, code-point positions after emoji and Urdu, the
round trip, a project from another program, and bad input."""

from __future__ import annotations

import hashlib
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from db.cli import main
from db.models import PartialDate
from db.refi_qda import NS, export_project
from db.refi_qda_check import check
from db.refi_qda_import import ProjectImportError, import_project
from db.store import Store

Q = f"{{{NS}}}"
SHARED_XSD = Path(__file__).resolve().parents[2] / "shared" / "interop" / "refi-qda" / "Project-mrt2019.xsd"
URDU = "پاکستان کی فوج نے شمالی وزیرستان میں آپریشن شروع کیا۔"
TEXT = f"Live 🚀🛰️ update.\n{URDU}\nThe army said the operation began in North Waziristan on Monday.\n"
JUNE = PartialDate(date(2024, 6, 24), date(2024, 6, 24), "day", "24 June 2024")


def _fill(store: Store) -> dict[str, object]:
    art = store.articles.add("Operation & <begins>", TEXT, source="Wire", author="Staff", url="https://x.test/1",
                            published=JUNE)
    other = store.articles.add("Second", "A second report.\nNothing else.\n")
    start = TEXT.index("army")
    army = store.annotations.add(art.id, start, start + 4, note="who <acts>?\nline two", tags=["Army", "Actors"],
                                author="ayesha")
    urdu = store.annotations.add(art.id, TEXT.index("وزیرستان"), TEXT.index("وزیرستان") + len("وزیرستان"),
                                tags=["Place"], author="bilal")
    plain = store.annotations.add(other.id, 2, 8)
    store.tags.recolor(store.tags.by_name("Army").id, "#AA0000")
    return {"art": art, "other": other, "army": army, "urdu": urdu, "plain": plain}


def _qde(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde")), zf.namelist(), zf


# --- export ------------------------------------------------------------------------------------

def test_the_archive_holds_project_qde_and_each_text_under_sources(memory_store, tmp_path):
    made = _fill(memory_store)
    out = tmp_path / "p.qdpx"
    counts = export_project(memory_store, out)
    assert (counts.articles, counts.annotations, counts.tags) == (2, 3, 3)
    root, names, _ = _qde(out)
    assert root.tag == f"{Q}Project" and "project.qde" in names
    art = made["art"]
    with zipfile.ZipFile(out) as zf:
        assert zf.read(f"sources/{art.id}.txt") == TEXT.encode("utf-8")
    [src] = [s for s in root.iter(f"{Q}TextSource") if s.get("guid") == art.id]
    assert src.get("name") == "Operation & <begins>" and src.get("plainTextPath") == f"internal://{art.id}.txt"
    codes = {c.get("name"): c.get("color") for c in root.iter(f"{Q}Code")}
    assert codes == {"Army": "#AA0000", "Actors": "#56B4E9", "Place": "#009E73"}
    assert {u.get("name") for u in root.iter(f"{Q}User")} == {"ayesha", "bilal", memory_store.annotations.get(
        made["plain"].id).author}


def test_selections_carry_codings_notes_and_users(memory_store, tmp_path):
    made = _fill(memory_store)
    export_project(memory_store, tmp_path / "p.qdpx")
    root, *_ = _qde(tmp_path / "p.qdpx")
    army = made["army"]
    [sel] = [s for s in root.iter(f"{Q}PlainTextSelection") if s.get("guid") == army.id]
    code_names = {c.get("guid"): c.get("name") for c in root.iter(f"{Q}Code")}
    assert [code_names[c.find(f"{Q}CodeRef").get("targetGUID")] for c in sel.findall(f"{Q}Coding")] == ["Army", "Actors"]
    notes = {n.get("guid"): n.findtext(f"{Q}PlainTextContent") for n in root.iter(f"{Q}Note")}
    assert notes[sel.find(f"{Q}NoteRef").get("targetGUID")] == "who <acts>?\nline two"
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{Q}User")}
    assert users[sel.get("creatingUser")] == "ayesha"
    assert sel.get("creationDateTime") == army.created


def test_positions_are_code_points_of_the_source_text_after_emoji_and_urdu(memory_store, tmp_path):
    made = _fill(memory_store)
    export_project(memory_store, tmp_path / "p.qdpx")
    root, _, _ = _qde(tmp_path / "p.qdpx")
    with zipfile.ZipFile(tmp_path / "p.qdpx") as zf:
        source = zf.read(f"sources/{made['art'].id}.txt").decode("utf-8")
    sels = {s.get("guid"): s for s in root.iter(f"{Q}PlainTextSelection")}
    for key, quote in (("army", "army"), ("urdu", "وزیرستان")):
        sel = sels[made[key].id]
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert source[start:end] == quote  # code points, end exclusive
    utf16_start = len(TEXT[:TEXT.index("army")].encode("utf-16-le")) // 2
    assert int(sels[made["army"].id].get("startPosition")) == TEXT.index("army") < utf16_start


def test_project_qde_validates_against_the_refi_schema_in_shared(memory_store, tmp_path):
    if not SHARED_XSD.is_file():
        pytest.skip(f"validation against the published schema needs {SHARED_XSD} (the shared interop folder)")
    _fill(memory_store)
    memory_store.annotations.add(memory_store.articles.all()[0].id, 0, 3, note="control \x01 character")
    export_project(memory_store, tmp_path / "p.qdpx")
    root, *_ = _qde(tmp_path / "p.qdpx")
    schema = etree.XMLSchema(etree.parse(str(SHARED_XSD)))
    assert schema.validate(root), schema.error_log


def test_a_project_we_export_passes_our_structural_check(memory_store, tmp_path):
    _fill(memory_store)
    memory_store.annotations.add(memory_store.articles.all()[0].id, 0, 3, note="control \x01 character")
    export_project(memory_store, tmp_path / "p.qdpx")
    root, *_ = _qde(tmp_path / "p.qdpx")
    assert check(root) is None


# --- round trip --------------------------------------------------------------------------------

def test_export_then_import_into_an_empty_database_gives_the_same_project(memory_store, tmp_path):
    _fill(memory_store)
    export_project(memory_store, tmp_path / "p.qdpx")
    twin = Store(":memory:")
    res = import_project(twin, tmp_path / "p.qdpx")
    assert (res.articles, res.annotations, res.tags, res.reused, res.skipped) == (2, 3, 3, 0, 0)
    for summary in memory_store.articles.all():
        a, b = memory_store.articles.get(summary.id), twin.articles.get(summary.id)
        assert (b.title, b.text, b.source, b.author, b.url) == (a.title, a.text, a.source, a.author, a.url)
        if a.published:  # the date travels as its ISO value; the words it was typed in do not
            assert (b.published.start, b.published.end, b.published.precision, b.published.estimate) == (
                a.published.start, a.published.end, a.published.precision, a.published.estimate)
        else:
            assert b.published is None
    keys = ("id", "article_id", "start", "end", "exact", "prefix", "suffix", "note", "tags", "author", "created",
            "modified", "color")
    assert [[getattr(x, k) for k in keys] for x in twin.annotations.all()] == \
           [[getattr(x, k) for k in keys] for x in memory_store.annotations.all()]
    assert twin.tags.all() == memory_store.tags.all()  # same ids, names and colours


def test_importing_into_the_database_it_came_from_adds_nothing(memory_store, tmp_path):
    _fill(memory_store)
    export_project(memory_store, tmp_path / "p.qdpx")
    res = import_project(memory_store, tmp_path / "p.qdpx")
    assert (res.articles, res.reused, res.annotations, res.skipped, res.tags) == (0, 2, 0, 3, 0)
    assert memory_store.annotations.count() == 3


# --- a project written by another program ---------------------------------------------------------

FOREIGN = """<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Interviews" origin="Other QDA 2.0">
 <Users><User guid="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}" name="Researcher"/></Users>
 <CodeBook><Codes>
  <Code guid="{5215CC69-B628-4E02-AFB9-9BEEAEE55808}" name="Topics" isCodable="false">
   <Code guid="{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}" name="Economy; jobs" isCodable="true" color="#ff0"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="{69A4332D-5B31-4915-B520-000000000001}" name="Anna.docx"
     plainTextPath="internal://01106019-2518-43DD-BBD1-8F0252BACB30.txt">
   <PlainTextSelection guid="{4191294A-E287-4510-A1B2-000000000002}" name="jobs" startPosition="{start}"
      endPosition="{end}" creatingUser="{AD68FBE7-E1EE-4A82-A279-23CC698C89EB}" creationDateTime="2018-03-27T19:29:27Z">
    <Description>A memo</Description>
    <Coding guid="{4191294A-E287-4510-A1B2-000000000003}">
     <CodeRef targetGUID="{D7AA29DA-519B-4946-9B90-253B6DB8FD0A}"/></Coding>
    <NoteRef targetGUID="{4191294A-E287-4510-A1B2-000000000004}"/>
   </PlainTextSelection>
  </TextSource>
  <TextSource guid="{69A4332D-5B31-4915-B520-000000000005}" name="Inline">
   <PlainTextContent>Inline text only.</PlainTextContent>
  </TextSource>
  <PictureSource guid="{69A4332D-5B31-4915-B520-000000000006}" name="photo" path="internal://x.jpg"/>
 </Sources>
 <Notes><Note guid="{4191294A-E287-4510-A1B2-000000000004}" name="n">
  <PlainTextContent>Note text</PlainTextContent></Note></Notes>
</Project>
"""
FOREIGN_TEXT = "Line one 🚀\r\nShe talked about jobs and taxes.\r\n"


def _foreign(tmp_path: Path, *, qde: str | None = None, members: dict[str, bytes] | None = None,
             start: int | None = None, end: int | None = None) -> Path:
    s = FOREIGN_TEXT.index("jobs") if start is None else start
    e = s + 4 if end is None else end
    xml = qde if qde is not None else FOREIGN.replace("{start}", str(s)).replace("{end}", str(e))
    path = tmp_path / "foreign.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        if xml:
            zf.writestr("Project.qde", xml.encode("utf-8"))
        for name, data in (members if members is not None else {
                "Sources/01106019-2518-43DD-BBD1-8F0252BACB30.TXT": FOREIGN_TEXT.encode("utf-8")}).items():
            zf.writestr(name, data)
    return path


def test_a_project_from_another_program_imports_with_crlf_braces_and_nesting(memory_store, tmp_path):
    res = import_project(memory_store, _foreign(tmp_path))
    assert (res.articles, res.annotations, res.tags, res.other_sources) == (2, 1, 1, 1)
    [ann] = memory_store.annotations.all()
    assert ann.id == "4191294a-e287-4510-a1b2-000000000002"
    assert ann.exact == "jobs"  # the \r of each \r\n is gone from the text, and the offsets moved with it
    assert ann.note == "A memo\n\nNote text" and ann.author == "Researcher" and ann.created == "2018-03-27T19:29:27Z"
    assert ann.tags == ("Economy, jobs",)
    assert memory_store.tags.by_name("Economy, jobs").color == "#FFFF00"
    texts = {memory_store.articles.get(a.id).title: memory_store.articles.get(a.id).text for a in memory_store.articles.all()}
    assert texts == {"Anna.docx": FOREIGN_TEXT.replace("\r\n", "\n"), "Inline": "Inline text only."}


# --- bad input: one line, exit 1, the database untouched ---------------------------------------------

def _not_zip(tmp_path):
    (tmp_path / "x.qdpx").write_bytes(b"PK? not really a zip")
    return tmp_path / "x.qdpx"


def _broken(old: str, new: str):
    """A maker of the foreign project with `old` replaced by `new` in its project.qde."""
    def make(tmp_path: Path) -> Path:
        qde = FOREIGN.replace("{start}", "12").replace("{end}", "16")
        assert old in qde
        return _foreign(tmp_path, qde=qde.replace(old, new))
    return make


BAD = {
    "not a zip": (_not_zip, "not a REFI-QDA project: a .qdpx is a zip archive"),
    "no project.qde": (lambda t: _foreign(t, qde=""), "holds no project.qde"),
    "not xml": (lambda t: _foreign(t, qde="<Project"), "not well-formed XML"),
    "wrong root": (_broken("Project", "Projekt"), "not a REFI-QDA project (its root element is <Projekt>"),
    "wrong namespace": (_broken("urn:QDA-XML:project:1.0", "urn:example:other"), "not in the QDA-XML namespace"),
    "bad guid": (_broken("A1B2-000000000002}", "A1B2-00000000000Z}"), "is not a GUID"),
    "missing code": (_broken('CodeRef targetGUID="{D7AA', 'CodeRef targetGUID="{D7AB'), "which the project does "
                     "not define"),
    "unknown element": (_broken("<Description>A memo", "<Script/><Description>A memo"), "<PlainTextSelection> "
                        "holds a <Script>"),
    "bad date": (_broken("2018-03-27T19:29:27Z", "yesterday"), "is not a date and time"),
    "missing source": (lambda t: _foreign(t, members={}), "which the archive does not hold"),
    "selection past the end": (lambda t: _foreign(t, start=10, end=500), "outside the text of “Anna.docx”"),
    "negative position": (lambda t: _foreign(t, start=-3, end=2), "startPosition of the selection"),
    "empty selection": (lambda t: _foreign(t, start=5, end=5), "outside the text"),
    "source not utf-8": (lambda t: _foreign(t, members={
        "sources/01106019-2518-43DD-BBD1-8F0252BACB30.txt": "café".encode("latin-1")}), "not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_projects_fail_with_one_line_and_leave_the_database_byte_for_byte(case, tmp_path, capsys):
    make, expected = BAD[case]
    db = tmp_path / "db.sqlite3"
    with Store(db) as s:
        _fill(s)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    path = make(tmp_path)
    capsys.readouterr()
    assert main(["--db", str(db), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err
    if "REFI-QDA project (" in expected or "position" in case:
        assert err.rstrip().endswith("); nothing was imported.")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_failure_while_writing_rolls_everything_back(memory_store, tmp_path, monkeypatch):
    _fill(memory_store)
    export_project(memory_store, tmp_path / "p.qdpx")
    twin = Store(":memory:")

    def broken(rows):
        raise ProjectImportError("disk trouble")

    monkeypatch.setattr(twin.annotations, "add_many", broken)
    with pytest.raises(ProjectImportError):
        import_project(twin, tmp_path / "p.qdpx")
    assert twin.articles.all() == [] and twin.tags.all() == []


def test_the_cli_exports_and_imports_a_project(tmp_path, capsys):
    src, dst = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    with Store(src) as s:
        _fill(s)
    assert main(["--db", str(src), "export", "project", str(tmp_path / "p.qdpx")]) == 0
    assert "2 articles, 3 annotations and 3 tags written" in capsys.readouterr().err
    assert main(["--db", str(dst), "import", str(tmp_path / "p.qdpx")]) == 0
    assert "3 annotations" in capsys.readouterr().err
    with Store(dst) as s:
        assert s.annotations.count() == 3
    assert main(["--db", str(src), "export", "annotations", str(tmp_path / "p2.qdpx")]) == 1
    assert main(["--db", str(src), "export", "project", str(tmp_path / "p.csv")]) == 1


# --- property: any text, any selections ------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), min_size=5, max_size=80)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT, spans=st.lists(st.tuples(st.integers(0, 79), st.integers(1, 20)), min_size=1, max_size=5),
       note=st.text(max_size=30), tag=st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8))
def test_any_text_and_selections_survive_the_round_trip(tmp_path_factory, text, spans, note, tag):
    src = Store(":memory:")
    art = src.articles.add("T", text)
    for start, length in spans:
        start = min(start, len(text) - 1)
        src.annotations.add(art.id, start, min(len(text), start + length), note=note, tags=[tag])
    out = tmp_path_factory.mktemp("q") / "p.qdpx"
    export_project(src, out)
    twin = Store(":memory:")
    import_project(twin, out)
    keys = ("id", "start", "end", "exact", "note", "tags")
    assert [[getattr(a, k) for k in keys] for a in twin.annotations.all()] == \
           [[getattr(a, k) for k in keys] for a in src.annotations.all()]
    assert twin.articles.get(art.id).text == text
