"""The school's journey, drafts saved between pages, and who sees what."""

from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pupils.models import SupportCycle, SupportOutcome
from referrals.models import Referral
from sendhub.models import Notification

TODAY = timezone.localdate


def step_url(referral, step):
    return reverse("referrals:step", kwargs={"pk": referral.pk, "step": step})


def test_a_senco_refers_a_pupil_with_verbal_consent_and_the_coordinator_finds_it_in_the_inbox(
    client_for, personas, child, hubs, django_capture_on_commit_callbacks
):
    client = client_for(personas.senco_a)
    response = client.post(reverse("referrals:start"), {"pupil": child.pk})
    referral = Referral.objects.get()
    assert response["Location"] == step_url(referral, "concern") and referral.hub == hubs["a"]
    client.post(step_url(referral, "concern"), {"concern": "Leaves lessons", "needs": "SLCN"})
    client.post(step_url(referral, "support"), {"support_tried": "Two cycles of SEN support"})
    client.post(step_url(referral, "outcomes"), {"outcomes_hoped": "Stay in class"})
    client.post(step_url(referral, "views"), {"parent_views": "Worried", "child_views": "I want to stay"})
    client.post(step_url(referral, "hub"), {"hub": hubs["a"].pk})
    contact = child.contacts.get(name="Parent Persona")
    day = TODAY() - timedelta(days=1)
    response = client.post(
        step_url(referral, "consent"),
        {
            "given_by": contact.pk,
            "method": "verbal",
            "given_on_0": day.day,
            "given_on_1": day.month,
            "given_on_2": day.year,
            "covers": ["education", "health"],
            "taken_by": "Hannah the SENCo",
            "taken_on_0": day.day,
            "taken_on_1": day.month,
            "taken_on_2": day.year,
            "taken_time": "3:15pm",
            "explained": "What the hub does and who sees the referral",
        },
    )
    assert response["Location"] == reverse("referrals:check", kwargs={"pk": referral.pk})
    check = client.get(response["Location"]).content.decode()
    assert "Check your answers" in check and "Hannah the SENCo" in check and "govuk-error-summary" not in check
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:check", kwargs={"pk": referral.pk}))
    assert response["Location"] == reverse("referrals:sent", kwargs={"pk": referral.pk})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    inbox = client_for(personas.coordinator).get(reverse("referrals:inbox")).content.decode()
    assert child.name in inbox
    assert Notification.objects.filter(user=personas.coordinator).exists()
    assert mail.outbox and child.legal_last_name not in mail.outbox[-1].body


def test_a_draft_keeps_its_answers_between_visits(client_for, personas, child, hubs):
    client = client_for(personas.senco_a)
    client.post(reverse("referrals:start"), {"pupil": child.pk})
    referral = Referral.objects.get()
    client.post(step_url(referral, "concern"), {"concern": "First words", "needs": "SLCN"})
    client.logout()
    again = client_for(personas.senco_a).get(step_url(referral, "concern")).content.decode()
    assert "First words" in again


def test_what_was_tried_is_filled_in_from_the_sen_support_cycles(client_for, personas, child, hubs):
    cycle = SupportCycle.objects.create(
        pupil=child,
        started_on=date(2026, 1, 5),
        needs="n",
        created_by=personas.senco_a,
        reviewed_on=date(2026, 3, 1),
        next_step="change",
        review_summary="s",
    )
    SupportOutcome.objects.create(cycle=cycle, description="Read 20 words", progress="partly")
    client = client_for(personas.senco_a)
    client.post(reverse("referrals:start"), {"pupil": child.pk})
    page = client.get(step_url(Referral.objects.get(), "support")).content.decode()
    assert "SEN support from 5 January 2026" in page and "Read 20 words (partly achieved)" in page


def test_the_check_page_lists_what_is_missing_and_sending_is_refused(client_for, personas, child, hubs):
    client = client_for(personas.senco_a)
    client.post(reverse("referrals:start"), {"pupil": child.pk})
    referral = Referral.objects.get()
    page = client.get(reverse("referrals:check", kwargs={"pk": referral.pk})).content.decode()
    assert "Record the consent of a parent or carer" in page and "<title>Error: " in page
    response = client.post(reverse("referrals:check", kwargs={"pk": referral.pk}), follow=True)
    assert "Record the consent of a parent or carer" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DRAFT


def test_a_senco_at_another_school_can_neither_see_nor_refer_school_as_pupils(client_for, personas, child, submitted):
    client = client_for(personas.senco_b)
    response = client.post(reverse("referrals:start"), {"pupil": child.pk})
    assert response.status_code == 200 and "Choose a pupil on your school" in response.content.decode()
    assert client.get(reverse("referrals:detail", kwargs={"pk": submitted.pk})).status_code == 404
    assert child.name not in client.get(reverse("referrals:list")).content.decode()
    assert Referral.objects.count() == 1


def test_the_consent_page_offers_only_people_with_parental_responsibility(client_for, personas, draft):
    page = client_for(personas.senco_a).get(step_url(draft, "consent")).content.decode()
    assert "Parent Persona" in page and "No PR Uncle" not in page
    assert f"{draft.pupil.name}, the young person" not in page  # under 16: not offered


def test_a_bad_time_for_verbal_consent_is_explained(client_for, personas, draft):
    from tests.referrals.conftest import verbal

    verbal(personas, draft)
    day = TODAY()
    contact = draft.pupil.contacts.get(name="Parent Persona")
    response = client_for(personas.senco_a).post(
        step_url(draft, "consent"),
        {
            "given_by": contact.pk,
            "method": "verbal",
            "given_on_0": day.day,
            "given_on_1": day.month,
            "given_on_2": day.year,
            "covers": ["education"],
            "taken_by": "x",
            "taken_on_0": day.day,
            "taken_on_1": day.month,
            "taken_on_2": day.year,
            "taken_time": "25:99",
            "explained": "x",
        },
    )
    assert "Enter the time it was taken like 9:30am or 14:15" in response.content.decode()


def test_an_unknown_step_is_a_404(client_for, personas, draft):
    assert client_for(personas.senco_a).get(step_url(draft, "nonsense")).status_code == 404


def test_the_pupil_timeline_shows_the_referral_to_the_school_but_not_to_another(client_for, personas, submitted):
    page = (
        client_for(personas.senco_a).get(reverse("pupils:detail", kwargs={"pk": submitted.pupil_id})).content.decode()
    )
    assert "Referral to North Hub: submitted to the hub" in page
    trust = (
        client_for(personas.trust_lead)
        .get(reverse("pupils:detail", kwargs={"pk": submitted.pupil_id}))
        .content.decode()
    )
    assert "Referral to North Hub" not in trust


def test_a_school_whose_authority_has_no_district_hub_is_told_why_it_cannot_send(client_for, db):
    from tests.factories import PupilFactory, Role, SchoolFactory, member

    school = SchoolFactory(name="Quantock Primary")
    senco = member(Role.SENCO, school=school)
    pupil = PupilFactory(school=school)
    client = client_for(senco)
    client.post(reverse("referrals:start"), {"pupil": pupil.pk})
    referral = Referral.objects.get()
    page = client.get(step_url(referral, "hub")).content.decode()
    assert f"{school.local_authority.name} has no district SEND and Inclusion hub in the portal yet" in page
    answer = client.post(step_url(referral, "hub"), {}).content.decode()
    assert "There is no district hub to choose yet: ask your local authority" in answer
    referral.refresh_from_db()
    assert referral.hub is None and referral.status == Referral.Status.DRAFT
