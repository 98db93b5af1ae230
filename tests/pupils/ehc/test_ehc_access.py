"""Who sees which EHC page: another school's SENCo gets a 404, the trust reads, parents see only their child."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pupils.ehc import services
from pupils.models import AnnualReview
from tests.pupils.ehc.helpers import (
    assessing,
    link_parent,
    pupil_at,
    weeks_ago,
    with_plan,
)

ASSESSMENT_PAGES = [
    "ehc_assessment",
    "ehc_assessment_request",
    "ehc_assessment_decision",
    "ehc_assessment_not_to_issue",
    "ehc_assessment_draft",
    "ehc_assessment_comments",
    "ehc_assessment_consultation",
    "ehc_assessment_final",
    "ehc_exception_add",
    "ehc_assessment_advice_add",
]
REVIEW_PAGES = [
    "ehc_review",
    "ehc_review_meeting",
    "ehc_review_report",
    "ehc_review_decision",
    "ehc_review_notice",
    "ehc_review_amended_plan",
    "ehc_review_advice_add",
]


def url(name: str, obj) -> str:
    return reverse(f"pupils:{name}", kwargs={"pk": obj.pk})


@pytest.fixture
def case(personas, frozen):
    """A school A pupil with a plan and a review, and another school A pupil being assessed."""
    pupil = pupil_at(personas.school_a)
    plan = with_plan(personas.la_officer, pupil, weeks_ago(80), final_weeks=20, school=personas.school_a)
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(2))
    assessment = assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(10))
    return {"pupil": pupil, "plan": plan, "review": review, "assessment": assessment}


def _all_urls(case) -> list[str]:
    return (
        [url(name, case["assessment"]) for name in ASSESSMENT_PAGES]
        + [url(name, case["review"]) for name in REVIEW_PAGES]
        + [
            url("ehc_plan", case["plan"]),
            url("ehc_plan_transfer", case["plan"]),
            url("ehc_review_add", case["plan"]),
            url("ehc_request", case["pupil"]),
        ]
    )


@pytest.mark.parametrize("who", ["senco_b", "head_a", "coordinator", "panel", "parent", "outsider", "nobody"])
def test_people_without_a_role_at_the_pupils_school_get_404_on_every_ehc_page(personas, client_for, case, who):
    client = client_for(getattr(personas, who))
    for address in _all_urls(case):
        assert client.get(address).status_code == 404, address
        assert client.post(address, {}).status_code in (404, 405), address


def test_the_trust_lead_reads_the_case_but_gets_403_on_a_step_form(personas, client_for, case):
    client = client_for(personas.trust_lead)
    assert client.get(url("ehc_assessment", case["assessment"])).status_code == 200
    assert client.get(url("ehc_plan", case["plan"])).status_code == 200
    assert client.get(url("ehc_review", case["review"])).status_code == 200
    for name in ("ehc_assessment_decision", "ehc_assessment_final", "ehc_assessment_advice_add"):
        assert client.get(url(name, case["assessment"])).status_code == 403
        assert client.post(url(name, case["assessment"]), {"decision": "not_assess"}).status_code == 403
    assert client.get(url("ehc_review_decision", case["review"])).status_code == 403
    assert client.get(url("ehc_request", case["pupil"])).status_code == 403


def test_the_schools_senco_reads_the_case_and_adds_advice_but_records_no_step(personas, client_for, case):
    client = client_for(personas.senco_a)
    assert client.get(url("ehc_assessment", case["assessment"])).status_code == 200
    assert client.get(url("ehc_assessment_advice_add", case["assessment"])).status_code == 200
    assert client.get(url("ehc_review_advice_add", case["review"])).status_code == 200
    assert client.get(url("ehc_assessment_draft", case["assessment"])).status_code == 403
    assert client.get(url("ehc_review_report", case["review"])).status_code == 403


def test_a_parent_sees_their_childs_plan_and_assessment_read_only_and_no_other_child(personas, client_for, case):
    link_parent(case["pupil"], personas.parent)
    services.advice_add(
        actor=personas.senco_a,
        review=case["review"],
        source="school",
        given_on=weeks_ago(1),
        advice="Private notes from the school",
    )
    client = client_for(personas.parent)
    plan_html = client.get(url("ehc_plan", case["plan"])).content.decode()
    assert "EHC plan" in plan_html and url("ehc_plan_transfer", case["plan"]) not in plan_html
    assert client.get(url("ehc_assessment", case["plan"].assessment)).status_code == 200
    review_html = client.get(url("ehc_review", case["review"])).content.decode()
    assert "School" in review_html and "Private notes from the school" not in review_html
    assert "The local authority sends you the advice itself with the draft plan" in review_html
    assert client.get(url("ehc_review_decision", case["review"])).status_code == 403
    assert client.get(url("ehc_assessment", case["assessment"])).status_code == 404  # another child


def test_a_senco_at_the_host_school_of_a_hub_place_sees_the_case(personas, client_for, frozen):
    from hubs.models import Hub
    from pupils.models import Placement

    hub = Hub.objects.create(kind=Hub.Kind.MAINSTREAM, name="School B Hub", host_school=personas.school_b)
    pupil = pupil_at(personas.school_a)
    plan = with_plan(personas.la_officer, pupil, weeks_ago(30), hub=hub)
    Placement.objects.create(pupil=pupil, hub=hub, plan=plan, starts_on=weeks_ago(5), created_by=personas.la_officer)
    assert client_for(personas.senco_b).get(url("ehc_plan", plan)).status_code == 200


@pytest.mark.parametrize("name", ["ehc_caseload", "ehc_reviews_due", "ehc_timeliness"])
def test_the_caseload_is_for_la_officers_and_administrators(personas, client_for, db, name):
    address = reverse(f"pupils:{name}")
    for who in ("la_officer", "admin", "outsider"):
        assert client_for(getattr(personas, who)).get(address).status_code == 200, who
    for who in ("senco_a", "trust_lead", "parent", "coordinator", "panel"):
        assert client_for(getattr(personas, who)).get(address).status_code == 403, who
    assert client_for(None).get(address).status_code == 302
    assert client_for(personas.la_officer).post(address).status_code == 405


def test_the_caseload_lists_only_the_officers_own_authority(personas, client_for, case):
    assert (
        "There are no open needs assessments"
        not in client_for(personas.la_officer).get(reverse("pupils:ehc_caseload")).content.decode()
    )
    html = client_for(personas.outsider).get(reverse("pupils:ehc_caseload")).content.decode()
    assert "There are no open needs assessments" in html and case["assessment"].pupil.name not in html


def test_reviews_pages_of_a_ceased_plan_offer_no_more_steps(personas, client_for, case):
    services.review_record(
        actor=personas.la_officer, review=case["review"], decision=AnnualReview.Decision.CEASE, decision_on=weeks_ago(1)
    )
    html = client_for(personas.la_officer).get(url("ehc_plan", case["plan"])).content.decode()
    assert "Ceased" in html and url("ehc_review_add", case["plan"]) not in html
