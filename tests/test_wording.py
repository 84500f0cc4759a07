from db.wording import count, shorten


def test_counts_read_as_english():
    assert count(1, "annotation") == "1 annotation"
    assert count(0, "event") == "0 events"
    assert count(1_000_000, "annotation") == "1,000,000 annotations"


def test_shorten_cuts_to_the_limit_with_an_ellipsis_on_one_line():
    assert shorten("Troops crossed\n  the border", 80) == "Troops crossed the border"
    assert shorten("Troops crossed the border", 10) == "Troops cr…"
    assert len(shorten("x" * 500, 30)) == 30
    assert shorten(None, 40) == ""
    assert shorten("a  b", 10, one_line=False) == "a  b"
