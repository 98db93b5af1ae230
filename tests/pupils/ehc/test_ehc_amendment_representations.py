"""Reg 22: the parent has 15 days beginning with the amendment notice to make representations; the
amended plan waits for them, exactly as the final plan waits for the draft's comment period."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.statutory import amendment_representations_end
from pupils.models import AnnualReview
from sendhub.errors import DomainError
from tests.pupils.ehc.helpers import TODAY, pupil_at, weeks_ago, with_plan
from tests.pupils.ehc.test_ehc_pages import on

NOTICE = weeks_ago(3)  # Monday 9 February 2026: the 15 days run to Monday 23 February


@pytest.fixture
def amending(personas, frozen):
    plan = with_plan(
        personas.la_officer, pupil_at(personas.school_a), weeks_ago(80), final_weeks=20, school=personas.school_a
    )
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(5))
    services.review_record(
        actor=personas.la_officer,
        review=review,
        decision=AnnualReview.Decision.AMEND,
        decision_on=weeks_ago(4),
        amendment_notice_on=NOTICE,
    )
    return review


def test_the_15_days_begin_with_the_notice():
    assert amendment_representations_end(date(2026, 2, 9)) == date(2026, 2, 23)
    assert amendment_representations_end(date(2028, 2, 15)) == date(2028, 2, 29)


@pytest.mark.parametrize("issued", [NOTICE, NOTICE + timedelta(days=7), NOTICE + timedelta(days=14)])
def test_the_amended_plan_cannot_be_issued_within_the_15_days(personas, amending, issued):
    with pytest.raises(DomainError, match="until 23 February 2026") as info:
        services.review_record(actor=personas.la_officer, review=amending, amended_plan_issued_on=issued)
    assert info.value.field == "amended_plan_issued_on"
    amending.refresh_from_db()
    assert amending.amended_plan_issued_on is None


def test_the_day_after_the_15_days_it_can(personas, amending):
    review = services.review_record(
        actor=personas.la_officer, review=amending, amended_plan_issued_on=NOTICE + timedelta(days=15)
    )
    assert review.amended_plan_issued_on == date(2026, 2, 24)


def test_with_the_parents_representations_recorded_it_can_be_issued_sooner(personas, amending):
    with pytest.raises(DomainError, match="after the date the parent's representations were received"):
        services.review_record(
            actor=personas.la_officer,
            review=amending,
            representations_received_on=NOTICE + timedelta(days=6),
            amended_plan_issued_on=NOTICE + timedelta(days=5),
        )
    review = services.review_record(
        actor=personas.la_officer,
        review=amending,
        representations_received_on=NOTICE + timedelta(days=5),
        amended_plan_issued_on=NOTICE + timedelta(days=5),
    )
    assert review.amended_plan_issued_on == NOTICE + timedelta(days=5)


def test_representations_cannot_come_before_the_notice_or_in_the_future(personas, amending):
    with pytest.raises(DomainError, match="amendment notice"):
        services.review_record(
            actor=personas.la_officer, review=amending, representations_received_on=NOTICE - timedelta(days=1)
        )
    with pytest.raises(DomainError):
        services.review_record(
            actor=personas.la_officer, review=amending, representations_received_on=TODAY + timedelta(days=1)
        )


def test_the_pages_refuse_then_accept_with_the_representations(client_for, personas, amending):
    client = client_for(personas.la_officer)
    plan_url = reverse("pupils:ehc_review_amended_plan", kwargs={"pk": amending.pk})
    response = client.post(plan_url, {"setting": "same", **on(NOTICE + timedelta(days=2), "amended_plan_issued_on")})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and "until 23 February 2026" in html
    notice_url = reverse("pupils:ehc_review_notice", kwargs={"pk": amending.pk})
    response = client.post(
        notice_url,
        {**on(NOTICE, "amendment_notice_on"), **on(NOTICE + timedelta(days=1), "representations_received_on")},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(plan_url, {"setting": "same", **on(NOTICE + timedelta(days=2), "amended_plan_issued_on")})
    assert response.status_code == 302
    html = client.get(reverse("pupils:ehc_review", kwargs={"pk": amending.pk})).content.decode()
    assert "10 February 2026" in html  # the representations, shown on the review
