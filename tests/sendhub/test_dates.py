"""Tests for sendhub.dates: academic years, London day boundaries and calendar arithmetic."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendhub.dates import (
    LONDON,
    academic_year,
    academic_year_bounds,
    academic_year_start_year,
    add_weeks,
    add_years_clamped,
    end_of_day,
    start_of_day,
)

ONE_MICROSECOND = timedelta(microseconds=1)
# Keep generated dates clear of date.min/date.max so +/- a year or a few weeks never overflows.
ordinary_dates = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))


# --- academic_year ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2025, 9, 1), "2025/26"),
        (date(2026, 8, 31), "2025/26"),
        (date(2025, 8, 31), "2024/25"),
        (date(2026, 9, 1), "2026/27"),
        (date(2026, 1, 1), "2025/26"),
        (date(2025, 12, 31), "2025/26"),
        (date(1999, 9, 1), "1999/00"),
        (date(2000, 8, 31), "1999/00"),
        (date(2099, 9, 1), "2099/00"),
        (date(2009, 9, 1), "2009/10"),
        (date(2024, 2, 29), "2023/24"),
    ],
)
def test_academic_year_label_runs_from_1_september_to_31_august(day: date, label: str) -> None:
    assert academic_year(day) == label


def test_academic_year_changes_between_31_august_and_1_september() -> None:
    assert academic_year(date(2026, 8, 31)) == "2025/26"
    assert academic_year(date(2026, 9, 1)) == "2026/27"


def test_academic_year_start_year_is_the_september_year() -> None:
    assert academic_year_start_year(date(2025, 9, 1)) == 2025
    assert academic_year_start_year(date(2026, 3, 15)) == 2025
    assert academic_year_start_year(date(2026, 8, 31)) == 2025
    assert academic_year_start_year(date(2026, 9, 1)) == 2026


@given(ordinary_dates)
def test_every_day_lies_within_the_bounds_of_its_academic_year(day: date) -> None:
    first, last = academic_year_bounds(academic_year(day))
    assert first <= day <= last
    assert first.year == academic_year_start_year(day)


@given(ordinary_dates)
def test_academic_year_label_round_trips_through_bounds(day: date) -> None:
    first, last = academic_year_bounds(academic_year(day))
    assert academic_year(first) == academic_year(last) == academic_year(day)
    assert academic_year(first - timedelta(days=1)) != academic_year(day)
    assert academic_year(last + timedelta(days=1)) != academic_year(day)


# --- academic_year_bounds ----------------------------------------------------------------


def test_academic_year_bounds_are_1_september_and_31_august() -> None:
    assert academic_year_bounds("2025/26") == (date(2025, 9, 1), date(2026, 8, 31))


def test_academic_year_bounds_across_the_century() -> None:
    assert academic_year_bounds("1999/00") == (date(1999, 9, 1), date(2000, 8, 31))
    assert academic_year_bounds("2099/00") == (date(2099, 9, 1), date(2100, 8, 31))


@pytest.mark.parametrize(
    "label",
    [
        "2025/27",  # second part is not the following year
        "2025/25",
        "2025/24",
        "1999/99",
        "abc",
        "",
        "2025-26",
        "2025/2026",
        "25/26",
        "2025/26 ",
        " 2025/26",
        "2025/26\n",
        "２０２５/２６",  # full-width digits are not accepted
        "2025/ 6",
    ],
)
def test_academic_year_bounds_rejects_bad_labels_with_value_error(label: str) -> None:
    with pytest.raises(ValueError, match="2025/26|following year"):
        academic_year_bounds(label)


def test_academic_year_bounds_message_names_the_expected_label() -> None:
    with pytest.raises(ValueError, match="2025/26"):
        academic_year_bounds("2025/27")


@pytest.mark.parametrize("label", [None, 2025, b"2025/26", date(2025, 9, 1)])
def test_academic_year_bounds_rejects_non_strings_with_type_error(label: object) -> None:
    with pytest.raises(TypeError):
        academic_year_bounds(label)  # type: ignore[arg-type]


# --- start_of_day / end_of_day -------------------------------------------------------------


def test_end_of_day_is_the_last_microsecond_in_london() -> None:
    end = end_of_day(date(2026, 1, 15))
    assert end == datetime(2026, 1, 15, 23, 59, 59, 999999, tzinfo=LONDON)
    assert end.tzinfo is LONDON
    assert end.utcoffset() == timedelta(0)


def test_end_of_day_in_summer_is_bst() -> None:
    end = end_of_day(date(2026, 7, 1))
    assert end.utcoffset() == timedelta(hours=1)
    assert end.astimezone(UTC) == datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)


def test_start_of_day_is_local_midnight() -> None:
    start = start_of_day(date(2026, 7, 1))
    assert (start.hour, start.minute, start.second, start.microsecond) == (0, 0, 0, 0)
    assert start.utcoffset() == timedelta(hours=1)
    assert start.astimezone(UTC) == datetime(2026, 6, 30, 23, 0, tzinfo=UTC)


def test_end_of_day_on_spring_clock_change_is_bst() -> None:
    # Clocks go forward at 01:00 GMT on 29 March 2026: the day starts in GMT, ends in BST.
    day = date(2026, 3, 29)
    assert start_of_day(day).utcoffset() == timedelta(0)
    assert end_of_day(day).utcoffset() == timedelta(hours=1)
    assert end_of_day(day).astimezone(UTC) == datetime(2026, 3, 29, 22, 59, 59, 999999, tzinfo=UTC)


def test_end_of_day_on_autumn_clock_change_is_gmt() -> None:
    # Clocks go back at 01:00 GMT on 25 October 2026: the day starts in BST, ends in GMT.
    day = date(2026, 10, 25)
    assert start_of_day(day).utcoffset() == timedelta(hours=1)
    assert end_of_day(day).utcoffset() == timedelta(0)
    assert end_of_day(day).astimezone(UTC) == datetime(2026, 10, 25, 23, 59, 59, 999999, tzinfo=UTC)


def test_clock_change_days_are_23_and_25_hours_long() -> None:
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)
    spring_length = end_of_day(spring).astimezone(UTC) - start_of_day(spring).astimezone(UTC)
    autumn_length = end_of_day(autumn).astimezone(UTC) - start_of_day(autumn).astimezone(UTC)
    assert spring_length + ONE_MICROSECOND == timedelta(hours=23)
    assert autumn_length + ONE_MICROSECOND == timedelta(hours=25)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 3, 28),
        date(2026, 3, 29),
        date(2026, 10, 24),
        date(2026, 10, 25),
        date(2025, 12, 31),
        date(2024, 2, 28),
        date(2024, 2, 29),
    ],
)
def test_end_of_day_plus_one_microsecond_is_start_of_next_day(day: date) -> None:
    next_start = start_of_day(day + timedelta(days=1))
    assert end_of_day(day) + ONE_MICROSECOND == next_start
    # The same must hold on the absolute timeline, not just on the London wall clock.
    assert end_of_day(day).astimezone(UTC) + ONE_MICROSECOND == next_start.astimezone(UTC)


@given(ordinary_dates)
def test_end_of_day_meets_start_of_next_day_on_every_date(day: date) -> None:
    next_start = start_of_day(day + timedelta(days=1))
    assert end_of_day(day).astimezone(UTC) + ONE_MICROSECOND == next_start.astimezone(UTC)
    assert end_of_day(day).date() == day
    assert start_of_day(day).date() == day


# --- add_weeks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "weeks", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 7)),
        (date(2026, 1, 31), 4, date(2026, 2, 28)),
        (date(2024, 1, 31), 4, date(2024, 2, 28)),
        (date(2024, 2, 1), 4, date(2024, 2, 29)),
        (date(2025, 12, 20), 2, date(2026, 1, 3)),
        (date(2026, 3, 1), 0, date(2026, 3, 1)),
        (date(2026, 3, 1), -1, date(2026, 2, 22)),
    ],
)
def test_add_weeks_adds_seven_days_per_week(day: date, weeks: int, expected: date) -> None:
    assert add_weeks(day, weeks) == expected


@given(ordinary_dates, st.integers(min_value=-52, max_value=52))
def test_add_weeks_keeps_the_weekday(day: date, weeks: int) -> None:
    result = add_weeks(day, weeks)
    assert (result - day).days == 7 * weeks
    assert result.weekday() == day.weekday()


# --- add_years_clamped -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), 100 - 24, date(2100, 2, 28)),  # 2100 is not a leap year
        (date(2096, 2, 29), 4, date(2100, 2, 28)),
        (date(2023, 2, 28), 1, date(2024, 2, 28)),
        (date(2023, 3, 1), 1, date(2024, 3, 1)),
        (date(2025, 12, 31), 1, date(2026, 12, 31)),
        (date(2025, 6, 15), -1, date(2024, 6, 15)),
        (date(2025, 6, 15), 0, date(2025, 6, 15)),
    ],
)
def test_add_years_clamped_keeps_month_and_day(day: date, years: int, expected: date) -> None:
    assert add_years_clamped(day, years) == expected


def test_add_years_clamped_defaults_to_one_year() -> None:
    assert add_years_clamped(date(2024, 2, 29)) == date(2025, 2, 28)


@given(ordinary_dates, st.integers(min_value=-100, max_value=100))
def test_add_years_clamped_moves_only_the_year_except_for_29_february(day: date, years: int) -> None:
    result = add_years_clamped(day, years)
    assert result.year == day.year + years
    assert result.month == day.month
    if (day.month, day.day) == (2, 29):
        assert result.day in (28, 29)
    else:
        assert result.day == day.day


def test_add_years_clamped_rejects_results_outside_the_calendar() -> None:
    with pytest.raises(ValueError):
        add_years_clamped(date(9999, 6, 1), 1)


# --- argument types -----------------------------------------------------------------------------

ONE_DAY_FUNCTIONS = [
    academic_year,
    academic_year_start_year,
    end_of_day,
    start_of_day,
    lambda d: add_weeks(d, 1),
    lambda d: add_years_clamped(d, 1),
]

BAD_DAYS = [
    None,
    "2025-09-01",
    20250901,
    True,
    datetime(2025, 9, 1, 12, 0),
    datetime(2025, 9, 1, tzinfo=LONDON),
]


@pytest.mark.parametrize("function", ONE_DAY_FUNCTIONS)
@pytest.mark.parametrize("bad", BAD_DAYS, ids=repr)
def test_date_functions_reject_non_dates_and_datetimes_with_type_error(function, bad: object) -> None:
    with pytest.raises(TypeError):
        function(bad)


@pytest.mark.parametrize("bad", [None, "1", 1.0, True, False])
def test_add_weeks_rejects_non_integer_weeks(bad: object) -> None:
    with pytest.raises(TypeError):
        add_weeks(date(2025, 9, 1), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, "1", 1.0, True])
def test_add_years_clamped_rejects_non_integer_years(bad: object) -> None:
    with pytest.raises(TypeError):
        add_years_clamped(date(2025, 9, 1), bad)  # type: ignore[arg-type]
