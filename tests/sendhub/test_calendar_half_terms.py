"""Reading the calendar: an authority's own half terms or England's defaults, and working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from sendhub.calendar.selectors import (
    default_half_terms,
    half_term_of,
    half_terms,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    school_year,
    school_years,
)
from sendhub.models import BankHoliday, HalfTerm
from tests.factories import LocalAuthorityFactory

E_W, SCOTLAND = "england-and-wales", "scotland"
YEAR = "2026/27"


def own_dates(label: str = YEAR, shift: int = 7) -> list[tuple[date, date]]:
    """England's defaults with Autumn 1 starting a week later: different, and still valid."""
    dates = [(t.starts_on, t.ends_on) for t in default_half_terms(label)]
    dates[0] = (dates[0][0] + timedelta(days=shift), dates[0][1])
    return dates


def store(local_authority, dates: list[tuple[date, date]], label: str = YEAR) -> None:
    for number, (starts_on, ends_on) in enumerate(dates, start=1):
        HalfTerm.objects.create(
            local_authority=local_authority, academic_year=label, number=number, starts_on=starts_on, ends_on=ends_on
        )


# --- Half terms ----------------------------------------------------------------------------


def test_englands_default_year_has_six_half_terms_on_weekdays_in_order():
    terms = default_half_terms(YEAR)
    assert [t.name for t in terms] == ["Autumn 1", "Autumn 2", "Spring 1", "Spring 2", "Summer 1", "Summer 2"]
    assert terms[0].starts_on == date(2026, 9, 2)  # Wednesday 2 September 2026
    assert all(t.starts_on.weekday() < 5 and t.ends_on.weekday() < 5 for t in terms)
    assert all(earlier.ends_on < later.starts_on for earlier, later in pairwise(terms))


def test_an_authority_without_its_own_dates_uses_englands_defaults(db):
    la = LocalAuthorityFactory()
    year = school_year(YEAR, la)
    assert year.set_by is None
    assert year.half_terms == default_half_terms(YEAR)


def test_an_authoritys_own_dates_win_over_the_defaults(db):
    la, other = LocalAuthorityFactory(), LocalAuthorityFactory()
    store(la, own_dates())
    assert school_year(YEAR, la).set_by == la
    assert half_terms(YEAR, la)[0].starts_on == date(2026, 9, 9)
    assert half_terms(YEAR, other) == default_half_terms(YEAR)
    assert half_terms(YEAR) == default_half_terms(YEAR)
    # Another year of the same authority is still England's.
    assert school_year("2027/28", la).set_by is None


def test_stored_england_defaults_are_used_where_an_authority_has_none(db):
    la = LocalAuthorityFactory()
    store(None, own_dates(shift=1))
    assert school_year(YEAR, la).set_by is None
    assert half_terms(YEAR, la)[0].starts_on == date(2026, 9, 3)
    assert half_terms(YEAR)[0].starts_on == date(2026, 9, 3)


def test_half_term_of_a_day_follows_the_authoritys_dates(db):
    la = LocalAuthorityFactory()
    store(la, own_dates())
    assert half_term_of(date(2026, 9, 3)).name == "Autumn 1"  # England's
    assert half_term_of(date(2026, 9, 3), la) is None  # before the authority's first day
    assert half_term_of(date(2026, 9, 9), la).name == "Autumn 1"
    assert half_term_of(date(2026, 10, 28), la) is None  # the October break


def test_school_years_reads_many_authorities_in_one_query(db, django_assert_num_queries):
    authorities = [LocalAuthorityFactory() for _ in range(4)]
    store(authorities[1], own_dates())
    store(authorities[2], own_dates("2027/28"), "2027/28")
    with django_assert_num_queries(1):
        years = school_years([YEAR, "2027/28"], authorities)
    assert years[(authorities[1], YEAR)].set_by == authorities[1]
    assert years[(authorities[1], "2027/28")].set_by is None
    assert years[(authorities[2], "2027/28")].set_by == authorities[2]
    assert years[(None, YEAR)].half_terms == default_half_terms(YEAR)


# --- Working days --------------------------------------------------------------------------


@pytest.fixture
def christmas_2026(db):
    for day, title in [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day"),
        (date(2027, 1, 1), "New Year’s Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
    ]:
        BankHoliday.objects.create(division=E_W, date=day, title=title)
    BankHoliday.objects.create(division=SCOTLAND, date=date(2027, 1, 4), title="2nd January")


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day, a Friday
        (date(2026, 12, 26), False),  # Saturday
        (date(2026, 12, 27), False),  # Sunday
        (date(2026, 12, 28), False),  # Boxing Day (substitute day)
        (date(2026, 12, 29), True),
        (date(2027, 1, 4), True),  # a bank holiday in Scotland only
    ],
)
def test_is_working_day(christmas_2026, day, working):
    assert is_working_day(day) is working


def test_working_days_depend_on_the_division(christmas_2026):
    assert is_working_day(date(2027, 1, 4), E_W)
    assert not is_working_day(date(2027, 1, 4), SCOTLAND)
    assert is_bank_holiday(date(2027, 1, 4), SCOTLAND) and not is_bank_holiday(date(2027, 1, 4))


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 12, 24), date(2026, 12, 24)),  # a working day is its own next working day
        (date(2026, 12, 25), date(2026, 12, 29)),  # over Christmas, the weekend and Boxing Day
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 1, 4)),
        (date(2026, 4, 3), date(2026, 4, 7)),  # Good Friday to the Tuesday after Easter Monday
        (date(2026, 4, 4), date(2026, 4, 7)),
    ],
)
def test_next_working_day(christmas_2026, day, expected):
    assert next_working_day(day) == expected


def test_next_working_day_in_scotland(christmas_2026):
    assert next_working_day(date(2027, 1, 2), SCOTLAND) == date(2027, 1, 5)
    assert next_working_day(date(2027, 1, 2)) == date(2027, 1, 4)


def test_next_working_day_reads_the_bank_holidays_once(christmas_2026, django_assert_num_queries):
    with django_assert_num_queries(1):
        next_working_day(date(2026, 12, 25))


def test_without_bank_holidays_imported_only_weekends_are_skipped(db):
    assert next_working_day(date(2026, 12, 25)) == date(2026, 12, 25)
    assert next_working_day(date(2026, 12, 26)) == date(2026, 12, 28)


def test_a_year_of_bank_holidays_is_bad_data_and_says_so(db):
    start = date(2030, 1, 1)
    BankHoliday.objects.bulk_create(
        BankHoliday(division=E_W, date=start + timedelta(days=n), title="Invented") for n in range(400)
    )
    with pytest.raises(ValueError, match="No working day within a year of 2030-01-01"):
        next_working_day(start)


def test_a_datetime_is_refused():
    with pytest.raises(TypeError):
        is_working_day(datetime(2026, 12, 25, 9, 0))
    with pytest.raises(TypeError):
        next_working_day(datetime(2026, 12, 25, 9, 0))
