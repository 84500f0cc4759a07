"""Seed a new database with the sample corpus, so a first run shows real articles at once."""

from __future__ import annotations

import json
from datetime import date

from db import errors
from db.models import PartialDate
from db.resources import resource_path


def sample_corpus() -> list[dict]:
    """The sample corpus metadata (corpus.json), each entry with its text read as Python reads it."""
    folder = resource_path("corpus")
    meta = json.loads((folder / "corpus.json").read_text(encoding="utf-8"))
    out = []
    for entry in meta["articles"]:
        text = (folder / entry["file"]).read_text(encoding="utf-8")
        out.append({**entry, "text": text})
    return out


def seed_sample_corpus(store) -> int:
    """Import every sample article not already present; returns how many were added."""
    added = 0
    for entry in sample_corpus():
        d = date.fromisoformat(entry["published"])
        published = PartialDate(d, d, "day", entry["published"], bool(entry.get("published_is_estimate")))
        try:
            store.articles.add(entry["title"], entry["text"], author=entry.get("author") or "",
                              source="Sample corpus", published=published, filename=entry["file"])
            added += 1
        except errors.DuplicateArticle:
            continue
    return added
