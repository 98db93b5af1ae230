"""Issues 18 and 19: the JSON an autocomplete asks for, scoped by the one access policy.

`pupils:find` and `hubs:school_find` answer staff only, never more than FIND_LIMIT results,
and never a record of another organisation; pupils returned are written to the audit trail
as the pupil list's are.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hubs import views as hub_views
from pupils.records import views as pupil_views
from sendhub.models import AuditEvent
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _find(client, **params):
    return client.get(reverse("pupils:find"), params)


def _labels(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return [result["label"] for result in response.json()["results"]]


def test_a_senco_finds_their_pupil_by_name_or_upn_and_it_is_audited(personas, client_for):
    maya = PupilFactory(school=personas.school_a, legal_first_name="Maya", legal_last_name="Thornton", year_group="5")
    client = client_for(personas.senco_a)
    by_name = _labels(_find(client, q="maya thorn"))
    assert by_name == [f"Maya Thornton, Year 5 (UPN {maya.upn})"]
    assert _labels(_find(client, q=maya.upn.lower())) == by_name
    assert (
        AuditEvent.objects.filter(user=personas.senco_a, action=AuditEvent.Action.LIST, pupil_id=maya.pk).count() == 2
    )


def test_another_organisations_pupils_are_never_returned(personas, client_for):
    PupilFactory(school=personas.school_a, legal_first_name="Maya", legal_last_name="Thornton")
    mine = PupilFactory(school=personas.other_school, legal_first_name="Maya", legal_last_name="Elsewhere")
    for who in ("senco_b", "outsider", "coordinator", "head_a"):
        labels = _labels(_find(client_for(getattr(personas, who)), q="maya"))
        assert labels == ([f"Maya Elsewhere, Year 3 (UPN {mine.upn})"] if who == "outsider" else []), who
    assert _labels(_find(client_for(personas.outsider), q=PupilFactory(school=personas.school_a).upn)) == []


def test_for_a_referral_only_pupils_the_user_may_refer(personas, client_for):
    PupilFactory(school=personas.school_a, legal_first_name="Maya", legal_last_name="Thornton")
    officer = client_for(personas.la_officer)
    assert len(_labels(_find(officer, q="maya"))) == 1  # the LA reads the record...
    assert _labels(_find(officer, q="maya", **{"for": "referral"})) == []  # ...but schools refer
    assert len(_labels(_find(client_for(personas.senco_a), q="maya", **{"for": "referral"}))) == 1


def test_parents_and_anonymous_visitors_are_refused(personas, client_for):
    PupilFactory(school=personas.school_a, legal_first_name="Maya")
    assert _find(client_for(personas.parent), q="maya").status_code == 403
    assert _find(client_for(personas.nobody), q="maya").status_code == 403  # signed in, no role anywhere
    assert client_for(personas.parent).get(reverse("hubs:school_find"), {"q": "school"}).status_code == 403
    anonymous = _find(client_for(None), q="maya")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(None).get(reverse("hubs:school_find"), {"q": "school"}).status_code == 302


def test_results_are_limited_and_a_short_query_returns_none(personas, client_for):
    PupilFactory.create_batch(pupil_views.FIND_LIMIT + 5, school=personas.school_a, legal_last_name="Ashby")
    client = client_for(personas.senco_a)
    assert len(_labels(_find(client, q="ashby"))) == pupil_views.FIND_LIMIT
    assert _labels(_find(client, q="a")) == []
    response = _find(client, q="ashby")
    assert "no-store" in response["Cache-Control"]


def test_schools_are_the_users_own_unless_the_register_is_asked_for_by_the_la(personas, client_for):
    officer = client_for(personas.la_officer)
    url = reverse("hubs:school_find")
    mine = _labels(officer.get(url, {"q": "school"}))
    assert mine == ["School A (URN 100001)", "School B (URN 100002)"]
    assert _labels(officer.get(url, {"q": "100003"})) == []
    assert _labels(officer.get(url, {"q": "100003", "scope": "register"})) == ["Other School (URN 100003)"]
    assert _labels(client_for(personas.senco_a).get(url, {"q": "school"})) == ["School A (URN 100001)"]
    assert client_for(personas.senco_a).get(url, {"q": "school", "scope": "register"}).status_code == 403


def test_schools_are_limited(personas, client_for):
    for n in range(hub_views.FIND_LIMIT + 3):
        SchoolFactory(district=personas.district_a, name=f"Lowford School {n}")
    response = client_for(personas.la_officer).get(reverse("hubs:school_find"), {"q": "lowford"})
    assert len(_labels(response)) == hub_views.FIND_LIMIT
