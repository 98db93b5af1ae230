"""Referral lists are paginated and take the same number of queries however many referrals there are."""

import pytest
from django.urls import reverse

from referrals.intake import services
from tests.factories import ContactFactory, PupilFactory
from tests.referrals.conftest import verbal


def refer(personas, n: int) -> list:
    made = []
    for _ in range(n):
        pupil = PupilFactory(school=personas.school_a)
        contact = ContactFactory(pupil=pupil, name="Parent Persona")
        referral = services.referral_start(actor=personas.senco_a, pupil=pupil)
        services.referral_update(actor=personas.senco_a, referral=referral, concern="c", needs="n", support_tried="s")
        verbal(personas, referral, given_by_contact=contact)
        made.append(services.referral_submit(actor=personas.senco_a, referral=referral))
    return made


@pytest.mark.parametrize("persona, route", [("senco_a", "referrals:list"), ("coordinator", "referrals:inbox")])
def test_a_referral_list_keeps_its_query_count_as_referrals_grow(
    client_for, personas, hubs, django_assert_max_num_queries, persona, route
):
    refer(personas, 2)
    client = client_for(getattr(personas, persona))
    url = reverse(route)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    refer(personas, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"page": 2})
    assert len(response.context["page"].object_list) == 7 and response.context["page"].paginator.count == 32


def test_a_meeting_page_keeps_its_query_count_as_its_agenda_grows(
    client_for, personas, hubs, meeting, django_assert_max_num_queries
):
    """Issue 19: a held meeting lists every case it discussed; reading them takes no more queries for more cases."""
    from django.utils.html import escape

    from referrals.meetings.services import agenda_add_case
    from referrals.models import AgendaItem

    def on_the_agenda(n: int) -> None:
        for referral in refer(personas, n):
            agenda_add_case(meeting=meeting, referral=referral, kind=AgendaItem.Kind.NEW, actor=personas.coordinator)

    on_the_agenda(2)
    client = client_for(personas.coordinator)
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)
    # 16, and the savepoint and its release that the page's one transaction is inside a test's.
    with django_assert_max_num_queries(18) as few:
        client.get(url)
    on_the_agenda(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    names = {item.referral.pupil.name for item in meeting.agenda_items.select_related("referral__pupil")}
    assert len(names) > 1 and all(escape(name) in page for name in names)
    # Each case links to its own agenda item (the view works the links out once, not per row).
    for item in meeting.agenda_items.select_related("referral__pupil"):
        href = reverse("meetings:case", args=[item.pk])
        link = f'<a class="govuk-link" href="{href}">{escape(item.referral.pupil.name)}</a>'
        assert link in page
