"""`seed_scale` builds invented data at scale on top of the demo world, and running it again changes nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Min

from consultations.models import Consultation
from pupils.models import AnnualReview, EHCPlan, Pupil, SupportCycle
from referrals.models import Action, CaseDiscussion, Meeting, Referral
from sendhub.models import LocalAuthority, School
from sendhub.scale import SIZES, ScaleSize

TINY = ScaleSize(
    "tiny", schools=4, pupils=40, ehc_plans=12, districts=4, mainstream_hubs=1, referrals=8, responses=10,
    national_plans=30, national_authorities=2, schools_per_authority=2,
)  # fmt: skip


def counts() -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "pupils": Pupil.objects.count(),
        "plans": EHCPlan.objects.count(),
        "reviews": AnnualReview.objects.count(),
        "cycles": SupportCycle.objects.count(),
        "referrals": Referral.objects.count(),
        "meetings": Meeting.objects.count(),
        "discussions": CaseDiscussion.objects.count(),
        "actions": Action.objects.count(),
    }


@pytest.mark.django_db
def test_seed_scale_refuses_sqlite_with_a_message(monkeypatch):
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("seed_scale", size="tenth")


@pytest.mark.postgres
@pytest.mark.django_db
def test_seed_scale_builds_on_the_demo_world_and_a_second_run_changes_nothing(monkeypatch):
    monkeypatch.setitem(SIZES, "tiny", TINY)
    call_command("seed_scale", size="tiny", stdout=open("/dev/null", "w"))
    first = counts()
    wessex = LocalAuthority.objects.get(code="990")
    scale_pupils = Pupil.objects.filter(school__urn__startswith="5", school__local_authority=wessex)
    assert scale_pupils.count() == 40
    assert scale_pupils.filter(sen_provision="E").count() == 12
    assert LocalAuthority.objects.filter(name__startswith="Scale Authority").count() == 2
    assert Pupil.objects.filter(school__local_authority__name__startswith="Scale Authority").count() == 18
    scale_referrals = Referral.objects.filter(school__urn__startswith="5", school__local_authority=wessex)
    assert scale_referrals.count() == 8
    assert all(
        r.consent.given_by_contact.pupil_id == r.pupil_id
        for r in scale_referrals.select_related("consent__given_by_contact")
    )
    discussed = scale_referrals.filter(discussions__isnull=False).distinct()
    assert Action.objects.filter(referral__in=discussed).count() == 2 * discussed.count()
    assert not Action.objects.exclude(review="").filter(reviewed_at__isnull=True).exists()
    # The dates the services keep (the dashboards read them), kept by the seeder too.
    first_discussed = Referral.objects.annotate(first=Min("discussions__agenda_item__meeting__starts_at"))
    assert all(r.first_discussed_at == r.first for r in first_discussed)
    assert discussed.exclude(first_discussed_at=None).count() == discussed.count()
    for plan in EHCPlan.objects.prefetch_related("reviews"):
        meetings = sorted(review.meeting_on for review in plan.reviews.all())
        for review in plan.reviews.all():
            earlier = [m for m in meetings if m < review.meeting_on]
            assert review.anchor_on == (earlier[-1] if earlier else plan.issued_on)
    scale_consultation = Consultation.objects.get(slug="scale-consultation")
    assert scale_consultation.responses.count() == 10
    assert scale_consultation.state == Consultation.State.OUTCOME_PUBLISHED
    call_command("seed_scale", size="tiny", stdout=open("/dev/null", "w"))
    assert counts() == first
    assert scale_consultation.responses.count() == 10
