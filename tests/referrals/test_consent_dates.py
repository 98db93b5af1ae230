"""Consent dates must be possible: not before the child's birth, not in the future (Europe/London),
and a young person's own consent not before their 16th birthday."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from referrals.intake.consent import consent_date_problem, consent_problem
from sendhub.dates import LONDON, add_years_clamped
from sendhub.errors import DomainError
from tests.referrals.conftest import verbal


def test_consent_before_the_child_was_born_is_refused(personas, draft):
    with pytest.raises(DomainError, match="on or after the child's date of birth"):
        verbal(personas, draft, given_on=draft.pupil.date_of_birth - timedelta(days=1))
    consent = verbal(personas, draft, given_on=draft.pupil.date_of_birth)
    assert consent.given_on == draft.pupil.date_of_birth


def test_consent_in_the_future_is_refused_by_the_service(personas, draft):
    with pytest.raises(DomainError, match="today or in the past"):
        verbal(personas, draft, given_on=timezone.localdate() + timedelta(days=1))


def test_a_young_persons_own_consent_before_their_16th_birthday_is_refused(personas, draft):
    pupil = draft.pupil
    pupil.date_of_birth = add_years_clamped(timezone.localdate(), -16) + timedelta(days=1)
    pupil.save()
    with pytest.raises(DomainError, match="16th birthday"):
        verbal(personas, draft, given_by_contact=None, given_by_young_person=True, given_on=timezone.localdate())


def test_a_young_person_may_consent_on_their_16th_birthday_today(personas, draft):
    with time_machine.travel(datetime(2026, 5, 20, 9, tzinfo=LONDON), tick=False):
        draft.pupil.date_of_birth = date(2010, 5, 20)
        draft.pupil.save()
        consent = verbal(
            personas,
            draft,
            given_by_contact=None,
            given_by_young_person=True,
            given_on=date(2026, 5, 20),
            taken_at=datetime(2026, 5, 20, 8, tzinfo=LONDON),
        )
        assert consent_problem(draft) is None
        assert consent.given_by_young_person


def test_29_february_birthdays():
    born = date(2008, 2, 29)
    assert "16th birthday, 29 February 2024" in consent_date_problem(
        born=born, given_on=date(2024, 2, 28), young_person=True, today=date(2024, 3, 1)
    )
    assert (
        consent_date_problem(born=born, given_on=date(2024, 2, 29), young_person=True, today=date(2024, 3, 1)) is None
    )
    # A parent may consent on any day from the birth, including 29 February itself.
    assert consent_date_problem(born=born, given_on=born, young_person=False, today=date(2024, 3, 1)) is None


def test_today_is_the_date_in_london_just_after_midnight(personas, draft):
    # 00:30 on 1 July in London is still 30 June in UTC: consent given "today" is 1 July.
    with time_machine.travel(datetime(2026, 7, 1, 0, 30, tzinfo=LONDON), tick=False):
        consent = verbal(
            personas, draft, given_on=date(2026, 7, 1), taken_at=datetime(2026, 7, 1, 0, 10, tzinfo=LONDON)
        )
        assert consent.given_on == date(2026, 7, 1)
        with pytest.raises(DomainError, match="today or in the past"):
            verbal(personas, draft, given_on=date(2026, 7, 2))


def test_the_consent_page_shows_the_birth_date_error(client_for, personas, draft):
    born = draft.pupil.date_of_birth
    before = born - timedelta(days=3)
    response = client_for(personas.senco_a).post(
        reverse("referrals:step", kwargs={"pk": draft.pk, "step": "consent"}),
        {
            "given_by": str(draft.pupil.contacts.get(name="Parent Persona").pk),
            "method": "verbal",
            "given_on_0": before.day,
            "given_on_1": before.month,
            "given_on_2": before.year,
            "covers": ["education"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "on or after the child&#x27;s date of birth" in page or "on or after the child's date of birth" in page
