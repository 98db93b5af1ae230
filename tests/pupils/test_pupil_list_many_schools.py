"""Issue 19: choosing a school among thousands never renders them all.

With a handful of schools the pupil list's school filter is a select; past
PupilFilter.SCHOOL_SELECT_LIMIT (an administrator with the whole GIAS register, a county's
officer) it is a text box for the school's name or URN, still limited to the person's schools.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from pupils.records.forms import PupilFilter
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _many_schools(personas, count: int):
    return [SchoolFactory(district=personas.district_a, name=f"Lowford School {n}") for n in range(count)]


def test_a_few_schools_are_a_select(personas, client_for):
    html = client_for(personas.la_officer).get(reverse("pupils:list")).content.decode()
    assert re.search(r'<select[^>]*name="school"', html)


@pytest.mark.parametrize("who", ["la_officer", "admin"])
def test_past_the_limit_the_school_is_typed_and_no_school_is_listed(personas, client_for, who):
    schools = _many_schools(personas, PupilFilter.SCHOOL_SELECT_LIMIT + 1)
    html = client_for(getattr(personas, who)).get(reverse("pupils:list")).content.decode()
    assert re.search(r'<input[^>]*name="school"', html) and not re.search(r'<select[^>]*name="school"', html)
    assert "School name or URN" in html
    assert schools[-1].name not in html and "<option" not in html.split('name="school"')[1].split("</div>")[0]


def test_typing_a_urn_or_a_name_finds_that_schools_pupils_only_among_ones_own(personas, client_for):
    schools = _many_schools(personas, PupilFilter.SCHOOL_SELECT_LIMIT + 1)
    PupilFactory(school=schools[7], legal_first_name="Wren", legal_last_name="Ashby")
    PupilFactory(school=schools[8], legal_first_name="Ezra", legal_last_name="Blyth")
    PupilFactory(school=personas.other_school, legal_first_name="Nia", legal_last_name="Carrow")
    client = client_for(personas.la_officer)

    by_urn = client.get(reverse("pupils:list"), {"school": schools[7].urn}).content.decode()
    assert "Wren Ashby" in by_urn and "Ezra Blyth" not in by_urn
    by_name = client.get(reverse("pupils:list"), {"school": "lowford school 8"}).content.decode()
    assert "Ezra Blyth" in by_name and "Wren Ashby" not in by_name
    theirs = client.get(reverse("pupils:list"), {"school": personas.other_school.urn}).content.decode()
    assert "Nia Carrow" not in theirs


def test_the_typed_school_is_enhanced_and_a_chosen_suggestion_finds_its_pupils(personas, client_for):
    schools = _many_schools(personas, PupilFilter.SCHOOL_SELECT_LIMIT + 1)
    PupilFactory(school=schools[7], legal_first_name="Wren", legal_last_name="Ashby")
    client = client_for(personas.la_officer)
    html = client.get(reverse("pupils:list")).content.decode()
    assert 'data-module="app-autocomplete"' in html and 'data-source="/hubs/schools/find.json"' in html
    chosen = client.get(reverse("pupils:list"), {"school": f"{schools[7].name} (URN {schools[7].urn})"})
    assert "Wren Ashby" in chosen.content.decode()
