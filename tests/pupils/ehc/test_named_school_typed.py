"""Issues 18 and 19: the school an EHC plan names is typed (name or URN), never chosen from thousands.

Without JavaScript the text box resolves a name or a URN among every school on the register;
with it, suggestions from `hubs:school_find?scope=register` fill in "Name (URN 990101)",
which resolves exactly.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from pupils.ehc.forms import FinalPlanForm, SchoolURNField
from pupils.models import EHCPlan
from tests.pupils.ehc.helpers import pupil_at, weeks_ago, with_draft
from tests.pupils.ehc.test_ehc_pages import on, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    ["Other School", "other school", "  other   SCHOOL ", "100003", "100 003", "Other School (URN 100003)"],
)
def test_a_school_is_found_by_its_name_its_urn_or_a_chosen_suggestion(personas, typed):
    assert SchoolURNField().clean(typed) == personas.other_school


@pytest.mark.parametrize(
    "typed, message",
    [
        ("School", "More than one school matches “School”: choose one from the suggestions or enter its URN"),
        ("Lowford Academy", "No school is called “Lowford Academy”: check the name, or enter its 6-digit URN"),
        ("Lowford (URN 999999)", "No school has the URN 999999"),
        ("12345", "Enter the URN as 6 digits, like 990101"),
    ],
)
def test_a_name_that_matches_none_or_several_says_what_to_do(personas, typed, message):
    with pytest.raises(ValidationError) as error:
        SchoolURNField().clean(typed)
    assert message in error.value.messages[0]


def test_the_field_is_marked_for_the_register_autocomplete():
    html = str(FinalPlanForm()["named_school"])
    assert 'data-module="app-autocomplete"' in html and 'data-source="/hubs/schools/find.json?scope=register"' in html
    assert "<option" not in html


def test_the_la_names_a_school_in_the_final_plan_by_its_name(personas, client_for, frozen):
    pupil = pupil_at(personas.school_a, legal_first_name="Rosa", legal_last_name="Tregarthen")
    a = with_draft(personas.la_officer, pupil, weeks_ago(20))
    response = client_for(personas.la_officer).post(
        url("ehc_assessment_final", a),
        {"setting": "school", "named_school": "School B", **on(weeks_ago(1), "final_issued_on")},
    )
    assert response.status_code == 302
    assert EHCPlan.objects.get(pupil=pupil).named_school == personas.school_b
