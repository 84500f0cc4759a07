from db.wording import count


def test_counts_read_as_english():
    assert count(1, "annotation") == "1 annotation"
    assert count(0, "event") == "0 events"
    assert count(1_000_000, "annotation") == "1,000,000 annotations"
