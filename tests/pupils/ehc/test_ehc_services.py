"""EHC services: each step of the statutory process, the order of its dates, named settings, who may act."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from hubs.models import Hub
from pupils.ehc import services
from pupils.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from sendhub.dates import add_weeks
from sendhub.errors import DomainError
from tests.pupils.ehc.helpers import (
    TODAY,
    assessing,
    decided_review,
    pupil_at,
    request,
    weeks_ago,
    with_draft,
    with_plan,
)

ASSESS, NOT_ASSESS = EHCAssessment.Decision.ASSESS, EHCAssessment.Decision.NOT_ASSESS
ANY_FIELD = object()


@pytest.fixture
def pupil(personas):
    return pupil_at(personas.school_a)


@contextmanager
def refused(message: str, field: str | None | object = ANY_FIELD):
    """A DomainError whose message contains `message`, on `field` when one is given."""
    with pytest.raises(DomainError, match=re.escape(message)) as info:
        yield info
    if field is not ANY_FIELD:
        assert info.value.field == field


# --- Requests -----------------------------------------------------------------------------------------


def test_la_officer_records_a_request_that_is_open_and_awaits_a_decision(personas, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(1))
    assert a.is_open and a.status == "Deciding whether to assess" and a.created_by == personas.la_officer


def test_a_pupil_has_at_most_one_open_assessment(personas, pupil, frozen):
    request(personas.la_officer, pupil, weeks_ago(3))
    with refused("already has an open EHC needs assessment, requested on 9 February 2026"):
        request(personas.la_officer, pupil, weeks_ago(1))
    assert EHCAssessment.objects.filter(pupil=pupil).count() == 1


def test_after_a_decision_not_to_assess_a_new_request_can_be_recorded(personas, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(10))
    services.assessment_decide(actor=personas.la_officer, assessment=a, decision=NOT_ASSESS, decision_on=weeks_ago(5))
    assert not EHCAssessment.objects.get(pk=a.pk).is_open
    assert request(personas.la_officer, pupil, weeks_ago(1)).is_open


def test_a_request_is_refused_while_the_pupil_has_a_current_plan(personas, pupil, frozen):
    with_plan(personas.la_officer, pupil, weeks_ago(30), school=personas.school_a)
    with refused("already has an EHC plan, made on"):
        request(personas.la_officer, pupil, weeks_ago(1))


def test_a_request_dated_in_the_future_is_refused(personas, pupil, frozen):
    with refused("The date the request was received must be today or in the past", field="request_received_on"):
        request(personas.la_officer, pupil, TODAY + timedelta(days=1))


def test_a_request_before_the_pupil_was_born_is_refused(personas, frozen):
    baby = pupil_at(personas.school_a, date_of_birth=weeks_ago(10))
    with refused("after the pupil's date of birth", field="request_received_on"):
        request(personas.la_officer, baby, weeks_ago(12))


def test_who_asked_must_be_one_of_the_listed_requesters(personas, pupil, frozen):
    with refused("Select who asked for the assessment", field="requested_by"):
        services.assessment_request(
            actor=personas.la_officer, pupil=pupil, request_received_on=TODAY, requested_by="neighbour"
        )


@pytest.mark.parametrize("who", ["senco_a", "trust_lead", "admin", "outsider"])
def test_only_the_la_officer_of_the_schools_authority_records_a_request(personas, pupil, frozen, who):
    with pytest.raises(PermissionDenied):
        request(getattr(personas, who), pupil, weeks_ago(1))
    assert not EHCAssessment.objects.exists()


def test_changing_the_request_date_keeps_it_before_the_decision(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))  # decided 5 weeks ago
    with refused(
        "must be the same as or before the date of the decision, 26 January 2026", field="request_received_on"
    ):
        services.assessment_change_request(
            actor=personas.la_officer,
            assessment=a,
            request_received_on=weeks_ago(4),
            requested_by=EHCAssessment.Requester.SCHOOL,
        )
    services.assessment_change_request(
        actor=personas.la_officer,
        assessment=a,
        request_received_on=weeks_ago(11),
        requested_by=EHCAssessment.Requester.SCHOOL,
        requester_name=" School A ",
    )
    a.refresh_from_db()
    assert a.request_received_on == weeks_ago(11) and a.requester_name == "School A"


# --- Decision, draft, comments, consultation ---------------------------------------------------------------


def test_the_decision_cannot_come_before_the_request(personas, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(2))
    with refused(
        "The date of the decision must be the same as or after the date the request was received, 16 February 2026",
        field="decision_on",
    ):
        services.assessment_decide(actor=personas.la_officer, assessment=a, decision=ASSESS, decision_on=weeks_ago(3))


def test_the_decision_cannot_be_in_the_future(personas, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(2))
    with refused("The date of the decision must be today or in the past", field="decision_on"):
        services.assessment_decide(
            actor=personas.la_officer, assessment=a, decision=ASSESS, decision_on=TODAY + timedelta(days=3)
        )


def test_the_decision_cannot_become_not_to_assess_once_a_draft_was_served(personas, pupil, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(16))
    with refused("the decision must stay 'assess'", field="decision"):
        services.assessment_decide(
            actor=personas.la_officer, assessment=a, decision=NOT_ASSESS, decision_on=weeks_ago(10)
        )


def test_a_draft_needs_a_decision_to_assess_first(personas, pupil, frozen):
    a = request(personas.la_officer, pupil, weeks_ago(3))
    with refused("Record the decision to assess before serving a draft plan"):
        services.assessment_serve_draft(actor=personas.la_officer, assessment=a, draft_served_on=weeks_ago(1))


def test_the_draft_cannot_come_before_the_decision(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused(
        "The date the draft plan was served must be the same as or after the date of the decision",
        field="draft_served_on",
    ):
        services.assessment_serve_draft(actor=personas.la_officer, assessment=a, draft_served_on=weeks_ago(6))


def test_decision_not_to_issue_closes_the_case_and_no_draft_can_follow(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(16))
    a = services.assessment_decline_to_issue(actor=personas.la_officer, assessment=a, not_to_issue_on=weeks_ago(1))
    assert a.status == "Decided not to issue a plan" and not a.is_open
    with refused("that no plan will be issued, so no draft plan is served"):
        services.assessment_serve_draft(actor=personas.la_officer, assessment=a, draft_served_on=TODAY)


def test_no_decision_not_to_issue_once_a_draft_was_served(personas, pupil, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(16))
    with refused("issue the final plan rather than deciding not to issue one"):
        services.assessment_decline_to_issue(actor=personas.la_officer, assessment=a, not_to_issue_on=TODAY)


def test_comments_need_a_draft(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused("Record the date the draft plan was served before the parent's comments"):
        services.assessment_record_comments(actor=personas.la_officer, assessment=a, comments_received_on=TODAY)


def test_the_school_cannot_reply_before_it_was_consulted(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused(
        "The date the school replied must be the same as or after the date the school was consulted",
        field="school_responded_on",
    ):
        services.assessment_consult_school(
            actor=personas.la_officer,
            assessment=a,
            school_consulted=personas.school_a,
            school_consulted_on=weeks_ago(2),
            school_responded_on=weeks_ago(3),
        )
    services.assessment_consult_school(
        actor=personas.la_officer, assessment=a, school_consulted=personas.school_b, school_consulted_on=weeks_ago(2)
    )
    a.refresh_from_db()
    assert a.school_consulted == personas.school_b and a.school_responded_on is None


# --- The final plan -----------------------------------------------------------------------------------


def test_the_final_plan_needs_a_draft_first(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused("Record the date the draft plan was served before issuing the final plan"):
        services.assessment_issue_final(
            actor=personas.la_officer, assessment=a, final_issued_on=TODAY, named_school=personas.school_a
        )


def test_the_final_plan_waits_for_the_parents_15_days_unless_their_comments_are_in(personas, pupil, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(16), draft_weeks=13)  # served 9 February
    with refused("The parent can comment on the draft plan until 23 February 2026", field="final_issued_on"):
        services.assessment_issue_final(
            actor=personas.la_officer,
            assessment=a,
            final_issued_on=weeks_ago(0, days=7),
            named_school=personas.school_a,
        )
    services.assessment_record_comments(actor=personas.la_officer, assessment=a, comments_received_on=weeks_ago(0, 8))
    plan = services.assessment_issue_final(
        actor=personas.la_officer, assessment=a, final_issued_on=weeks_ago(0, days=7), named_school=personas.school_a
    )
    assert plan.issued_on == weeks_ago(0, days=7)


def test_the_final_plan_makes_the_ehc_plan_and_sets_provision_e(personas, pupil, hub, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(20), draft_weeks=14)
    plan = services.assessment_issue_final(
        actor=personas.la_officer, assessment=a, final_issued_on=weeks_ago(1), named_hub=hub
    )
    plan.refresh_from_db()
    assert plan.assessment == a and plan.named_hub == hub and plan.named_school is None
    assert plan.issued_on == weeks_ago(1) and plan.ceased_on is None
    assert Pupil.objects.get(pk=pupil.pk).sen_provision == "E"
    assert EHCAssessment.objects.get(pk=a.pk).status == "Final plan issued"


def test_the_final_plan_cannot_predate_the_draft(personas, pupil, frozen):
    a = with_draft(personas.la_officer, pupil, weeks_ago(20), draft_weeks=14)
    with refused(
        "The date the final plan was issued must be the same as or after the date the draft plan was served",
        field="final_issued_on",
    ):
        services.assessment_issue_final(
            actor=personas.la_officer, assessment=a, final_issued_on=weeks_ago(10), named_school=personas.school_a
        )


@pytest.mark.parametrize(
    "setting, message, field",
    [
        ("both", "Name a school or a mainstream SEND hub, not both", "named_school"),
        ("neither", "Enter the school or select the mainstream SEND hub the plan names", "named_school"),
        ("district_hub", "is not an active mainstream SEND hub", "named_hub"),
        ("inactive_hub", "is not an active mainstream SEND hub", "named_hub"),
        ("closed_school", "is closed: enter the URN of an open school", "named_school"),
    ],
)
def test_the_final_plan_names_one_open_school_or_one_active_mainstream_hub(
    personas, pupil, hub, frozen, setting, message, field
):
    a = with_draft(personas.la_officer, pupil, weeks_ago(20), draft_weeks=14)
    school, named_hub = None, None
    if setting == "both":
        school, named_hub = personas.school_a, hub
    elif setting == "district_hub":
        named_hub = Hub.objects.create(kind=Hub.Kind.DISTRICT, name="North hub", district=personas.district_a)
    elif setting == "inactive_hub":
        hub.is_active = False
        hub.save()
        named_hub = hub
    elif setting == "closed_school":
        personas.school_b.is_open = False
        personas.school_b.save()
        school = personas.school_b
    with refused(message, field=field):
        services.assessment_issue_final(
            actor=personas.la_officer, assessment=a, final_issued_on=TODAY, named_school=school, named_hub=named_hub
        )
    assert not EHCPlan.objects.exists()


@pytest.mark.parametrize(
    "need, message", [("", "Record the pupil's primary need"), ("NSA", "'no specialist assessment'")]
)
def test_the_final_plan_needs_a_primary_need_that_fits_a_plan(personas, frozen, need, message):
    pupil = pupil_at(personas.school_a, primary_need=need, sen_provision="K" if need else "N")
    a = with_draft(personas.la_officer, pupil, weeks_ago(20), draft_weeks=14)
    with refused(message):
        services.assessment_issue_final(
            actor=personas.la_officer, assessment=a, final_issued_on=TODAY, named_school=personas.school_a
        )


def test_correcting_the_final_plan_changes_the_plan_too(personas, pupil, hub, frozen):
    plan = with_plan(personas.la_officer, pupil, weeks_ago(30), final_weeks=19, school=personas.school_a)
    services.assessment_issue_final(
        actor=personas.la_officer, assessment=plan.assessment, final_issued_on=weeks_ago(10), named_hub=hub
    )
    plan.refresh_from_db()
    assert plan.issued_on == weeks_ago(10) and plan.named_hub == hub and plan.named_school is None
    assert EHCPlan.objects.count() == 1


# --- Exceptions and advice ---------------------------------------------------------------------------------


def test_an_exception_is_recorded_with_dates_and_a_reason(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    e = services.exception_add(
        actor=personas.la_officer,
        assessment=a,
        kind=EHCException.Kind.PERSONAL_CIRCUMSTANCES,
        starts_on=weeks_ago(6),
        ends_on=None,
        reason="  Family bereavement  ",
    )
    assert e.reason == "Family bereavement" and e.recorded_by == personas.la_officer


@pytest.mark.parametrize(
    "kind, starts, ends, reason, message, field",
    [
        (
            "absent",
            weeks_ago(8),
            weeks_ago(6),
            "Away",
            "absence from the area counts only if it lasts at least 4 weeks",
            "ends_on",
        ),
        (
            "school_closure",
            weeks_ago(8),
            weeks_ago(5),
            "Closed",
            "closure counts only if it lasts at least 4 weeks",
            "ends_on",
        ),
        (
            "personal",
            weeks_ago(4),
            weeks_ago(5),
            "Ill",
            "The end date must be the same as or after the start date",
            "ends_on",
        ),
        (
            "personal",
            weeks_ago(20),
            weeks_ago(15),
            "Ill",
            "an earlier period does not affect this assessment",
            "ends_on",
        ),
        (
            "personal",
            TODAY + timedelta(days=1),
            None,
            "Ill",
            "The start date must be today or in the past",
            "starts_on",
        ),
        ("personal", weeks_ago(4), None, "   ", "Enter the reason for the exception", "reason"),
        ("holiday", weeks_ago(4), None, "Away", "Select the kind of exception", "kind"),
    ],
)
def test_an_exception_with_wrong_dates_or_no_reason_is_refused(
    personas, pupil, frozen, kind, starts, ends, reason, message, field
):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused(message, field=field):
        services.exception_add(
            actor=personas.la_officer, assessment=a, kind=kind, starts_on=starts, ends_on=ends, reason=reason
        )


def test_an_absence_of_exactly_four_weeks_counts(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    services.exception_add(
        actor=personas.la_officer,
        assessment=a,
        kind="absent",
        starts_on=weeks_ago(8),
        ends_on=weeks_ago(4) - timedelta(days=1),
        reason="Abroad with family",
    )


def test_the_schools_senco_adds_the_schools_advice_and_no_other(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    advice = services.advice_add(
        actor=personas.senco_a, assessment=a, source="school", advice="Needs a quiet space", given_on=weeks_ago(1)
    )
    assert advice.pupil == pupil and advice.author == personas.senco_a
    with refused("As the school's SENCo you can add the school's advice only", field="source"):
        services.advice_add(actor=personas.senco_a, assessment=a, source="health", advice="x", given_on=TODAY)


def test_the_la_officer_adds_advice_from_any_source(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    services.advice_add(actor=personas.la_officer, assessment=a, source="ep", advice="Report", given_on=TODAY)
    assert EHCAdvice.objects.get().source == EHCAdvice.Source.EDUCATIONAL_PSYCHOLOGIST


@pytest.mark.parametrize("who", ["senco_b", "trust_lead", "parent", "admin"])
def test_others_cannot_add_advice(personas, pupil, frozen, who):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with pytest.raises(PermissionDenied):
        services.advice_add(actor=getattr(personas, who), assessment=a, source="school", advice="x", given_on=TODAY)


def test_advice_is_refused_once_the_assessment_is_closed_or_dated_in_the_future(personas, pupil, frozen):
    a = assessing(personas.la_officer, pupil, weeks_ago(10))
    with refused("must be today or in the past", field="given_on"):
        services.advice_add(
            actor=personas.la_officer, assessment=a, source="ep", advice="x", given_on=TODAY + timedelta(days=1)
        )
    services.assessment_decline_to_issue(actor=personas.la_officer, assessment=a, not_to_issue_on=TODAY)
    with refused("advice can be added only while it is open"):
        services.advice_add(actor=personas.la_officer, assessment=a, source="ep", advice="x", given_on=TODAY)


# --- Annual reviews ----------------------------------------------------------------------------------------


@pytest.fixture
def plan(personas, pupil, frozen):
    return with_plan(
        personas.la_officer, pupil, weeks_ago(80), final_weeks=20, school=personas.school_a
    )  # 60 weeks ago


def test_a_review_meeting_can_be_arranged_in_the_future_but_not_invited_in_the_future(personas, plan):
    review = services.review_add(
        actor=personas.la_officer, plan=plan, meeting_on=TODAY + timedelta(weeks=3), notice_given_on=TODAY
    )
    assert review.status == "Meeting arranged"
    with refused("The date people were invited to the meeting must be today or in the past", field="notice_given_on"):
        services.review_record(actor=personas.la_officer, review=review, notice_given_on=TODAY + timedelta(days=1))


def test_a_review_cannot_come_before_the_plan(personas, plan):
    with refused("must be the same as or after the date the plan was made", field="meeting_on"):
        services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(70))


def test_the_next_review_waits_for_the_decision_on_the_last(personas, plan):
    services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(10))
    with refused("has no decision yet: record its decision before adding another review"):
        services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(1))


def test_a_review_report_before_the_meeting_or_for_a_future_meeting_is_refused(personas, plan):
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(2))
    with refused(
        "The date the review report was sent must be the same as or after the date of the review meeting",
        field="report_sent_on",
    ):
        services.review_record(actor=personas.la_officer, review=review, report_sent_on=weeks_ago(3))
    services.review_record(actor=personas.la_officer, review=review, meeting_on=TODAY + timedelta(weeks=1))
    with refused("record what happened after it has taken place"):
        services.review_record(actor=personas.la_officer, review=review, report_sent_on=TODAY)


def test_a_review_leading_to_an_amendment_names_the_hub_on_the_plan(personas, plan, hub):
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(12))
    with refused("Record a decision to amend the plan before its amendment notice"):
        services.review_record(actor=personas.la_officer, review=review, amendment_notice_on=weeks_ago(9))
    services.review_record(
        actor=personas.la_officer,
        review=review,
        report_sent_on=weeks_ago(11),
        decision=AnnualReview.Decision.AMEND,
        decision_on=weeks_ago(9),
    )
    with refused("Record the date of the amendment notice before the amended plan", field="amended_plan_issued_on"):
        services.review_record(actor=personas.la_officer, review=review, amended_plan_issued_on=weeks_ago(1))
    services.review_record(actor=personas.la_officer, review=review, amendment_notice_on=weeks_ago(9))
    with refused("must be the same as or after the date of the amendment notice", field="amended_plan_issued_on"):
        services.review_record(actor=personas.la_officer, review=review, amended_plan_issued_on=weeks_ago(10))
    services.review_record(
        actor=personas.la_officer,
        review=review,
        amended_plan_issued_on=weeks_ago(2),
        new_named_school=None,
        new_named_hub=hub,
    )
    plan.refresh_from_db()
    assert plan.named_hub == hub and plan.named_school is None
    with refused("decision must stay 'amend the plan'", field="decision"):
        services.review_record(
            actor=personas.la_officer, review=review, decision=AnnualReview.Decision.MAINTAIN, decision_on=weeks_ago(9)
        )
    with refused("The amended plan was recorded as issued"):
        services.review_record(
            actor=personas.la_officer,
            review=review,
            amended_plan_issued_on=weeks_ago(1),
            new_named_school=personas.school_a,
            new_named_hub=None,
        )


def test_a_decision_needs_its_date(personas, plan):
    review = services.review_add(actor=personas.la_officer, plan=plan, meeting_on=weeks_ago(3))
    with refused("Enter the date of the decision", field="decision_on"):
        services.review_record(actor=personas.la_officer, review=review, decision=AnnualReview.Decision.MAINTAIN)


def test_ceasing_the_plan_ends_it_on_the_decision_date_and_puts_the_pupil_on_sen_support(personas, plan, pupil):
    review = decided_review(personas.la_officer, plan, weeks_ago(3), AnnualReview.Decision.CEASE)
    plan.refresh_from_db()
    assert plan.ceased_on == weeks_ago(3) and not plan.is_current
    assert Pupil.objects.get(pk=pupil.pk).sen_provision == "K"
    with refused("a ceased plan cannot be restored here", field="decision"):
        services.review_record(actor=personas.la_officer, review=review, decision=AnnualReview.Decision.MAINTAIN)
    with refused("This plan ceased on"):
        services.review_add(actor=personas.la_officer, plan=plan, meeting_on=TODAY)
    # A new assessment can follow a ceased plan.
    assert request(personas.la_officer, pupil, TODAY).is_open


def test_only_the_la_officer_records_reviews(personas, plan):
    with pytest.raises(PermissionDenied):
        services.review_add(actor=personas.senco_a, plan=plan, meeting_on=TODAY)


def test_phase_transfer_year_is_set_checked_and_cleared(personas, plan):
    with refused(
        "The year of transfer must be the same as or after the year the plan was made, 2025", field="transfer_year"
    ):
        services.plan_set_transfer(actor=personas.la_officer, plan=plan, transfer_year=2024, transfer_to_post16=False)
    with refused("The year of transfer must be 2046 or earlier", field="transfer_year"):
        services.plan_set_transfer(actor=personas.la_officer, plan=plan, transfer_year=2090, transfer_to_post16=False)
    services.plan_set_transfer(actor=personas.la_officer, plan=plan, transfer_year=2027, transfer_to_post16=True)
    plan.refresh_from_db()
    assert (plan.transfer_year, plan.transfer_to_post16) == (2027, True)
    services.plan_set_transfer(actor=personas.la_officer, plan=plan, transfer_year=None, transfer_to_post16=True)
    plan.refresh_from_db()
    assert (plan.transfer_year, plan.transfer_to_post16) == (None, False)


def test_each_step_changes_only_its_own_dates(personas, pupil, frozen):
    """A small end-to-end walk: each service leaves the other steps as they were."""
    received = weeks_ago(30)
    a = request(personas.la_officer, pupil, received)
    services.assessment_decide(
        actor=personas.la_officer, assessment=a, decision=ASSESS, decision_on=add_weeks(received, 6)
    )
    services.assessment_serve_draft(actor=personas.la_officer, assessment=a, draft_served_on=add_weeks(received, 14))
    services.assessment_record_comments(
        actor=personas.la_officer, assessment=a, comments_received_on=add_weeks(received, 15)
    )
    a.refresh_from_db()
    assert (a.decision_on, a.draft_served_on, a.comments_received_on) == (
        add_weeks(received, 6),
        add_weeks(received, 14),
        add_weeks(received, 15),
    )


def test_only_a_young_person_of_16_or_over_can_be_the_one_who_asked_for_an_assessment(db):
    from datetime import date

    from tests.factories import PupilFactory, Role, member

    pupil = PupilFactory(date_of_birth=date(2010, 3, 1))
    officer = member(Role.LA_OFFICER, local_authority=pupil.school.local_authority)
    with pytest.raises(DomainError, match="was under 16 when the request was received"):
        services.assessment_request(
            actor=officer,
            pupil=pupil,
            request_received_on=date(2026, 2, 28),
            requested_by=EHCAssessment.Requester.YOUNG_PERSON,
        )
    assessment = services.assessment_request(
        actor=officer,
        pupil=pupil,
        request_received_on=date(2026, 3, 1),
        requested_by=EHCAssessment.Requester.YOUNG_PERSON,
    )
    assert assessment.requested_by == "young_person"
