"""Words that look like dates but name something: a march with a name (`the March of the
Mothers`), with hard negatives where the month stays a month."""

from __future__ import annotations

from datetime import date

from db.dates import extract
from db.models import PartialDate

WED = PartialDate(date(2023, 10, 25), date(2023, 10, 25), "day")


def values(text: str) -> dict[str, str]:
    return {e.text: e.value for e in extract(text, WED)}


def test_a_named_march_is_not_the_month() -> None:
    assert values("She walked at the head of the ``March of the Grieving Mothers,'' holding a sign.") == {}
    assert values("Thousands joined the annual March for Peace on the capital's main avenue.") == {}
    assert values("Organisers planned a March on Parliament Square.") == {}


def test_the_month_before_a_lower_case_reason_or_a_year_stays_a_month() -> None:
    assert values("The chairman resigned in March for health reasons.") == {"March": "2023-03"}
    assert values("The vote was held in the March of 2019.") == {"March of 2019": "2019-03"}
    assert values("The March figures for Germany were weak.") == {"March": "2023-03"}


# --- a weekday set aside by decree is the coming one --------------------------------------------

MON = PartialDate(date(2023, 10, 23), date(2023, 10, 23), "day")


def test_a_weekday_declared_a_holiday_is_the_coming_one() -> None:
    v = {e.text: e.value for e in extract("The cabinet declared Wednesday a public holiday so crowds could cheer the team.", MON)}
    assert v["Wednesday"] == "2023-10-25"
    v = {e.text: e.value for e in extract("The president named Friday a day of national mourning.", MON)}
    assert v["Friday"] == "2023-10-27"


def test_a_weekday_a_statement_was_declared_on_stays_past() -> None:
    v = {e.text: e.value for e in extract("The ministry declared Wednesday that the strike was illegal.", MON)}
    assert v["Wednesday"] == "2023-10-18"
    v = {e.text: e.value for e in extract("Rebel leaders declared Wednesday a victory in the east.", MON)}
    assert v["Wednesday"] == "2023-10-18"
    v = {e.text: e.value for e in extract("She was named Wednesday as the new coach.", MON)}
    assert v["Wednesday"] == "2023-10-18"
