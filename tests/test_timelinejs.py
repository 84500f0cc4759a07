"""TimelineJS export: every text a user or an article wrote reaches the page escaped."""

from __future__ import annotations

import json
from datetime import date

import pytest

from db.models import PartialDate
from db.timelinejs import export_timelinejs
from tests.conftest import SAMPLE_TEXT

DAY = PartialDate(date(2024, 6, 22), date(2024, 6, 22), "day", "22 June 2024")


@pytest.mark.parametrize("hostile", ["<img src=x onerror=alert(1)>", "<script>alert('x')</script>"])
def test_descriptions_headlines_and_quotes_are_escaped(memory_store, tmp_path, hostile):
    art = memory_store.articles.add("A", SAMPLE_TEXT.replace("army", hostile))
    start = SAMPLE_TEXT.index("army")
    ann = memory_store.annotations.add(art.id, start, start + len(hostile))
    memory_store.events.add(f"Headline {hostile}", DAY, description=f"Note {hostile}", category=f"Cat {hostile}",
                           source_ids=[ann.id])
    out = tmp_path / "t.json"
    assert export_timelinejs(memory_store, out) == 1
    raw = out.read_text(encoding="utf-8")
    assert "<img" not in raw and "<script" not in raw
    [slide] = json.loads(raw)["events"]
    assert slide["text"]["text"].startswith("Note &lt;")
    assert slide["text"]["headline"].startswith("Headline &lt;")
    assert "&lt;" in slide["group"]
    assert "<blockquote>&lt;" in slide["text"]["text"]  # the quote is escaped, our own markup is not


def test_plain_text_reads_the_same_after_escaping(memory_store, tmp_path):
    memory_store.events.add("Talks & truce", DAY, description="Both sides said \"yes\"")
    export_timelinejs(memory_store, tmp_path / "t.json")
    [slide] = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["events"]
    assert slide["text"]["headline"] == "Talks &amp; truce"
    assert slide["text"]["text"] == "Both sides said &quot;yes&quot;"
