"""Setting an authority's term dates: the rules, each message, who may, history, and going back to England's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sendhub.calendar.selectors import default_half_terms, school_year, term_date_problems
from sendhub.calendar.services import half_terms_reset, half_terms_set
from sendhub.errors import DomainError
from sendhub.models import HalfTerm

YEAR = "2026/27"


def valid_dates() -> list[tuple[date, date]]:
    """England's defaults for 2026/27 with Autumn 1 from Wednesday 9 September."""
    dates = [(t.starts_on, t.ends_on) for t in default_half_terms(YEAR)]
    dates[0] = (date(2026, 9, 9), dates[0][1])
    return dates


def with_date(number: int, which: int, day: date | None) -> list[tuple[date | None, date | None]]:
    dates: list[list[date | None]] = [list(pair) for pair in valid_dates()]
    dates[number - 1][which] = day
    return [tuple(pair) for pair in dates]


FIRST, LAST = 0, 1
AUTUMN_1_ENDS = default_half_terms(YEAR)[0].ends_on  # Friday 23 October 2026

MISTAKES = {
    "starts before the last half term ends": (
        with_date(2, FIRST, AUTUMN_1_ENDS - timedelta(days=3)),
        "term_2_starts_on",
        "Autumn 2 must start after Autumn 1 ends",
    ),
    "starts on the day the last half term ends": (
        with_date(2, FIRST, AUTUMN_1_ENDS),
        "term_2_starts_on",
        "Autumn 2 must start after Autumn 1 ends",
    ),
    "ends before it starts": (
        with_date(3, LAST, date(2027, 1, 1)),
        "term_3_ends_on",
        "The last day of Spring 1 must be on or after its first day",
    ),
    "starts on a Saturday": (
        with_date(5, FIRST, date(2027, 4, 10)),
        "term_5_starts_on",
        "The first day of Summer 1 is a Saturday: enter a weekday",
    ),
    "ends on a Sunday": (
        with_date(4, LAST, date(2027, 3, 21)),
        "term_4_ends_on",
        "The last day of Spring 2 is a Sunday: enter a weekday",
    ),
    "ends after the academic year": (
        with_date(6, LAST, date(2027, 9, 1)),
        "term_6_ends_on",
        "The last day of Summer 2 must be in the 2026/27 academic year, from 1 September 2026 to 31 August 2027",
    ),
    "starts before the academic year": (
        with_date(1, FIRST, date(2026, 8, 31)),
        "term_1_starts_on",
        "The first day of Autumn 1 must be in the 2026/27 academic year, from 1 September 2026 to 31 August 2027",
    ),
    "missing": (with_date(1, FIRST, None), "term_1_starts_on", "Enter the first day of Autumn 1"),
}


@pytest.mark.parametrize("dates, field, message", MISTAKES.values(), ids=MISTAKES.keys())
def test_each_rule_is_refused_with_a_message_naming_the_half_term(personas, dates, field, message):
    with pytest.raises(DomainError) as error:
        half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=dates)
    assert (error.value.message, error.value.field) == (message, field)
    assert not HalfTerm.objects.exists()


def test_every_problem_is_found_at_once_one_for_each_date():
    dates = with_date(2, FIRST, date(2026, 10, 17))  # a Saturday, and before Autumn 1 ends: the weekday wins
    dates[3] = (date(2027, 3, 1), date(2027, 2, 26))  # Spring 2 ends before it starts
    problems = term_date_problems(YEAR, dates)
    assert [(p.number, p.which, p.message) for p in problems] == [
        (2, "starts_on", "The first day of Autumn 2 is a Saturday: enter a weekday"),
        (4, "ends_on", "The last day of Spring 2 must be on or after its first day"),
    ]


def test_order_is_checked_against_a_last_day_that_is_a_weekend():
    dates = with_date(1, LAST, date(2026, 11, 7))  # a Saturday, after Autumn 2 has started
    messages = [p.message for p in term_date_problems(YEAR, dates)]
    assert messages == [
        "The last day of Autumn 1 is a Saturday: enter a weekday",
        "Autumn 2 must start after Autumn 1 ends",
    ]


def test_valid_dates_make_the_authoritys_six_half_terms(personas):
    rows = half_terms_set(
        actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=valid_dates()
    )
    assert [r.number for r in rows] == [1, 2, 3, 4, 5, 6]
    year = school_year(YEAR, personas.la)
    assert year.set_by == personas.la
    assert [(t.starts_on, t.ends_on) for t in year.half_terms] == valid_dates()
    assert school_year(YEAR, personas.other_la).set_by is None


def test_history_records_who_set_each_half_term_and_who_changed_it(personas):
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=valid_dates())
    assert HalfTerm.history.count() == 6
    assert set(HalfTerm.history.values_list("history_user", flat=True)) == {personas.la_officer.pk}
    changed = with_date(1, FIRST, date(2026, 9, 7))
    half_terms_set(actor=personas.admin, local_authority=personas.la, academic_year=YEAR, dates=changed)
    # Only the half term that changed has a new entry.
    assert HalfTerm.history.count() == 7
    latest = HalfTerm.history.latest("history_date")
    assert (latest.number, latest.starts_on, latest.history_user, latest.history_type) == (
        1,
        date(2026, 9, 7),
        personas.admin,
        "~",
    )
    assert latest.history_change_reason == "Autumn 1 2026/27 set"


def test_saving_the_same_dates_again_changes_nothing(personas):
    for _ in range(2):
        half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=valid_dates())
    assert HalfTerm.objects.count() == 6 and HalfTerm.history.count() == 6


@pytest.mark.parametrize("who", ["outsider", "senco_a", "head_a", "coordinator", "trust_lead", "parent", "nobody"])
def test_only_the_authoritys_officers_and_administrators_may_set_its_dates(personas, who):
    with pytest.raises(DomainError, match="Only officers of Test County Council and administrators"):
        half_terms_set(
            actor=getattr(personas, who), local_authority=personas.la, academic_year=YEAR, dates=valid_dates()
        )
    with pytest.raises(DomainError, match="Only officers of Test County Council and administrators"):
        half_terms_reset(actor=getattr(personas, who), local_authority=personas.la, academic_year=YEAR)
    assert not HalfTerm.objects.exists()


def test_an_administrator_may_set_any_authoritys_dates(personas):
    half_terms_set(actor=personas.admin, local_authority=personas.other_la, academic_year=YEAR, dates=valid_dates())
    assert school_year(YEAR, personas.other_la).set_by == personas.other_la


def test_six_half_terms_and_a_real_academic_year_are_required(personas):
    with pytest.raises(DomainError, match="all six half terms, not 5"):
        half_terms_set(actor=personas.admin, local_authority=personas.la, academic_year=YEAR, dates=valid_dates()[:5])
    with pytest.raises(DomainError, match="Academic year must be written like 2025/26"):
        half_terms_set(actor=personas.admin, local_authority=personas.la, academic_year="2026-27", dates=valid_dates())


def test_going_back_to_englands_dates_removes_the_authoritys_own_and_keeps_their_history(personas):
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=valid_dates())
    half_terms_set(
        actor=personas.la_officer,
        local_authority=personas.la,
        academic_year="2027/28",
        dates=[(t.starts_on, t.ends_on) for t in default_half_terms("2027/28")],
    )
    assert half_terms_reset(actor=personas.admin, local_authority=personas.la, academic_year=YEAR) == 6
    assert school_year(YEAR, personas.la).set_by is None
    assert school_year("2027/28", personas.la).set_by == personas.la  # another year is untouched
    removed = HalfTerm.history.filter(history_type="-")
    assert removed.count() == 6
    assert set(removed.values_list("history_user", flat=True)) == {personas.admin.pk}
    assert set(removed.values_list("history_change_reason", flat=True)) == {"Back to England's default dates"}


def test_going_back_when_the_authority_already_uses_englands_dates_says_so(personas):
    with pytest.raises(DomainError, match="Test County Council already uses England's default dates for 2026/27"):
        half_terms_reset(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_officers_saving_the_same_year_at_once_take_turns(personas):
    """Without the lock, both would find no rows and the second insert would break the unique constraint."""
    import threading

    from django.db import connection

    from sendhub.models import User

    versions = [
        valid_dates(),
        with_date(1, FIRST, date(2026, 9, 7)),
        with_date(1, FIRST, date(2026, 9, 8)),
        with_date(1, FIRST, date(2026, 9, 10)),
    ]
    barrier = threading.Barrier(len(versions))
    errors: list[BaseException] = []

    def save(dates) -> None:
        try:
            officer = User.objects.get(pk=personas.la_officer.pk)
            barrier.wait(timeout=10)
            half_terms_set(actor=officer, local_authority=personas.la, academic_year=YEAR, dates=dates)
        except BaseException as error:  # reported below, with the thread's own exception
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(dates,)) for dates in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert HalfTerm.objects.filter(local_authority=personas.la, academic_year=YEAR).count() == 6
    assert school_year(YEAR, personas.la).half_terms[0].starts_on in {dates[0][0] for dates in versions}
