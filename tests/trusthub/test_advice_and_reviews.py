"""Advice and case consultations (consent reused from the referral), and school SEND reviews."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from referrals.intake import services as referral_services
from sendhub.errors import DomainError
from sendhub.models import User
from trusthub import advice, reviews
from trusthub.models import AdviceRequest, Booking, ReviewAction, SchoolReview, Session
from trusthub.selectors import overdue_review_actions

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    with time_machine.travel(NOW, tick=False) as traveller:
        call_command("seed_demo", verbosity=0)
        yield traveller


def person(email: str) -> User:
    return User.objects.get(email=email)


def signed_in(client, email: str):
    client.force_login(person(email))
    return client


def case() -> AdviceRequest:
    return AdviceRequest.objects.get(kind=AdviceRequest.Kind.CASE, pupil__legal_first_name="Maya")


def test_the_child_is_seen_by_the_school_the_trust_team_and_the_parent_only(client):
    url = reverse("trusthub:advice", args=[case().pk])
    for email in ("senco.a@example.org", "head.a@example.org", "trust.lead@example.org", "parent@example.org"):
        page = signed_in(client, email).get(url)
        assert page.status_code == 200, email
        assert "Maya" in page.content.decode()
    for email in (
        "senco.b@example.org",
        "school.staff@example.org",
        "coordinator@example.org",
        "la.officer@example.org",
    ):
        assert signed_in(client, email).get(url).status_code == 404, email


def test_withdrawing_consent_cuts_access_at_once(client):
    item = case()
    referral = item.consent.referral
    referral_services.consent_withdraw(actor=person("parent@example.org"), referral=referral, note="Changed my mind")
    url = reverse("trusthub:advice", args=[item.pk])
    for email in ("senco.a@example.org", "trust.lead@example.org", "parent@example.org", "admin@example.org"):
        assert signed_in(client, email).get(url).status_code == 404, email
    listing = signed_in(client, "trust.lead@example.org").get(reverse("trusthub:advice_list")).content.decode()
    assert "Maya" not in listing and "General advice" in listing


def test_a_senco_asks_a_case_consultation_resting_on_standing_consent(client):
    senco = signed_in(client, "senco.a@example.org")
    form = senco.get(reverse("trusthub:advice_ask")).content.decode()
    assert "Maya Thornton: consent from Jo Whitlock" in form
    assert "Oliver" in form  # his current referral's written consent stands
    consent = advice.usable_consents(person("senco.a@example.org")).get(referral__pupil__legal_first_name="Maya")
    school = person("senco.a@example.org").memberships.get().school
    response = senco.post(
        reverse("trusthub:advice_ask"),
        {"school": school.pk, "kind": "case", "consent": consent.pk, "question": "How can we support Maya at lunch?"},
    )
    assert response.status_code == 302
    made = AdviceRequest.objects.latest("created_at")
    assert made.pupil.legal_first_name == "Maya" and made.consent == consent
    assert made.events.get().title == "Asked"
    missing = senco.post(reverse("trusthub:advice_ask"), {"school": school.pk, "kind": "case", "question": "?"})
    assert "Choose the child" in missing.content.decode()


def test_withdrawn_consent_cannot_carry_a_consultation():
    senco = person("senco.a@example.org")
    withdrawn = advice.Consent.objects.get(withdrawn_at__isnull=False, referral__pupil__legal_first_name="Oliver")
    with pytest.raises(DomainError, match="withdrawn"):
        advice.advice_ask(
            actor=senco, school=senco.memberships.get().school, kind="case", question="?", consent=withdrawn
        )


def test_the_lead_triages_answers_books_a_clinic_and_arranges_a_visit(client):
    lead = person("trust.lead@example.org")
    item = case()
    advice.advice_answer(actor=lead, request=item, answer="Try a visual timetable for transitions.")
    clinic = Session.objects.get(title="Clinic: sensory profiles")
    advice.advice_book_clinic(actor=lead, request=item, session=clinic)
    assert Booking.objects.get(session=clinic, person__email="senco.a@example.org").status == "booked"
    advice.advice_visit(actor=lead, request=item, day=date(2026, 12, 2), note="To observe Maya at lunch")
    page = signed_in(client, "senco.a@example.org").get(reverse("trusthub:advice", args=[item.pk])).content.decode()
    for title in ("Asked", "Answered in writing", "Clinic slot booked", "Visit arranged for 2 December 2026"):
        assert title in page
    with pytest.raises(PermissionDenied):
        advice.advice_answer(actor=person("senco.a@example.org"), request=item, answer="I answer myself")


def test_the_lead_reviews_a_school_and_tracks_its_action_plan(client):
    lead = signed_in(client, "trust.lead@example.org")
    hub = SchoolReview.objects.get().hub
    secondary = hub.trust.schools.get(name="Casterbridge Academy")
    response = lead.post(
        reverse("trusthub:review_add", args=[hub.pk]),
        {
            "school": secondary.pk,
            "reviewed_on_0": "10",
            "reviewed_on_1": "11",
            "reviewed_on_2": "2026",
            "reviewers": "Marcus Bell",
            "evidence": "Lesson visits",
        },
    )
    assert response.status_code == 302
    review = SchoolReview.objects.get(school=secondary)
    areas = list(hub.review_areas.all())
    grade = hub.review_grades.first()
    assert (
        lead.post(
            reverse("trusthub:review_judgements", args=[review.pk]), {f"area_{a.pk}": grade.pk for a in areas}
        ).status_code
        == 302
    )
    assert review.judgements.count() == len(areas)
    response = lead.post(
        reverse("trusthub:review_action_add", args=[review.pk]),
        {
            "action": "Map provision",
            "owner": "SENCo",
            "milestone_on_0": "1",
            "milestone_on_1": "12",
            "milestone_on_2": "2026",
            "evaluation_point": "Map in use",
        },
    )
    assert response.status_code == 302
    action = review.actions.get()
    assert overdue_review_actions(person("trust.lead@example.org")).count == 1  # the demo's school A action
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=LONDON), tick=False):
        overdue = overdue_review_actions(person("trust.lead@example.org"))
        assert overdue.count == 2 and overdue.url.startswith(reverse("trusthub:reviews"))
        reviews.progress_record(actor=person("trust.lead@example.org"), action=action, rating="done", note="Done")
        assert overdue_review_actions(person("trust.lead@example.org")).count == 1


def test_the_school_records_progress_and_other_trusts_see_nothing(client):
    review = SchoolReview.objects.get()
    action = review.actions.filter(status=ReviewAction.Status.OPEN).first()
    senco = signed_in(client, "senco.a@example.org")
    assert senco.get(reverse("trusthub:review", args=[review.pk])).status_code == 200
    response = senco.post(reverse("trusthub:review_progress", args=[action.pk]), {"rating": "at_risk", "note": "Slow"})
    assert response.status_code == 302
    assert action.progress.last().rating == "at_risk"
    other = signed_in(client, "senco.b@example.org")
    assert other.get(reverse("trusthub:review", args=[review.pk])).status_code == 404
    assert other.get(reverse("trusthub:review_progress", args=[action.pk])).status_code == 404
    assert overdue_review_actions(person("senco.b@example.org")).count == 0


def test_the_trust_leads_work_lists_overdue_review_actions_and_advice_to_triage(client):
    page = signed_in(client, "trust.lead@example.org").get(reverse("home")).content.decode()
    assert "School SEND review actions past their milestone" in page
    assert "Advice requests waiting for triage" in page
    senco_page = signed_in(client, "senco.a@example.org").get(reverse("home")).content.decode()
    assert "Advice requests waiting for triage" not in senco_page
