"""Importing many files and whole folders from the command line: summary, exit codes, nothing half-done."""

from __future__ import annotations

import os
from pathlib import Path

from db import errors
from db.folder_import import IMPORTABLE_SUFFIXES, collect, import_paths
from db.importing import SUFFIXES
from db.store import Store


def make_folder(root: Path) -> dict[str, str]:
    """A folder of news files in sub-folders, one of them broken, plus files a folder import ignores."""
    texts = {
        "a-floods.txt": "Floods in Swat\n\nHeavy rain caused floods in Swat on 3 July 2024.\n",
        "sub/b-budget.md": "# Budget passed\n\nThe assembly passed the budget on Friday.\n",
        "sub/deeper/c-talks.html": "<html><head><title>Talks resume</title></head><body><p>Talks resumed "
                                   "in Doha on Monday.</p></body></html>",
    }
    for rel, text in texts.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    (root / "sub" / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    (root / "notes.docx.tmp").write_text("not an article", encoding="utf-8")  # unknown extension: ignored
    (root / "picture.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("A hidden file\n\nIgnored.\n", encoding="utf-8")
    return texts


def test_the_known_extensions_are_the_readers_own_plus_the_new_formats():
    assert set(SUFFIXES) <= IMPORTABLE_SUFFIXES
    assert {".pdf", ".docx", ".odt", ".mhtml", ".mht"} <= IMPORTABLE_SUFFIXES


def test_a_folder_is_walked_recursively_in_a_stable_order(tmp_path):
    make_folder(tmp_path)
    found, refused = collect([tmp_path])
    names = [c.path.relative_to(tmp_path).as_posix() for c in found]
    assert names == ["a-floods.txt", "sub/b-budget.md", "sub/broken.txt", "sub/deeper/c-talks.html"]
    assert refused == []


def test_cli_imports_a_folder_with_one_bad_file_among_good_ones(run, tmp_path):
    folder = tmp_path / "news"
    texts = make_folder(folder)
    db = tmp_path / "n.sqlite3"
    code, out, err = run("--db", db, "import", folder)
    assert code == 1  # one file was refused
    assert len(out.strip().split("\n")) == 3  # one id<TAB>title line per article
    lines = err.strip().split("\n")
    assert len(lines) == 2, err
    assert lines[0].startswith("chronoline: ") and "broken.txt" in lines[0] and "binary" in lines[0]
    assert lines[1] == "chronoline: 3 articles imported, 0 skipped as already present, 1 refused."
    with Store(db) as s:
        stored = sorted(s.articles.get(a.id).text for a in s.articles.all())
        titles = {a.title for a in s.articles.all()}
    assert len(stored) == 3
    assert texts["a-floods.txt"] in stored and texts["sub/b-budget.md"] in stored
    assert titles == {"Floods in Swat", "Budget passed", "Talks resume"}


def test_cli_reimporting_a_folder_skips_what_is_present_and_exits_0_when_nothing_was_refused(run, tmp_path):
    folder = tmp_path / "news"
    make_folder(folder)
    (folder / "sub" / "broken.txt").unlink()
    db = tmp_path / "n.sqlite3"
    assert run("--db", db, "import", folder)[0] == 0
    (folder / "d-new.txt").write_text("A new report\n\nSomething new happened.\n", encoding="utf-8")
    code, out, err = run("--db", db, "import", folder)
    assert code == 0
    assert out.strip().endswith("\tA new report") and out.count("\n") == 1
    lines = err.strip().split("\n")
    assert len(lines) == 4 and all(ln.startswith("chronoline: skipped ") for ln in lines[:3])
    assert lines[3] == "chronoline: 1 article imported, 3 skipped as already present, 0 refused."
    with Store(db) as s:
        assert s.articles.count() == 4


def test_the_same_text_twice_in_one_folder_is_imported_once(tmp_path):
    (tmp_path / "one.txt").write_text("Same report\n\nSame words.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Same report\n\nSame words.\n", encoding="utf-8")
    with Store(tmp_path / "d.sqlite3") as s:
        summary = import_paths(s, [tmp_path])
        assert s.articles.count() == 1
    assert len(summary.imported) == 1 and len(summary.skipped) == 1 and summary.refused == []


def test_a_file_that_breaks_the_reader_unexpectedly_is_refused_and_the_rest_imported(tmp_path, monkeypatch):
    import db.folder_import as fi

    make_folder(tmp_path)
    real = fi.read_file

    def flaky(path, **kw):  # noqa: ANN001, ANN202
        if Path(path).name == "b-budget.md":
            raise RecursionError("maximum recursion depth exceeded")
        return real(path, **kw)

    monkeypatch.setattr(fi, "read_file", flaky)
    with Store(tmp_path / "d.sqlite3") as s:
        summary = import_paths(s, [tmp_path])
    assert len(summary.imported) == 2 and len(summary.refused) == 2
    reason = dict(summary.refused)[str(tmp_path / "sub" / "b-budget.md")]
    assert "could not be read" in reason and "Traceback" not in reason


def test_a_read_only_database_stops_the_batch_with_one_line_and_stays_untouched(run, tmp_path):
    folder = tmp_path / "news"
    make_folder(folder)
    db = tmp_path / "ro.sqlite3"
    Store(db).close()
    before = db.read_bytes()
    os.chmod(db, 0o444)
    try:
        code, out, err = run("--db", db, "import", folder)
    finally:
        os.chmod(db, 0o644)
    assert code == 1 and out == ""
    assert "read-only" in err.strip().split("\n")[-1] and "Traceback" not in err
    assert db.read_bytes() == before


def test_an_unreadable_sub_folder_is_refused_and_the_rest_imported(run, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    make_folder(folder)
    locked = folder / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("Locked away\n\nText.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - as for a folder without read permission (root ignores chmod)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = run("--db", tmp_path / "d.sqlite3", "import", folder)
    assert code == 1 and out.count("\n") == 3
    line = next(ln for ln in err.split("\n") if "locked" in ln)
    assert "cannot be read (Permission denied)" in line


def test_ctrl_c_stops_after_whole_articles_with_a_summary(run, tmp_path, monkeypatch):
    import db.folder_import as fi

    make_folder(tmp_path / "news")
    real = fi.read_file

    def interrupted(path, **kw):  # noqa: ANN001, ANN202
        if Path(path).name == "broken.txt":
            raise KeyboardInterrupt
        return real(path, **kw)

    monkeypatch.setattr(fi, "read_file", interrupted)
    db = tmp_path / "n.sqlite3"
    code, out, err = run("--db", db, "import", tmp_path / "news")
    assert code == 1 and out.count("\n") == 2
    assert err.strip().endswith("Cancelled after 2 of 4 files; the rest were not imported.")
    with Store(db) as s:
        assert s.articles.count() == 2


def test_a_store_error_is_not_a_bad_file(tmp_path, monkeypatch):
    make_folder(tmp_path)
    with Store(tmp_path / "d.sqlite3") as s:
        def full(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
            raise errors.StoreError("The disk is full.")

        monkeypatch.setattr(s.articles, "add", full)
        summary = import_paths(s, [tmp_path])
    assert summary.stopped == "The disk is full." and summary.imported == []
    assert "Stopped after" in summary.line()


def test_one_title_for_a_whole_folder_is_a_usage_error_and_imports_nothing(run, tmp_path):
    make_folder(tmp_path / "news")
    db = tmp_path / "n.sqlite3"
    code, out, err = run("--db", db, "import", tmp_path / "news", "--title", "Same for all")
    assert code == 2 and out == "" and "--title" in err and err.count("\n") == 1
    assert not db.exists()


def test_source_and_date_given_on_the_command_line_apply_to_every_file_of_a_folder(run, tmp_path):
    make_folder(tmp_path / "news")
    db = tmp_path / "n.sqlite3"
    code, _, _ = run("--db", db, "import", tmp_path / "news", "--source", "Dawn", "--published", "2024-06-24")
    assert code == 1  # the broken file
    with Store(db) as s:
        arts = s.articles.all()
    assert len(arts) == 3 and {a.source for a in arts} == {"Dawn"}
    assert {a.published.label(short=True) for a in arts} == {"24 Jun 2024"}
