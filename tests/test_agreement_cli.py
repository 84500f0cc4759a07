"""`chronoline event add|list` and the events CSV's agreement columns, through `db.cli.main`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


@pytest.fixture
def two_reports(run, cli_db: Path, tmp_path: Path) -> dict[str, str]:
    """Two imported reports of one attack, one annotation each; returns the annotation ids."""
    (tmp_path / "thu.txt").write_text("Militants attacked the convoy last Tuesday, officials said.\n", encoding="utf-8")
    (tmp_path / "tue.txt").write_text("The convoy was attacked on 19 March near the border.\n", encoding="utf-8")
    assert run("import", tmp_path / "thu.txt", "--title", "Thursday wire", "--published", "2024-03-28",
               "--db", cli_db)[0] == 0
    assert run("import", tmp_path / "tue.txt", "--title", "Other report", "--published", "2024-04-02",
               "--db", cli_db)[0] == 0
    code, thu, _ = run("annotate", "Thursday", "--quote", "Militants attacked the convoy last Tuesday", "--db", cli_db)
    assert code == 0
    code, other, _ = run("annotate", "Other", "--quote", "The convoy was attacked on 19 March", "--db", cli_db)
    assert code == 0
    return {"thu": thu.strip(), "other": other.strip()}


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_event_add_list_conflicts_and_export_round_trip(run, cli_db, two_reports, tmp_path):
    thu, other = two_reports["thu"], two_reports["other"]
    code, out, err = run("event", "add", "Convoy attacked", "--date", "26 March 2024", "--source", thu,
                         "--source", other[:8], "--category", "Attack", "--db", cli_db)
    assert (code, err) == (0, "")
    conflicting = out.strip()
    code, out, _ = run("event", "add", "Attack reported", "--date", "March 2024", "--source", thu, "--db", cli_db)
    agreeing = out.strip()

    code, out, _ = run("event", "list", "--db", cli_db)
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and {ln[0] for ln in lines} == {conflicting, agreeing}
    by_id = {ln[0]: ln for ln in lines}
    assert by_id[conflicting][1:4] == ["26 March 2024", "Convoy attacked", "conflict"]
    assert by_id[conflicting][4] == f"{thu}=2024-03-26;{other}=2024-03-19"
    assert by_id[agreeing][1:4] == ["March 2024", "Attack reported", "agree"]

    code, out, _ = run("event", "list", "--conflicts", "--db", cli_db)
    assert [ln.split("\t")[0] for ln in out.splitlines()] == [conflicting]

    assert run("export", "events", tmp_path / "events.csv", "--db", cli_db)[0] == 0
    rows = {r["event_id"]: r for r in _rows(tmp_path / "events.csv")}
    assert list(next(iter(rows.values())))[-2:] == ["source_dates", "agreement"]
    assert rows[conflicting]["agreement"] == "conflict" and rows[conflicting]["category"] == "Attack"
    assert rows[conflicting]["source_dates"] == f"{thu}=2024-03-26;{other}=2024-03-19"
    assert rows[conflicting]["source_annotation_ids"] == f"{thu};{other}"
    assert (rows[agreeing]["agreement"], rows[agreeing]["date_text"]) == ("agree", "March 2024")


def test_event_add_takes_dates_as_the_editor_does(run, cli_db, two_reports):
    code, out, _ = run("event", "add", "Talks", "--date", "between 2009 and 2017", "--db", cli_db)
    assert code == 0
    code, listing, _ = run("event", "list", "--db", cli_db)
    assert f"{out.strip()}\t2009–2017\tTalks\tno sources\t" in listing


@pytest.mark.parametrize(("argv", "needle"), [
    (("--date", "26 Marchh 2024"), "26 Marchh 2024"),
    (("--date", "2024", "--source", "no-such-annotation"), "no annotation has that id"),
])
def test_bad_event_input_fails_with_one_line_and_saves_nothing(run, cli_db, two_reports, argv, needle):
    before = cli_db.read_bytes()
    code, out, err = run("event", "add", "Convoy attacked", *argv, "--db", cli_db)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("chronoline: ") and needle in err
    assert cli_db.read_bytes() == before


def test_event_without_a_subcommand_is_a_usage_error(run, cli_db):
    code, _, err = run("event", "--db", cli_db)
    assert code == 2 and "add|list" in err
