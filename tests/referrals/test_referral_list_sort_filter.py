"""The referral list and the coordinator's inbox sort by their column headers and filter (issue 18)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse

from referrals.intake import services
from referrals.models import Referral
from sendhub.dates import LONDON
from sendhub.models import Role
from tests.factories import ContactFactory, PupilFactory, member
from tests.referrals.conftest import verbal

LIST = reverse("referrals:list")
INBOX = reverse("referrals:inbox")


def _refer(personas, senco, school, last_name: str, *, submitted_on: tuple[int, int, int] | None) -> Referral:
    pupil = PupilFactory(school=school, legal_last_name=last_name)
    contact = ContactFactory(pupil=pupil, name="Parent Persona")
    referral = services.referral_start(actor=senco, pupil=pupil)
    services.referral_update(actor=senco, referral=referral, concern="c", needs="n", support_tried="s")
    if submitted_on is None:
        return referral
    verbal(SimpleNamespace(senco_a=senco), referral, given_by_contact=contact)  # recorded by the referring SENCo
    services.referral_submit(actor=senco, referral=referral)
    when = datetime(*submitted_on, 10, 0, tzinfo=LONDON)
    Referral.objects.filter(pk=referral.pk).update(submitted_at=when, created_at=when - timedelta(days=1))
    return referral


@pytest.fixture
def referrals(personas, hubs):
    return {
        "oak": _refer(personas, personas.senco_a, personas.school_a, "Oak", submitted_on=(2026, 1, 5)),
        "elm": _refer(personas, personas.senco_a, personas.school_a, "Elm", submitted_on=(2026, 2, 9)),
        "yew": _refer(personas, personas.senco_a, personas.school_a, "Yew", submitted_on=None),  # a draft
        "fir": _refer(personas, personas.senco_b, personas.school_b, "Fir", submitted_on=(2026, 1, 20)),
    }


def _names(response) -> list[str]:
    return [r.pupil.legal_last_name for r in response.context["page"].object_list]


def _header(html: str, label: str) -> str:
    for th in re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", html, re.S):
        if re.search(rf">{re.escape(label)}<span", th):
            return th
    raise AssertionError(f"No sortable header {label!r}")


def test_the_school_sees_its_referrals_newest_first_and_the_header_says_so(personas, client_for, referrals):
    response = client_for(personas.senco_a).get(LIST)
    assert _names(response) == ["Yew", "Elm", "Oak"]  # never school B's
    html = response.content.decode()
    assert 'aria-sort="descending"' in _header(html, "Started")
    assert 'aria-sort="none"' in _header(html, "Child") and "sort=child" in _header(html, "Child")


def test_the_referral_list_sorts_by_a_column_both_ways(personas, client_for, referrals):
    client = client_for(personas.senco_a)
    ascending = client.get(LIST, {"sort": "child"})
    assert _names(ascending) == ["Elm", "Oak", "Yew"]
    assert 'aria-sort="ascending"' in _header(ascending.content.decode(), "Child")
    assert _names(client.get(LIST, {"sort": "-child"})) == ["Yew", "Oak", "Elm"]
    # A draft has not been submitted: last whichever way.
    assert _names(client.get(LIST, {"sort": "submitted"})) == ["Oak", "Elm", "Yew"]
    assert _names(client.get(LIST, {"sort": "-submitted"})) == ["Elm", "Oak", "Yew"]


def test_the_referral_list_filters_by_status_school_hub_and_date(personas, client_for, referrals, hubs):
    admin = client_for(personas.admin)
    assert _names(admin.get(LIST, {"status": "draft"})) == ["Yew"]
    assert _names(admin.get(LIST, {"school": personas.school_b.pk})) == ["Fir"]
    assert _names(admin.get(LIST, {"hub": hubs["a"].pk, "sort": "child"})) == ["Elm", "Oak", "Yew"]
    between = {
        "submitted_from_0": "6",
        "submitted_from_1": "1",
        "submitted_from_2": "2026",
        "submitted_to_0": "31",
        "submitted_to_1": "1",
        "submitted_to_2": "2026",
    }
    response = admin.get(LIST, between)
    assert _names(response) == ["Fir"] and "1 referral" in response.content.decode()


def test_an_unknown_sort_on_the_referral_list_is_ignored(personas, client_for, referrals):
    client = client_for(personas.senco_a)
    for sort in ("pupil__upn", "created_at", "-", "child,status"):
        response = client.get(LIST, {"sort": sort, "status": "submitted"})
        assert response.status_code == 200 and _names(response) == ["Elm", "Oak"], sort


def test_a_school_filter_cannot_reach_another_schools_referrals(personas, client_for, referrals):
    client = client_for(personas.senco_a)
    response = client.get(LIST, {"school": personas.school_b.pk})
    assert response.status_code == 200 and "Fir" not in _names(response)
    assert list(response.context["filters"].form.fields["school"].queryset) == [personas.school_a]


def test_the_inbox_is_oldest_first_and_sorts_and_filters(personas, client_for, referrals):
    client = client_for(personas.coordinator)  # North: school A's hub
    response = client.get(INBOX)
    assert _names(response) == ["Oak", "Elm"]  # not the draft, not South's referral
    assert 'aria-sort="ascending"' in _header(response.content.decode(), "Submitted")
    assert _names(client.get(INBOX, {"sort": "-submitted"})) == ["Elm", "Oak"]
    assert _names(client.get(INBOX, {"sort": "-child"})) == ["Oak", "Elm"]
    assert _names(client.get(INBOX, {"school": personas.school_b.pk})) == ["Oak", "Elm"]  # not theirs: ignored
    before = {"submitted_to_0": "1", "submitted_to_1": "2", "submitted_to_2": "2026"}
    assert _names(client.get(INBOX, before)) == ["Oak"]
    assert _names(client.get(INBOX, {"sort": "status"})) == ["Oak", "Elm"]  # not a column of the inbox
    assert "status" not in response.context["filters"].form.fields


def test_a_coordinator_of_two_hubs_filters_the_inbox_by_hub(personas, client_for, referrals, hubs):
    member(Role.HUB_COORDINATOR, user=personas.coordinator, district=personas.district_b)
    client = client_for(personas.coordinator)
    assert _names(client.get(INBOX, {"sort": "child"})) == ["Elm", "Fir", "Oak"]
    assert _names(client.get(INBOX, {"hub": hubs["b"].pk})) == ["Fir"]
    assert _names(client.get(INBOX, {"sort": "school"})) == ["Oak", "Elm", "Fir"]


@pytest.mark.parametrize(
    "persona, route, query",
    [
        ("senco_a", "referrals:list", {"sort": "-child", "status": "submitted", "hub": "1"}),
        ("coordinator", "referrals:inbox", {"sort": "child", "submitted_from_0": "1", "submitted_from_1": "1"}),
    ],
)
def test_a_sorted_filtered_referral_list_keeps_its_query_count(
    client_for, personas, hubs, django_assert_max_num_queries, persona, route, query
):
    query = {**query, "hub": hubs["a"].pk} if "hub" in query else {**query, "submitted_from_2": "2020"}

    def refer(n: int) -> None:
        for i in range(n):
            _refer(personas, personas.senco_a, personas.school_a, f"Pupil{i:02d}", submitted_on=(2026, 1, 1 + i % 28))

    refer(2)
    client = client_for(getattr(personas, persona))
    url = reverse(route)
    client.get(url, query)
    with django_assert_max_num_queries(25) as few:
        client.get(url, query)
    refer(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {**query, "page": 2})
    assert len(response.context["page"].object_list) == 7 and response.context["page"].paginator.count == 32
