from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from hubs.models import Hub
from pupils.models import AnnualReview, EHCAssessment, EHCPlan, ParentMeeting, Pupil, SupportCycle, SupportProvision
from pupils.support.services import parent_meetings_refresh, support_facts_refresh
from referrals.models import Referral
from tests.factories import PupilFactory, SchoolFactory


def grow(personas, *, schools: int, pupils_per_school: int) -> None:
    """Invented records in the personas' LA: schools of trust A, each with pupils in every state."""
    today = timezone.localdate()
    admin = personas.admin
    hub, _ = Hub.objects.get_or_create(
        kind=Hub.Kind.DISTRICT, district=personas.district_a, defaults={"name": "North SEND and Inclusion Hub"}
    )
    start = SchoolFactory._meta.model.objects.count()
    for s in range(schools):
        school = SchoolFactory(
            local_authority=personas.la,
            district=personas.district_a,
            trust=personas.trust_a,
            name=f"Grown School {start + s}",
            urn=f"{700000 + start + s:06d}",
            laestab=f"838{5000 + start + s:04d}",
        )
        for n in range(pupils_per_school):
            provision = "EKN"[n % 3]
            pupil = PupilFactory(
                school=school, sen_provision=provision, primary_need="" if provision == "N" else "SEMH"
            )
            if provision == "K":
                cycle = SupportCycle.objects.create(
                    pupil=pupil,
                    started_on=today - timedelta(days=60),
                    needs="x",
                    review_date=today - timedelta(days=3),
                    created_by=admin,
                )
                SupportProvision.objects.create(cycle=cycle, description="1:1", cost_per_year=Decimal("7000"))
                ParentMeeting.objects.create(pupil=pupil, held_on=today, attendees="Parent", recorded_by=admin)
            if provision == "E":
                received = today - timedelta(weeks=30)
                assessment = EHCAssessment.objects.create(
                    pupil=pupil,
                    request_received_on=received,
                    requested_by="parent",
                    decision="assess",
                    decision_on=received + timedelta(weeks=5),
                    final_issued_on=received + timedelta(weeks=19),
                    created_by=admin,
                )
                plan = EHCPlan.objects.create(pupil=pupil, assessment=assessment, issued_on=assessment.final_issued_on)
                AnnualReview.objects.create(plan=plan, meeting_on=today - timedelta(days=1), created_by=admin)
            Referral.objects.create(
                pupil=pupil,
                school=school,
                hub=hub,
                status=Referral.Status.SUBMITTED,
                submitted_at=timezone.now() - timedelta(days=1),
                created_by=admin,
            )
    # The cycles and meetings above are written directly, not through the services that keep the
    # pupil's facts (support cost and review date, meetings this year): refreshed here as they would.
    grown = Pupil.objects.filter(school__name__startswith="Grown School")
    support_facts_refresh(pupils=grown)
    parent_meetings_refresh(pupils=grown)


@pytest.fixture
def grown(personas):
    def make(schools: int, pupils_per_school: int):
        grow(personas, schools=schools, pupils_per_school=pupils_per_school)
        return personas

    return make


TODAY = date.today()
