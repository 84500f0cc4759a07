"""The command line through `db.cli.main(argv)`: exit codes 0/1/2 and one-line messages."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from db.store import Store

ROOT = Path(__file__).resolve().parents[1]
REPORT = "Army begins operation\n\nThe army said on Monday that the operation began. The army said more.\n"



@pytest.fixture
def report(tmp_path) -> Path:
    p = tmp_path / "report.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def _one_line(err: str, prefix: str = "chronoline: ") -> str:
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, err
    assert lines[0].startswith(prefix)
    return lines[0]


def test_list_on_a_new_database_shows_no_articles(run, cli_db, report):
    code, out, err = run("--db", cli_db, "list")
    assert code == 0 and err == "" and out == ""
    run("--db", cli_db, "import", report)
    code, out, err = run("--db", cli_db, "list")
    first = out.strip().split("\t")
    assert len(first) == 4 and first[1] == "Army begins operation" and first[3] == "0"


def test_db_can_follow_the_command_too(run, cli_db):
    assert run("list", "--db", cli_db)[0] == 0


def test_db_before_the_command_wins_over_chronoline_db(run, cli_db, tmp_path, monkeypatch, report):
    monkeypatch.setenv("CHRONOLINE_DB", str(tmp_path / "elsewhere.sqlite3"))
    assert run("--db", cli_db, "import", report)[0] == 0
    assert cli_db.exists() and not (tmp_path / "elsewhere.sqlite3").exists()
    with Store(cli_db) as s:
        assert s.articles.count() == 1


def test_the_database_comes_from_chronoline_db_when_no_db_is_given(run, tmp_path, monkeypatch):
    monkeypatch.setenv("CHRONOLINE_DB", str(tmp_path / "env.sqlite3"))
    assert run("list")[0] == 0
    assert (tmp_path / "env.sqlite3").exists()


def test_import_prints_the_new_id_and_title_and_list_counts_annotations(run, cli_db, report):
    code, out, err = run("--db", cli_db, "import", report, "--source", "Wire", "--author", "A. Writer")
    assert code == 0, err
    art_id, title = out.strip().split("\t")
    assert title == "Army begins operation"
    code, out, _ = run("--db", cli_db, "annotate", art_id, "--quote", "operation began", "--note", "n",
                       "--tag", "Army", "--tag", "Start")
    assert code == 0
    ann_id = out.strip()
    with Store(cli_db) as s:
        ann = s.annotations.get(ann_id)
        assert ann.exact == "operation began" and ann.tags == ("Army", "Start")
        assert s.articles.get(art_id).source == "Wire"
    _, out, _ = run("--db", cli_db, "list")
    row = next(ln for ln in out.splitlines() if ln.startswith(art_id)).split("\t")
    assert row[3] == "1"


def test_import_overrides_the_title(run, cli_db, report):
    code, out, _ = run("--db", cli_db, "import", report, "--title", "My own title")
    assert code == 0 and out.strip().endswith("\tMy own title")


def test_import_with_a_publication_date(run, cli_db, report):
    code, out, err = run("--db", cli_db, "import", report, "--published", "2024-06-24")
    assert code == 0, err
    _, listing, _ = run("--db", cli_db, "list")
    assert "24 Jun 2024" in next(ln for ln in listing.splitlines() if "Army begins" in ln)
    code, _, err = run("--db", cli_db, "import", report, "--published", "not a date at all")
    assert code == 1
    _one_line(err)


def test_reimporting_the_same_file_is_skipped_naming_the_article(run, cli_db, report):
    run("--db", cli_db, "import", report)
    code, out, err = run("--db", cli_db, "import", report)
    assert code == 0 and out == ""  # skipped as already present is no failure
    line = _one_line(err)
    assert line.startswith("chronoline: skipped ") and "Army begins operation" in line


@pytest.mark.parametrize("content,expected", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 20, "binary"),
])
def test_importing_bad_files_fails_with_one_line(run, cli_db, tmp_path, content, expected):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    code, _, err = run("--db", cli_db, "import", p)
    assert code == 1 and expected in _one_line(err)


def test_importing_a_missing_path_or_an_empty_folder_fails_with_one_line_each(run, cli_db, tmp_path, report):
    (tmp_path / "empty").mkdir()
    code, out, err = run("--db", cli_db, "import", tmp_path / "missing.txt", tmp_path / "empty", report)
    assert code == 1
    lines = err.strip().split("\n")
    assert len(lines) == 3 and "does not exist" in lines[1] and "folder" in lines[0]
    assert lines[2] == "chronoline: 1 article imported, 0 skipped as already present, 2 refused."
    assert out.count("\n") == 1  # the good file was still imported


def test_annotate_by_title_prefix_and_occurrence(run, cli_db, report):
    run("--db", cli_db, "import", report)
    code, _, err = run("--db", cli_db, "annotate", "army begins", "--quote", "The army said")
    assert code == 1 and "2 times" in _one_line(err) and "--occurrence" in err
    code, out, _ = run("--db", cli_db, "annotate", "army begins", "--quote", "The army said", "--occurrence", "2")
    assert code == 0
    with Store(cli_db) as s:
        ann = s.annotations.get(out.strip())
        assert ann.start == REPORT.index("The army said more")


def test_annotate_with_a_quote_that_does_not_occur_fails(run, cli_db, report):
    run("--db", cli_db, "import", report)
    code, _, err = run("--db", cli_db, "annotate", "Army begins", "--quote", "not in the text")
    assert code == 1 and "does not occur" in _one_line(err)


def test_annotate_with_an_occurrence_out_of_range_fails(run, cli_db, report):
    run("--db", cli_db, "import", report)
    code, _, err = run("--db", cli_db, "annotate", "Army begins", "--quote", "army", "--occurrence", "5")
    assert code == 1 and "out of range" in _one_line(err)


def test_annotate_an_unknown_or_ambiguous_article_fails(run, cli_db):
    code, _, err = run("--db", cli_db, "annotate", "No such article", "--quote", "x")
    assert code == 1 and "No article matches" in _one_line(err)
    code, _, err = run("--db", cli_db, "annotate", "Pakistan", "--quote", "x")
    assert code == 1 and "matches" in _one_line(err)


def test_annotate_an_urdu_quote_after_emoji_keeps_code_point_offsets(run, cli_db, tmp_path):
    text = "🇵🇰😀 خبر\n\nپاکستان کی فوج نے کہا کہ آپریشن شروع ہو گیا۔\n"
    p = tmp_path / "ur.txt"
    p.write_text(text, encoding="utf-8")
    _, out, _ = run("--db", cli_db, "import", p)
    art_id = out.split("\t")[0]
    code, out, _ = run("--db", cli_db, "annotate", art_id, "--quote", "آپریشن شروع")
    assert code == 0
    with Store(cli_db) as s:
        ann = s.annotations.get(out.strip())
        assert text[ann.start:ann.end] == ann.exact == "آپریشن شروع"


def test_export_and_import_annotations_round_trip(run, cli_db, report, tmp_path):
    _, out, _ = run("--db", cli_db, "import", report)
    art_id = out.split("\t")[0]
    _, ann_id, _ = run("--db", cli_db, "annotate", art_id, "--quote", "Monday", "--note", "=1+1")
    csv_path = tmp_path / "out.csv"
    code, _, err = run("--db", cli_db, "export", "annotations", csv_path)
    assert code == 0 and "1 annotation written" in _one_line(err, "")
    with open(csv_path, encoding="utf-8", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["note"] == "'=1+1" and row["annotation_id"] == ann_id.strip()
    code, _, _ = run("--db", cli_db, "export", "annotations", tmp_path / "xl.csv", "--excel")
    assert code == 0 and (tmp_path / "xl.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, _ = run("--db", cli_db, "export", "events", tmp_path / "ev.csv")
    assert code == 0 and (tmp_path / "ev.csv").read_text(encoding="utf-8").startswith("event_id,")
    # a second database with the same article gets the same annotation back
    other = tmp_path / "other.sqlite3"
    run("--db", other, "import", report)
    code, _, err = run("--db", other, "import-annotations", csv_path)
    assert code == 0 and "1 annotation imported" in _one_line(err, "")
    with Store(other) as s:
        assert s.annotations.get(ann_id.strip()).note == "=1+1"


def test_import_annotations_of_a_bad_file_fails_with_one_line(run, cli_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("annotation_id,quote\nx,y\n", encoding="utf-8")
    code, _, err = run("--db", cli_db, "import-annotations", bad)
    assert code == 1 and "missing the column" in _one_line(err)
    code, _, err = run("--db", cli_db, "import-annotations", tmp_path / "nope.csv")
    assert code == 1
    _one_line(err)


def test_export_to_a_folder_fails_with_one_line(run, cli_db, tmp_path):
    code, _, err = run("--db", cli_db, "export", "annotations", tmp_path)
    assert code == 1 and "folder" in _one_line(err)


@pytest.mark.parametrize("argv", [
    [], ["frobnicate"], ["annotate", "x"], ["export", "things", "f.csv"], ["import"],
    ["annotate", "x", "--quote", "y", "--occurrence", "two"],
])
def test_bad_usage_exits_2_with_one_line(run, cli_db, argv):
    code, out, err = run("--db", cli_db, *argv)
    assert code == 2 and out == ""
    _one_line(err)


def test_help_exits_0(run):
    code, out, _ = run("--help")
    assert code == 0 and "import-annotations" in out


def test_db_at_a_file_that_is_not_sqlite_is_refused_and_untouched(run, tmp_path):
    p = tmp_path / "notes.txt"
    p.write_bytes(b"my notes, not a database\n" * 50)
    before = p.read_bytes()
    for argv in (["list"], ["annotate", "x", "--quote", "y"]):
        code, _, err = run("--db", p, *argv)
        assert code == 1 and "not an SQLite database" in _one_line(err)
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["notes.txt"]


def test_db_at_a_folder_is_refused(run, tmp_path):
    code, _, err = run("--db", tmp_path, "list")
    assert code == 1 and "folder" in _one_line(err)


def test_db_from_a_newer_chronoline_is_refused_with_versions(run, cli_db):
    import sqlite3

    Store(cli_db).close()
    with sqlite3.connect(cli_db) as c:
        c.execute("PRAGMA user_version = 9")
    code, _, err = run("--db", cli_db, "list")
    assert code == 1 and "newer Chronoline" in _one_line(err) and "schema 9" in err


def test_a_read_only_database_lists_but_refuses_annotating(run, cli_db, report):
    run("--db", cli_db, "import", report)
    os.chmod(cli_db, 0o444)
    try:
        code, out, _ = run("--db", cli_db, "list")
        assert code == 0 and "Army begins operation" in out
        code, _, err = run("--db", cli_db, "annotate", "Army begins", "--quote", "Monday")
        assert code == 1 and "read-only" in _one_line(err)
    finally:
        os.chmod(cli_db, 0o644)


def test_python_m_db_list_runs_as_a_real_process(cli_db, report):
    with Store(cli_db) as s:
        s.articles.add("Army begins operation", REPORT)
    env = {**os.environ, "CHRONOLINE_DB": str(cli_db)}
    proc = subprocess.run([sys.executable, "-m", "db", "list"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.strip().split("\n")) == 1
    bad = subprocess.run([sys.executable, "-m", "db", "--db", str(cli_db), "nonsense"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
