"""Issues 18 and 19: choosing the child to refer among many, without JavaScript too.

Up to StartForm.PUPIL_SELECT_LIMIT pupils the start page is a select (enhanced into an
autocomplete by JavaScript); past it a text box for the name or UPN, which the server
resolves among the pupils the SENCo may refer, and never lists the roll.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from referrals.intake.forms import StartForm
from referrals.models import Referral
from tests.factories import PupilFactory

START = reverse("referrals:start")


@pytest.fixture
def many(monkeypatch, personas, child):
    """Past the limit: more pupils than the select may hold (the limit lowered, not thousands made)."""
    monkeypatch.setattr(StartForm, "PUPIL_SELECT_LIMIT", 2)
    PupilFactory(school=personas.school_a, legal_first_name="Wren", legal_last_name="Ashby")
    PupilFactory(school=personas.school_a, legal_first_name="Wren", legal_last_name="Blyth")
    PupilFactory(school=personas.school_b, legal_first_name="Ezra", legal_last_name="Carrow")
    return child


def _errors(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    return html


def test_a_few_pupils_are_a_select_marked_for_the_autocomplete(personas, client_for, child):
    html = client_for(personas.senco_a).get(START).content.decode()
    assert re.search(r'<select[^>]*name="pupil"', html)
    assert 'data-module="app-autocomplete"' in html and "Kit Referral-Test" in html


def test_past_the_limit_the_pupil_is_typed_and_no_pupil_is_listed(personas, client_for, many):
    html = client_for(personas.senco_a).get(START).content.decode()
    assert re.search(r'<input[^>]*name="pupil"', html) and "<select" not in html
    assert "Kit Referral-Test" not in html and "Wren" not in html
    assert 'data-source="/pupils/find.json?for=referral"' in html


def test_a_typed_name_or_upn_or_a_chosen_suggestion_starts_the_referral(personas, client_for, many):
    client = client_for(personas.senco_a)
    for typed in ("kit referral", many.upn.lower(), f"Kit Referral-Test, Year 3 (UPN {many.upn})"):
        Referral.objects.all().delete()
        response = client.post(START, {"pupil": typed})
        assert response.status_code == 302, typed
        referral = Referral.objects.get()
        assert referral.pupil == many and response["Location"].endswith(f"/{referral.pk}/concern/")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter the name or UPN of the child you are referring"),
        ("Wren", "More than one pupil matches “Wren”: enter their full name or their UPN"),
        ("Ezra Carrow", "No pupil on your school&#x27;s roll matches “Ezra Carrow”"),  # school B's pupil
        ("Nobody Atall", "No pupil on your school&#x27;s roll matches “Nobody Atall”"),
    ],
)
def test_a_name_that_matches_none_or_several_is_a_govuk_error(personas, client_for, many, typed, message):
    html = _errors(client_for(personas.senco_a).post(START, {"pupil": typed}))
    assert message in html and not Referral.objects.exists()
    assert 'href="#id_pupil"' in html


def test_the_link_from_a_pupils_page_fills_in_their_name(personas, client_for, many):
    html = client_for(personas.senco_a).get(START, {"pupil": many.pk}).content.decode()
    assert f'value="Kit Referral-Test, Year 3 (UPN {many.upn})"' in html
    other = PupilFactory(school=personas.school_b)
    html = client_for(personas.senco_a).get(START, {"pupil": other.pk}).content.decode()
    assert other.upn not in html
