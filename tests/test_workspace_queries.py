"""The Workspace as the desk's one door, without any widget: queries give frozen records, writes say what changed."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from db import errors
from db.changes import Changes
from db.export import export_annotations
from db.folder_import import ImportSummary, collect, read_candidate


def _record(ws) -> list[Changes]:  # noqa: ANN001
    seen: list[Changes] = []
    ws.changed.connect(seen.append)
    return seen


def test_queries_return_the_frozen_records_of_the_database(workspace):
    art = workspace.articles()[0]
    ann = workspace.add_annotation(art.id, 0, 9, note="lead", tags=["Place"])
    full = workspace.article(art.id)
    assert workspace.events_by_id([]) == []
    assert full.id == art.id and full.title == art.title
    assert workspace.annotation(ann.id) == ann
    assert [t.name for t in workspace.tags()] == ["Place"]
    assert [(u.tag.name, u.count) for u in workspace.tag_usage()] == [("Place", 1)]
    assert [t.name for t in workspace.recent_tags(9)] == ["Place"]
    assert workspace.counts() == (len(workspace.articles()), 1, 0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        full.title = "changed"  # type: ignore[misc]
    with pytest.raises(errors.NotFound):
        workspace.event_by_id("no-such-event")


def test_adding_an_article_stores_it_and_names_it_in_the_change(workspace):
    seen = _record(workspace)
    before = workspace.counts()[0]
    art = workspace.add_article("Fresh report", "A text no sample article has.", source="Wire")
    assert art is not None and workspace.article(art.id).source == "Wire"
    assert workspace.counts()[0] == before + 1
    assert seen == [Changes(articles_added={art.id})]


def test_a_duplicate_article_is_refused_in_one_sentence_and_nothing_changes(workspace):
    workspace.add_article("Fresh report", "A text no sample article has.")
    seen = _record(workspace)
    problems: list[str] = []
    workspace.errorOccurred.connect(problems.append)
    before = workspace.counts()
    assert workspace.add_article("Again", "A text no sample article has.") is None
    assert workspace.counts() == before
    assert seen == []
    assert len(problems) == 1 and "already in the database" in problems[0]


def test_a_batch_is_announced_once(workspace, tmp_path: Path):
    for i in range(3):
        (tmp_path / f"note{i}.txt").write_text(f"Report number {i}: the bridge reopened on 3 May 2024.", encoding="utf-8")
    candidates, refused = collect([tmp_path])
    summary = ImportSummary(total=len(candidates))
    seen = _record(workspace)
    ids = [workspace.record_import(summary, c, read_candidate(c)).id for c in candidates]
    assert seen == []  # stored one by one, announced as a batch
    workspace.articles_added(ids)
    assert refused == [] and len(summary.imported) == 3
    assert seen == [Changes(articles_added=ids)]


def test_an_importer_that_fails_writes_nothing_and_says_why(workspace, tmp_path: Path):
    seen = _record(workspace)
    problems: list[str] = []
    workspace.errorOccurred.connect(problems.append)

    def broken(_store, path):  # noqa: ANN001, ANN202
        raise errors.ChronolineError(f"{Path(path).name} is not a project file.")

    assert workspace.import_from(broken, str(tmp_path / "x.qdpx")) is None
    assert problems == ["x.qdpx is not a project file."] and seen == []
    assert workspace.import_from(lambda store, _path: store.articles.count(), "unused") == workspace.counts()[0]
    assert seen == [Changes.all()]  # a successful import reloads every view


def test_an_exporter_reads_this_database(workspace, tmp_path: Path):
    art = workspace.articles()[0]
    workspace.add_annotation(art.id, 0, 9, note="lead")
    path = tmp_path / "a.csv"
    assert workspace.export_to(export_annotations, str(path)) == 1
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and "lead" in rows[0].values()
