"""EHC events on a pupil's timeline, and the EHC summary the pupil page includes; both only what the user may see."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.selectors import ehc_summary
from pupils.models import AnnualReview
from pupils.records.timeline import timeline_for
from tests.pupils.ehc.helpers import (
    TODAY,
    link_parent,
    pupil_at,
    request,
    weeks_ago,
    with_plan,
)


@pytest.fixture
def pupil_with_history(personas, hub, frozen):
    pupil = pupil_at(personas.school_a)
    plan = with_plan(personas.la_officer, pupil, weeks_ago(90), final_weeks=19, hub=hub)
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(20))
    services.review_record(
        actor=personas.la_officer, review=review, decision=AnnualReview.Decision.CEASE, decision_on=weeks_ago(18)
    )
    request(personas.la_officer, pupil, weeks_ago(2))
    return pupil


def test_the_timeline_shows_each_ehc_step_newest_first(personas, pupil_with_history):
    events = [e for e in timeline_for(pupil_with_history, personas.la_officer) if e.kind == "EHC"]
    titles = [e.title for e in events]
    assert titles == [
        "Request for an EHC needs assessment",
        "EHC plan ceased",
        "Decision after the annual review",
        "Annual review meeting",
        "Final EHC plan issued",
        "Draft EHC plan served",
        "Decided to carry out an EHC needs assessment",
        "Request for an EHC needs assessment",
    ]
    final = events[4]
    assert final.detail == "Names School A Hub" and final.url.startswith("/pupils/ehc/assessments/")
    assert events[2].detail == "Cease the plan"


@pytest.mark.parametrize("who", ["senco_b", "coordinator", "parent", "outsider"])
def test_people_who_may_not_see_the_pupils_ehc_records_get_no_events(personas, pupil_with_history, who):
    assert not [e for e in timeline_for(pupil_with_history, getattr(personas, who)) if e.kind == "EHC"]


def test_a_parent_sees_their_own_childs_ehc_events(personas, pupil_with_history):
    link_parent(pupil_with_history, personas.parent)
    assert [e for e in timeline_for(pupil_with_history, personas.parent) if e.kind == "EHC"]


def _summary_html(pupil, user) -> str:
    return render_to_string("pupils/ehc/_summary.html", {"ehc": ehc_summary(pupil=pupil, user=user, today=TODAY)})


def test_the_summary_offers_the_la_officer_a_request_when_there_is_no_case(personas, frozen):
    pupil = pupil_at(personas.school_a)
    html = _summary_html(pupil, personas.la_officer)
    assert "No EHC needs assessment or plan is recorded" in html
    assert reverse("pupils:ehc_request", kwargs={"pk": pupil.pk}) in html
    assert "Record a request" not in _summary_html(pupil, personas.senco_a)


def test_the_summary_shows_the_open_assessment_with_its_next_deadline(personas, frozen):
    pupil = pupil_at(personas.school_a)
    a = request(personas.la_officer, pupil, weeks_ago(5))
    html = _summary_html(pupil, personas.senco_a)
    assert reverse("pupils:ehc_assessment", kwargs={"pk": a.pk}) in html
    assert "decide whether to assess by Monday 9 March 2026: due in 7 days" in html
    assert "Record a request" not in _summary_html(pupil, personas.la_officer)


def test_the_summary_shows_the_current_plan_and_earlier_records(personas, pupil_with_history):
    later_plan_pupil = pupil_at(personas.school_a)
    plan = with_plan(personas.la_officer, later_plan_pupil, weeks_ago(30), school=personas.school_a)
    html = _summary_html(later_plan_pupil, personas.trust_lead)
    assert reverse("pupils:ehc_plan", kwargs={"pk": plan.pk}) in html and "Next annual review" in html
    history = _summary_html(pupil_with_history, personas.la_officer)
    assert "Earlier" in history and "ceased" in history


def test_the_summary_is_empty_for_someone_who_may_not_see_the_records(personas, pupil_with_history):
    summary = ehc_summary(pupil=pupil_with_history, user=personas.senco_b, today=TODAY)
    assert summary.is_empty and not summary.can_request
