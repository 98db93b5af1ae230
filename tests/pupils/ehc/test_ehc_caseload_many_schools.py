"""Issue 19: a county officer's caseload never lists their hundreds of schools in its filter.

Up to CaseloadFilter.SCHOOL_SELECT_LIMIT schools the school filter is a select of the schools with
an open assessment; past it, a text box for the school's name or URN (as on the pupil list), still
limited to the officer's own schools, and the page takes the same queries however many schools
and cases there are.
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.ehc.forms import CaseloadFilter
from tests.factories import SchoolFactory
from tests.pupils.ehc.helpers import pupil_at, request, weeks_ago

URL = reverse("pupils:ehc_caseload")
CSV_URL = reverse("pupils:ehc_caseload_csv")


def _many_schools(personas, count: int):
    return [SchoolFactory(district=personas.district_a, name=f"Lowford School {n}") for n in range(count)]


def _names(response) -> list[str]:
    return sorted(row.assessment.pupil.legal_last_name for row in response.context["rows"])


def test_a_few_schools_are_a_select(personas, client_for, frozen):
    request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(2))
    html = client_for(personas.la_officer).get(URL).content.decode()
    assert re.search(r'<select[^>]*name="school"', html)


def test_past_the_limit_the_school_is_typed_and_no_school_is_listed(personas, client_for, frozen):
    schools = _many_schools(personas, CaseloadFilter.SCHOOL_SELECT_LIMIT + 1)
    request(personas.la_officer, pupil_at(schools[3]), weeks_ago(2))
    html = client_for(personas.la_officer).get(URL).content.decode()
    assert re.search(r'<input[^>]*name="school"', html) and not re.search(r'<select[^>]*name="school"', html)
    assert "School name or URN" in html and 'data-source="/hubs/schools/find.json"' in html
    assert "<option" not in html.split('name="school"')[1].split("</div>")[0]


def test_typing_a_urn_a_name_or_a_suggestion_finds_that_schools_cases_only_among_ones_own(personas, client_for, frozen):
    schools = _many_schools(personas, CaseloadFilter.SCHOOL_SELECT_LIMIT + 1)
    officer = personas.la_officer
    request(officer, pupil_at(schools[7], legal_last_name="Ashby"), weeks_ago(2))
    request(officer, pupil_at(schools[8], legal_last_name="Blyth"), weeks_ago(3))
    request(personas.outsider, pupil_at(personas.other_school, legal_last_name="Carrow"), weeks_ago(4))
    client = client_for(officer)
    assert _names(client.get(URL, {"school": schools[7].urn})) == ["Ashby"]
    assert _names(client.get(URL, {"school": "lowford school 8"})) == ["Blyth"]
    assert _names(client.get(URL, {"school": f"{schools[7].name} (URN {schools[7].urn})"})) == ["Ashby"]
    assert _names(client.get(URL, {"school": "  "})) == ["Ashby", "Blyth"]
    # Another authority's school finds nothing, by its URN or its name.
    assert _names(client.get(URL, {"school": personas.other_school.urn})) == []
    assert _names(client.get(URL, {"school": personas.other_school.name})) == []
    csv = b"".join(client.get(CSV_URL, {"school": schools[8].urn}).streaming_content).decode()
    assert "Blyth" in csv and "Ashby" not in csv


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_caseload_takes_the_same_queries_with_a_few_or_many_schools_and_cases(
    personas, client_for, frozen, django_assert_max_num_queries
):
    officer = personas.la_officer
    client = client_for(officer)
    schools = _many_schools(personas, CaseloadFilter.SCHOOL_SELECT_LIMIT + 1)
    for n in range(3):
        request(officer, pupil_at(schools[n]), weeks_ago(1 + n))
    few, few_typed = _queries(client), _queries(client, school="Lowford")
    more = _many_schools(personas, 30)
    for n in range(40):
        request(officer, pupil_at((schools + more)[n * 2]), weeks_ago(1 + n % 15))
    with django_assert_max_num_queries(few):
        html = client.get(URL).content.decode()
    assert "43 open assessments" in html and 'aria-label="Page 2"' in html
    with django_assert_max_num_queries(few_typed):
        client.get(URL, {"school": "Lowford"})
