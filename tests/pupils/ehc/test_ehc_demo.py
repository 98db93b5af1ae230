"""The demo world has invented pupils in every EHC state, built through the services."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from pupils.ehc.demo import demo_upns
from pupils.models import AnnualReview, EHCAssessment, EHCPlan, Pupil
from pupils.statutory import is_valid_upn, issued_within_20_weeks


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)
    return demo_upns()


def _assessment(upns, case) -> EHCAssessment:
    return EHCAssessment.objects.get(pupil__upn=upns[case])


def test_every_demo_upn_is_valid_and_unique():
    upns = demo_upns()
    assert all(is_valid_upn(upn) for upn in upns.values())
    assert len(set(upns.values())) == len(upns)


def test_the_demo_has_an_assessment_in_every_state(seeded):
    statuses = {
        case: _assessment(seeded, case).status
        for case in ("awaiting", "awaiting_overdue", "not_assessed", "assessing", "not_to_issue", "draft")
    }
    assert statuses == {
        "awaiting": "Deciding whether to assess",
        "awaiting_overdue": "Deciding whether to assess",
        "not_assessed": "Decided not to assess",
        "assessing": "Assessing",
        "not_to_issue": "Decided not to issue a plan",
        "draft": "Draft plan served",
    }
    assert _assessment(seeded, "assessing").advice.filter(source="school").exists()


def test_the_demo_plans_include_one_naming_the_hub_one_late_and_one_with_an_exception(seeded):
    on_time = _assessment(seeded, "final_on_time")
    assert on_time.plan.named_hub is not None and on_time.plan.named_hub.kind == "mainstream"
    assert issued_within_20_weeks(on_time.request_received_on, on_time.final_issued_on)
    late = _assessment(seeded, "final_late")
    assert not issued_within_20_weeks(late.request_received_on, late.final_issued_on)
    assert _assessment(seeded, "exception").exceptions.exists()
    assert Pupil.objects.get(upn=seeded["final_on_time"]).sen_provision == "E"


def test_the_demo_has_an_amendment_a_phase_transfer_review_and_a_ceased_plan(seeded):
    amended = AnnualReview.objects.get(plan__pupil__upn=seeded["amended"])
    assert amended.decision == "amend" and amended.amended_plan_issued_on and amended.plan.named_hub is not None
    transfer = EHCPlan.objects.get(pupil__upn=seeded["phase_transfer"])
    assert transfer.transfer_year and transfer.reviews.filter(is_phase_transfer=True).exists()
    ceased = EHCPlan.objects.get(pupil__upn=seeded["ceased"])
    assert ceased.ceased_on is not None and Pupil.objects.get(upn=seeded["ceased"]).sen_provision == "K"


def test_the_demo_has_a_case_at_school_b_and_no_ehc_pupil_linked_to_a_parent_account(seeded):
    assert _assessment(seeded, "school_b").pupil.school.urn == "990102"
    assert not Pupil.objects.filter(upn__in=seeded.values(), contacts__user__isnull=False).exists()


def test_seeding_again_changes_no_ehc_record(seeded):
    counts = (EHCAssessment.objects.count(), EHCPlan.objects.count(), AnnualReview.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (EHCAssessment.objects.count(), EHCPlan.objects.count(), AnnualReview.objects.count()) == counts
