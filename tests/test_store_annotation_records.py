"""store.annotations.of builds its records fast; they must be the same records store.annotations.get builds."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, asdict, replace

import pytest

from db.models import Annotation
from db.store import Store


def test_bulk_read_records_equal_single_reads_and_behave_as_dataclasses():
    store = Store(":memory:", seed=True)
    art = store.articles.all()[0]
    for start, end in ((40, 90), (40, 60), (10, 20), (40, 75)):
        store.annotations.add(art.id, start, end, note=f"n{start}-{end}", tags=["Attack"] if end == 60 else ())
    bulk = store.annotations.of([art.id])
    assert [(a.start, a.end) for a in bulk] == [(10, 20), (40, 60), (40, 75), (40, 90)]  # text order, ties by end
    for a in bulk:
        one = store.annotations.get(a.id)
        assert isinstance(a, Annotation)
        assert a == one and hash(a) == hash(one) and repr(a) == repr(one) and asdict(a) == asdict(one)
    assert bulk[1].tags == ("Attack",)
    moved = replace(bulk[0], start=11)
    assert moved.start == 11 and bulk[0].start == 10
    with pytest.raises(FrozenInstanceError):
        bulk[0].start = 5  # type: ignore[misc]
    assert store.annotations.all() == bulk
    store.close()
