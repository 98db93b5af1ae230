"""Pupil records: who may see and change them, what is checked, and what is recorded."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pupils.models import Contact, Pupil
from pupils.records.models import expected_year_group
from sendhub.dates import LONDON
from sendhub.models import AuditEvent, OutboundEmail, Role
from tests.factories import PupilFactory, make_upn

VALID = {
    "upn": make_upn("838", "2001", 7),
    "legal_first_name": "Nia",
    "legal_last_name": "Jones-Test",
    "date_of_birth_0": "14",
    "date_of_birth_1": "5",
    "date_of_birth_2": "2017",
    # The year the date of birth gives this school year (year groups must agree with age).
    "year_group": str(expected_year_group(date(2017, 5, 14), today=timezone.localdate())),
    "sen_provision": "K",
    "primary_need": "SLCN",
    "secondary_need": "",
}


def post_new(client, school, **changes):
    return client.post(reverse("pupils:add"), {**VALID, "school": school.pk, **changes})


def test_a_senco_adds_a_pupil_to_their_school_and_it_is_audited(client_for, personas):
    response = post_new(client_for(personas.senco_a), personas.school_a, upn=VALID["upn"].lower() + "  ")
    pupil = Pupil.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("pupils:detail", kwargs={"pk": pupil.pk})
    assert pupil.upn == VALID["upn"] and pupil.school == personas.school_a
    event = AuditEvent.objects.get(action="create")
    assert event.user == personas.senco_a and event.pupil_id == pupil.pk


def test_a_senco_cannot_add_a_pupil_to_another_school_by_crafting_the_form(client_for, personas):
    response = post_new(client_for(personas.senco_a), personas.school_b)
    assert response.status_code == 200 and not Pupil.objects.exists()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.parametrize(
    "upn, message",
    [
        ("H80120000100", "UPN must be 13 characters"),
        ("I801200001001", "first character of a UPN must be a letter"),
        ("H8012000X1001", "Characters 2 to 12 of a UPN must be numbers"),
        ("A801200001001", "check letter does not match"),
    ],
)
def test_a_wrong_upn_says_what_is_wrong(client_for, personas, upn, message):
    response = post_new(client_for(personas.senco_a), personas.school_a, upn=upn)
    assert message in response.content.decode() and not Pupil.objects.exists()


def test_the_dfe_temporary_upn_example_is_accepted(client_for, personas):
    post_new(client_for(personas.senco_a), personas.school_a, upn="G80120000101A")
    assert Pupil.objects.get().upn == "G80120000101A"


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"sen_provision": "E", "primary_need": "NSA"},
            "NSA (no specialist assessment) can only be used for a pupil on SEN support",
        ),
        ({"primary_need": ""}, "Select the pupil&#x27;s primary need"),
        ({"sen_provision": "N"}, "A pupil with no SEN has no primary or secondary need"),
        ({"secondary_need": "SLCN"}, "The secondary need must be different from the primary need"),
        ({"secondary_need": "NSA"}, "NSA (no specialist assessment) can only be a primary need"),
        ({"date_of_birth_0": "31", "date_of_birth_1": "2"}, "The date of birth must be a real date"),
        ({"date_of_birth_2": "17"}, "must include 4 numbers"),
    ],
)
def test_census_rules_are_checked_with_clear_messages(client_for, personas, changes, message):
    response = post_new(client_for(personas.senco_a), personas.school_a, **changes)
    assert message in response.content.decode() and not Pupil.objects.exists()


def test_a_date_of_birth_in_the_future_is_refused(client_for, personas):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post_new(
        client_for(personas.senco_a),
        personas.school_a,
        date_of_birth_0=tomorrow.day,
        date_of_birth_1=tomorrow.month,
        date_of_birth_2=tomorrow.year,
    )
    assert "Date of birth must be in the past" in response.content.decode()


def test_a_date_of_birth_too_long_ago_for_a_pupil_is_refused_but_25_is_allowed(client_for, personas):
    today = timezone.localdate()
    too_old = (
        date(today.year - 26, today.month, today.day)
        if (today.month, today.day) != (2, 29)
        else date(today.year - 26, 3, 1)
    )
    response = post_new(
        client_for(personas.senco_a),
        personas.school_a,
        year_group="14",
        date_of_birth_0=too_old.day,
        date_of_birth_1=too_old.month,
        date_of_birth_2=too_old.year,
    )
    assert "the portal keeps records for children and young people aged 25 or under" in response.content.decode()
    assert not Pupil.objects.exists()
    just_25 = too_old + timedelta(days=1)
    response = post_new(
        client_for(personas.senco_a),
        personas.school_a,
        year_group="14",
        date_of_birth_0=just_25.day,
        date_of_birth_1=just_25.month,
        date_of_birth_2=just_25.year,
    )
    assert response.status_code == 302 and Pupil.objects.get().date_of_birth == just_25


def test_a_record_kept_past_the_age_limit_can_still_be_edited(client_for, personas, pupil_a):
    pupil_a.date_of_birth = date(1990, 1, 1)
    pupil_a.save()
    data = {
        **VALID,
        "upn": pupil_a.upn,
        "year_group": pupil_a.year_group,  # unchanged: a record kept as it was is not checked again
        "school": personas.school_a.pk,
        "date_of_birth_0": "1",
        "date_of_birth_1": "1",
        "date_of_birth_2": "1990",
        "legal_first_name": "Renamed",
    }
    response = client_for(personas.senco_a).post(reverse("pupils:edit", kwargs={"pk": pupil_a.pk}), data)
    assert response.status_code == 302
    pupil_a.refresh_from_db()
    assert pupil_a.legal_first_name == "Renamed"


def test_a_upn_already_in_the_portal_is_refused_without_saying_where(client_for, personas, pupil_b):
    response = post_new(client_for(personas.senco_a), personas.school_a, upn=pupil_b.upn)
    html = response.content.decode()
    assert "already in the portal" in html and personas.school_b.name not in html


def test_the_la_officer_moves_a_pupil_to_another_school_of_the_authority(client_for, personas, pupil_a):
    data = {**VALID, "upn": pupil_a.upn, "school": personas.school_b.pk}
    response = client_for(personas.la_officer).post(reverse("pupils:edit", kwargs={"pk": pupil_a.pk}), data)
    assert response.status_code == 302
    pupil_a.refresh_from_db()
    assert pupil_a.school == personas.school_b and pupil_a.legal_first_name == "Nia"


def test_a_senco_at_another_school_gets_404_for_every_page_of_the_pupil(client_for, personas, pupil_a):
    client = client_for(personas.senco_b)
    for name in ("pupils:detail", "pupils:edit", "pupils:contact_add", "pupils:cycle_start", "pupils:meeting_add"):
        assert client.get(reverse(name, kwargs={"pk": pupil_a.pk})).status_code == 404, name


def test_someone_at_another_authority_gets_404_and_the_pupil_is_not_listed(client_for, personas, pupil_a):
    client = client_for(personas.outsider)
    assert client.get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 404
    assert pupil_a.upn not in client.get(reverse("pupils:list")).content.decode()


def test_the_trust_lead_reads_but_cannot_change(client_for, personas, pupil_a):
    client = client_for(personas.trust_lead)
    assert client.get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 200
    assert client.get(reverse("pupils:edit", kwargs={"pk": pupil_a.pk})).status_code == 403
    response = client.post(reverse("pupils:edit", kwargs={"pk": pupil_a.pk}), {**VALID, "school": personas.school_a.pk})
    assert response.status_code == 403
    pupil_a.refresh_from_db()
    assert pupil_a.legal_first_name == "Ada"


def test_a_parent_sees_their_child_but_not_the_other_contacts_details(client_for, personas, pupil_a, pupil_b):
    client = client_for(personas.parent)
    html = client.get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).content.decode()
    assert "Your child" in html and pupil_a.name in html
    assert "Other Parent" not in html and "01632 960 999" not in html and pupil_a.upn not in html
    assert client.get(reverse("pupils:detail", kwargs={"pk": pupil_b.pk})).status_code == 404
    listing = client.get(reverse("pupils:list")).content.decode()
    assert "Your children" in listing and pupil_a.name in listing and pupil_b.name not in listing


def test_viewing_a_pupil_is_written_to_the_audit_trail(client_for, personas, pupil_a):
    client_for(personas.trust_lead).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    event = AuditEvent.objects.filter(action="view", model="pupils.pupil").get()
    assert event.user == personas.trust_lead and event.pupil_id == pupil_a.pk
    assert event.path == reverse("pupils:detail", kwargs={"pk": pupil_a.pk})


def test_listing_pupils_records_each_pupil_shown(client_for, personas, pupil_a):
    client_for(personas.senco_a).get(reverse("pupils:list"))
    assert AuditEvent.objects.filter(action="list", pupil_id=pupil_a.pk, user=personas.senco_a).exists()


class TestList:
    def test_search_by_name_or_upn_and_filter(self, client_for, personas):
        PupilFactory(
            school=personas.school_a,
            legal_first_name="Grace",
            legal_last_name="Hopper-Test",
            year_group="4",
            sen_provision="E",
            primary_need="ASD",
        )
        PupilFactory(
            school=personas.school_a,
            legal_first_name="Alan",
            legal_last_name="Turing-Test",
            year_group="5",
            sen_provision="N",
            primary_need="",
        )
        client = client_for(personas.senco_a)

        def names(**params):
            page = client.get(reverse("pupils:list"), params).context["page"]
            return sorted(p.legal_first_name for p in page.object_list)

        assert names(q="grace hopper") == ["Grace"]
        assert names(q="turing") == ["Alan"]
        assert names(q=Pupil.objects.get(legal_first_name="Grace").upn.lower()) == ["Grace"]
        assert names(provision="E") == ["Grace"]
        assert names(need="ASD") == ["Grace"]
        assert names(year="5") == ["Alan"]
        assert names(q="nobody-like-this") == []

    def test_a_filter_value_that_is_not_a_choice_is_ignored_not_an_error(self, client_for, personas):
        response = client_for(personas.senco_a).get(reverse("pupils:list"), {"provision": "Z", "year": "<script>"})
        assert response.status_code == 200

    def test_the_list_is_paginated_with_the_same_number_of_queries_per_page(
        self, client_for, personas, django_assert_max_num_queries
    ):
        client = client_for(personas.la_officer)
        PupilFactory.create_batch(3, school=personas.school_a)
        client.get(reverse("pupils:list"))  # warm up the session
        with django_assert_max_num_queries(13) as small:  # with the header's unread-notices count
            client.get(reverse("pupils:list"))
        PupilFactory.create_batch(60, school=personas.school_b)
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(reverse("pupils:list"), {"page": 2})
        assert len(response.context["page"].object_list) == 25
        assert response.context["page"].paginator.count == 63


def test_give_a_parent_an_account_emails_them_after_commit_without_naming_the_child(
    client_for, personas, pupil_a, django_capture_on_commit_callbacks
):
    contact = Contact.objects.get(name="Other Parent")
    contact.email = "other.parent@example.org"
    contact.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.senco_a).post(reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user.email == "other.parent@example.org"
    assert contact.user.memberships.filter(role=Role.PARENT).exists() and not contact.user.has_usable_password()
    assert OutboundEmail.objects.get().status == "sent"
    body = mail.outbox[0].body
    assert "/accounts/reset/" in body and pupil_a.legal_first_name not in body
    listing = client_for(contact.user).get(reverse("pupils:list")).content.decode()
    assert pupil_a.name in listing


def test_only_a_contact_with_parental_responsibility_can_have_an_account(client_for, personas, pupil_a):
    contact = Contact.objects.get(name="Other Parent")
    contact.has_parental_responsibility = False
    contact.save()
    response = client_for(personas.senco_a).post(
        reverse("pupils:contact_account", kwargs={"pk": contact.pk}), follow=True
    )
    assert "Only someone with parental responsibility" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None


def test_a_parent_whose_link_is_removed_no_longer_sees_the_child(client_for, personas, pupil_a):
    contact = Contact.objects.get(user=personas.parent)
    client_for(personas.senco_a).post(reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    assert client_for(personas.parent).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 404


def test_the_pupil_page_flags_fewer_than_three_parent_meetings_this_academic_year(client_for, personas, pupil_a):
    from pupils.support.services import parent_meeting_add

    url = reverse("pupils:detail", kwargs={"pk": pupil_a.pk})
    with time_machine.travel(datetime(2026, 11, 24, 12, tzinfo=LONDON), tick=False):
        client = client_for(personas.senco_a)
        # A meeting on the last day of 2025/26 does not count towards 2026/27.
        for held_on in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 10, 5)):
            parent_meeting_add(actor=personas.senco_a, pupil=pupil_a, held_on=held_on, attendees="Mum")
        assert "2 of 3 meetings with parents in 2026/27" in client.get(url).content.decode()
        parent_meeting_add(actor=personas.senco_a, pupil=pupil_a, held_on=date(2026, 11, 20), attendees="Dad")
        assert "meetings with parents in 2026/27:" not in client.get(url).content.decode()


def test_the_pupil_page_reads_cycles_and_meetings_once_for_the_page_and_its_timeline(
    client_for, personas, pupil_a, django_assert_max_num_queries
):
    """Issue 19: the page and its timeline share one read of the support cycles and parent meetings;
    the query count stays the same as the pupil's history grows, and the page shows the same."""
    from pupils.models import ParentMeeting
    from tests.factories import SupportCycleFactory

    def meet(n: int, start: int) -> None:
        for i in range(start, start + n):
            ParentMeeting.objects.create(
                pupil=pupil_a,
                held_on=date(2025, 9, 1) + timedelta(days=i),
                attendees=f"Attendee {i:02d}",
                recorded_by=personas.senco_a,
            )

    SupportCycleFactory(pupil=pupil_a, created_by=personas.senco_a)
    meet(2, 0)
    client = client_for(personas.senco_a)
    url = reverse("pupils:detail", args=[pupil_a.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    SupportCycleFactory(
        pupil=pupil_a,
        created_by=personas.senco_a,
        started_on=date(2024, 9, 16),
        reviewed_on=date(2025, 7, 1),
        next_step="continue",
    )
    meet(12, 2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    page = response.content.decode()
    # The list shows the ten latest meetings; the timeline every one of them, and both cycles.
    assert [m.attendees for m in response.context["meetings"]] == [f"Attendee {i:02d}" for i in range(13, 3, -1)]
    assert page.count("Meeting with parents") == 14
    assert all(f"Attendee {i:02d}" in page for i in range(14))
    assert page.count("SEN support cycle started") == 2 and "SEN support reviewed" in page
