"""Recurring weekdays are sets, not one date: `on Sundays`, `Tuesday nights`, `Monday and
Tuesday nights`; a single weekday, a possessive and a name stay as they were."""

from __future__ import annotations

from datetime import date

import pytest

from db.dates import extract
from db.models import PartialDate
from db.temporal.wording import offered_as_event

WED = PartialDate(date(2023, 10, 25), date(2023, 10, 25), "day")


def values(text: str) -> dict[str, str]:
    return {e.text: e.value for e in extract(text, WED)}


@pytest.mark.parametrize(
    ("text", "expr", "value"),
    [
        ("The fish market is closed on Sundays.", "Sundays", "XXXX-WXX-7"),
        ("Mondays are the slowest days at the depot.", "Mondays", "XXXX-WXX-1"),
        ("She drives a taxi Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI"),
        ("The clinic opens Saturday mornings only.", "Saturday mornings", "XXXX-WXX-6TMO"),
    ],
)
def test_plural_weekday_is_every_such_day(text: str, expr: str, value: str) -> None:
    assert values(text)[expr] == value


def test_weekday_sharing_a_plural_after_it_is_a_set_too() -> None:
    v = values("Ferries sail on Monday and Tuesday nights from the old harbour.")
    assert v["Monday"] == "XXXX-WXX-1TNI"
    assert v["Tuesday nights"] == "XXXX-WXX-2TNI"
    v = values("Saturdays and Sundays are busy at the market.")
    assert v == {"Saturdays": "XXXX-WXX-6", "Sundays": "XXXX-WXX-7"}


def test_a_set_is_not_offered_as_one_event() -> None:
    found = [e for e in extract("The fish market is closed on Sundays.", WED) if e.text == "Sundays"]
    assert found and not offered_as_event(found[0])


def test_single_weekdays_stay_single_dates() -> None:
    v = values("The ministers met Monday and Tuesday.")
    assert v == {"Monday": "2023-10-23", "Tuesday": "2023-10-24"}
    assert values("He worked late Tuesday night.")["Tuesday night"] == "2023-10-24TNI"


def test_possessive_weekday_and_band_name_are_not_sets() -> None:
    assert values("Sunday's vote was close.")["Sunday"] == "2023-10-22"
    assert "Sundays" not in values("The Sundays played an encore.")


# --- a rate after a growth figure or a sum of money is not a set ---------------------------------

@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Analysts expect sales to rise 8.5% annually through the decade.", "annually"),
        ("Cutting the dividend will save the miner $17.9 million annually.", "annually"),
        ("Turnover grew 12 percent yearly under the old chairman.", "yearly"),
        ("Average daily volume on the exchange was 133 million shares.", "daily"),
    ],
)
def test_a_rate_is_not_a_time(text: str, word: str) -> None:
    assert word not in values(text)


@pytest.mark.parametrize(
    ("text", "word", "value"),
    [
        ("The hospital treats about 1,200 patients daily.", "daily", "P1D"),
        ("The harvest festival is held annually in the old square.", "annually", "P1Y"),
        ("Convoys crossed the border daily.", "daily", "P1D"),
        ("The committee meets monthly.", "monthly", "P1M"),
    ],
)
def test_a_recurring_event_or_a_count_of_things_stays_a_set(text: str, word: str, value: str) -> None:
    assert values(text)[word] == value
