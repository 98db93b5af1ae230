"""EHC pages: an LA officer takes a pupil from request to final plan and an amended plan; errors read as GOV.UK."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from pupils.models import AnnualReview, EHCAssessment, EHCPlan, Pupil
from sendhub.dates import add_weeks
from tests.pupils.ehc.helpers import (
    assessing,
    pupil_at,
    request,
    weeks_ago,
    with_draft,
    with_plan,
)


def on(day: date, name: str) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def url(name: str, obj) -> str:
    return reverse(f"pupils:{name}", kwargs={"pk": obj.pk})


@pytest.fixture
def pupil(personas):
    return pupil_at(personas.school_a, legal_first_name="Rosa", legal_last_name="Tregarthen")


def test_la_officer_takes_a_pupil_from_request_to_a_final_plan_naming_the_hub(personas, client_for, pupil, hub, frozen):
    client = client_for(personas.la_officer)
    received = weeks_ago(30)
    response = client.post(
        url("ehc_request", pupil),
        {**on(received, "request_received_on"), "requested_by": "parent", "requester_name": "Ms Tregarthen"},
    )
    assessment = EHCAssessment.objects.get(pupil=pupil)
    assert response.status_code == 302 and response["Location"] == url("ehc_assessment", assessment)

    steps = [
        ("ehc_assessment_decision", {"decision": "assess", **on(add_weeks(received, 6), "decision_on")}),
        ("ehc_assessment_draft", on(add_weeks(received, 14), "draft_served_on")),
        ("ehc_assessment_comments", on(add_weeks(received, 15), "comments_received_on")),
        (
            "ehc_assessment_consultation",
            {
                "school_consulted": personas.school_a.urn,
                **on(add_weeks(received, 14), "school_consulted_on"),
                **on(add_weeks(received, 16), "school_responded_on"),
            },
        ),
        (
            "ehc_assessment_final",
            {
                "setting": "hub",
                "named_hub": hub.pk,
                "named_school": "",
                **on(add_weeks(received, 21), "final_issued_on"),
            },
        ),
    ]
    for name, data in steps:
        response = client.post(url(name, assessment), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        assert response["Location"] == url("ehc_assessment", assessment)

    plan = EHCPlan.objects.get(pupil=pupil)
    assert plan.named_hub == hub and plan.issued_on == add_weeks(received, 21)
    assert Pupil.objects.get(pk=pupil.pk).sen_provision == "E"
    html = client.get(url("ehc_assessment", assessment)).content.decode()
    assert "Final plan issued" in html and "School A Hub" in html
    assert "Met on the day" in html  # the decision, on the last day of its 6 weeks
    assert "Missed by 7 days" in html  # the final plan, a week past 20 weeks
    assert html.count("govuk-tag--red") == 1


def test_la_officer_records_an_annual_review_with_an_amendment(personas, client_for, pupil, hub, frozen):
    client = client_for(personas.la_officer)
    plan = with_plan(personas.la_officer, pupil, weeks_ago(80), final_weeks=20, school=personas.school_a)
    response = client.post(
        url("ehc_review_add", plan),
        {
            **on(weeks_ago(10), "meeting_on"),
            **on(weeks_ago(13), "notice_given_on"),
            "is_phase_transfer": "no",
        },
    )
    review = AnnualReview.objects.get(plan=plan)
    assert response.status_code == 302 and response["Location"] == url("ehc_review", review)
    for name, data in [
        ("ehc_review_report", on(weeks_ago(9), "report_sent_on")),
        ("ehc_review_decision", {"decision": "amend", **on(weeks_ago(7), "decision_on")}),
        ("ehc_review_notice", on(weeks_ago(7), "amendment_notice_on")),
        (
            "ehc_review_amended_plan",
            {
                "setting": "hub",
                "new_named_hub": hub.pk,
                "new_named_school": "",
                **on(weeks_ago(1), "amended_plan_issued_on"),
            },
        ),
    ]:
        response = client.post(url(name, review), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    plan.refresh_from_db()
    assert plan.named_hub == hub
    html = client.get(url("ehc_review", review)).content.decode()
    assert "Amended plan issued" in html
    assert "Met, 15 days early" in html  # the review: within 12 months of the plan, 6 January 2026
    assert "Met, 21 days early" in html  # the amended plan: 12 weeks from the meeting, 16 March 2026
    plan_html = client.get(url("ehc_plan", plan)).content.decode()
    assert "School A Hub" in plan_html and "Amended plan issued" in plan_html


def test_an_empty_step_form_shows_a_gov_uk_error_summary(personas, client_for, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(2))
    response = client_for(personas.la_officer).post(url("ehc_assessment_decision", a), {})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "<title>Error: Decision whether to assess" in html
    assert "Select whether the local authority will assess" in html and "Enter the date of the decision" in html


def test_a_refusal_from_the_service_is_shown_against_its_field(personas, client_for, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(2))
    response = client_for(personas.la_officer).post(
        url("ehc_assessment_decision", a), {"decision": "assess", **on(weeks_ago(3), "decision_on")}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="#id_decision_on_0">The date of the decision must be the same as or after the date the request was '
        "received, 16 February 2026"
    ) in html
    assert EHCAssessment.objects.get(pk=a.pk).decision == ""


@pytest.mark.parametrize(
    "day, month, year, message",
    [
        ("31", "2", "2026", "The date of the decision must be a real date"),
        ("3", "", "2026", "The date of the decision must include a month"),
        ("3", "2", "26", "The year of the date of the decision must include 4 numbers"),
    ],
)
def test_a_wrong_date_gets_a_message_that_says_what_is_wrong(
    personas, client_for, pupil, frozen, day, month, year, message
):
    a = request(personas.la_officer, pupil, weeks_ago(2))
    response = client_for(personas.la_officer).post(
        url("ehc_assessment_decision", a),
        {
            "decision": "assess",
            "decision_on_0": day,
            "decision_on_1": month,
            "decision_on_2": year,
        },
    )
    assert response.status_code == 200 and message in response.content.decode()


@pytest.mark.parametrize(
    "urn, message",
    [
        ("12345", "Enter the URN as 6 digits, like 990101"),
        ("999999", "No school has the URN 999999"),
        ("", "Enter the name or URN of the school the plan names"),
    ],
)
def test_the_named_school_is_given_by_a_urn_that_exists(personas, client_for, pupil, frozen, urn, message):
    a = with_draft(personas.la_officer, pupil, weeks_ago(20))
    response = client_for(personas.la_officer).post(
        url("ehc_assessment_final", a),
        {
            "setting": "school",
            "named_school": urn,
            **on(weeks_ago(1), "final_issued_on"),
        },
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not EHCPlan.objects.exists()


def test_a_senco_adds_the_schools_advice_without_choosing_a_source(personas, client_for, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    client = client_for(personas.senco_a)
    form = client.get(url("ehc_assessment_advice_add", a)).content.decode()
    assert "Who gave the advice?" not in form and "This is the school&#x27;s advice" in form
    response = client.post(
        url("ehc_assessment_advice_add", a), {"advice": "Needs a calm space", **on(weeks_ago(1), "given_on")}
    )
    assert response.status_code == 302
    advice = a.advice.get()
    assert advice.source == "school" and advice.author == personas.senco_a
    assert "Needs a calm space" in client.get(url("ehc_assessment", a)).content.decode()


def test_the_case_page_offers_the_steps_only_to_the_la_officer(personas, client_for, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    la_html = client_for(personas.la_officer).get(url("ehc_assessment", a)).content.decode()
    assert url("ehc_assessment_draft", a) in la_html and url("ehc_exception_add", a) in la_html
    senco_html = client_for(personas.senco_a).get(url("ehc_assessment", a)).content.decode()
    assert url("ehc_assessment_draft", a) not in senco_html and url("ehc_assessment_advice_add", a) in senco_html
    trust_html = client_for(personas.trust_lead).get(url("ehc_assessment", a)).content.decode()
    assert url("ehc_assessment_draft", a) not in trust_html and url("ehc_assessment_advice_add", a) not in trust_html


def test_nothing_changes_on_get(personas, client_for, pupil, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(20))
    client = client_for(personas.la_officer)
    for name in ("ehc_assessment_final", "ehc_assessment_comments", "ehc_exception_add"):
        assert client.get(url(name, a)).status_code == 200
    assert not EHCPlan.objects.exists() and not a.exceptions.exists()
    assert EHCAssessment.objects.get(pk=a.pk).comments_received_on is None


def test_la_officers_find_the_caseload_in_the_header_and_on_their_home_page(personas, client_for, db):
    caseload = reverse("pupils:ehc_caseload")
    html = client_for(personas.la_officer).get("/").content.decode()
    assert html.count(f'href="{caseload}"') == 2 and "EHC caseload" in html
    page = client_for(personas.la_officer).get(caseload).content.decode()
    assert page.split("</header>")[0].count('aria-current="page"') == 1  # EHC caseload, not also Pupils
    assert caseload not in client_for(personas.senco_a).get("/").content.decode()
