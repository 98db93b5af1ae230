""" "Your work" items of the pupils app (registered in PupilsConfig.ready): a SENCo's SEN support reviews
and parents not yet met three times; an LA officer's EHC deadlines this week and overdue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from pupils.ehc.selectors import OPEN_ASSESSMENT, current_plan_q, latest_anchor_due_by
from pupils.models import AnnualReview, EHCAssessment, EHCException, EHCPlan, Pupil, SupportCycle
from pupils.support.selectors import PARENT_MEETINGS_PER_YEAR
from sendhub.dates import academic_year
from sendhub.models import Role
from sendhub.notices.work import WorkItem, register_work

WEEK = timedelta(days=7)


@register_work
def senco_work(user: Any, roles: dict[str, list], today: date) -> Iterable[WorkItem]:
    schools = [m.school_id for m in roles.get(Role.SENCO, [])]
    if not schools:
        return
    cycles = SupportCycle.objects.filter(pupil__school__in=schools, reviewed_on__isnull=True)
    counts = cycles.aggregate(
        overdue=Count("pk", filter=Q(review_date__lt=today)),
        soon=Count("pk", filter=Q(review_date__gte=today, review_date__lte=today + WEEK)),
    )
    pupils = reverse("pupils:list")
    yield WorkItem("SEN support reviews overdue", counts["overdue"], pupils, overdue=True)
    yield WorkItem("SEN support reviews due this week", counts["soon"], pupils)
    # The count kept on each pupil for this academic year (`parent_meetings_refresh`), as the pupil
    # list's "fewer than 3 meetings" filter this links to reads it; an older year's count is none.
    start_year = int(academic_year(today)[:4])
    not_met = (
        Pupil.objects.filter(school__in=schools, sen_provision="K")
        .exclude(parent_meetings_year=start_year, parent_meetings_count__gte=PARENT_MEETINGS_PER_YEAR)
        .count()
    )
    yield WorkItem(
        "Pupils on SEN support whose parents you have met fewer than three times this year",
        not_met,
        f"{pupils}?few_meetings=on",
    )


@register_work
def officer_work(user: Any, roles: dict[str, list], today: date) -> Iterable[WorkItem]:
    authorities = [m.local_authority_id for m in roles.get(Role.LA_OFFICER, [])]
    if not authorities:
        return
    mine = Q(case_officer=user) | Q(case_officer__isnull=True)
    plans = EHCPlan.objects.filter(current_plan_q(today), pupil__school__local_authority__in=authorities).filter(mine)
    held = AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__lte=today)
    arranged = AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__gt=today)
    waiting = plans.filter(~Exists(arranged))

    def due_by(horizon: date) -> int:
        latest = latest_anchor_due_by(horizon)
        return waiting.filter(issued_on__lte=latest).filter(~Exists(held.filter(meeting_on__gt=latest))).count()

    overdue = due_by(today - timedelta(days=1))
    this_week = due_by(today + WEEK) - overdue
    reviews = reverse("pupils:ehc_reviews_due")
    yield WorkItem("EHC annual reviews overdue", overdue, reviews, overdue=True)
    yield WorkItem("EHC annual reviews due this week", this_week, reviews)
    assessments = EHCAssessment.objects.filter(OPEN_ASSESSMENT, pupil__school__local_authority__in=authorities).filter(
        mine
    )
    deciding = assessments.filter(decision="")
    final = assessments.filter(~Exists(EHCException.objects.filter(assessment=OuterRef("pk"))))
    counts = {
        "overdue": deciding.filter(request_received_on__lt=today - timedelta(weeks=6)).count()
        + final.filter(request_received_on__lt=today - timedelta(weeks=20)).count(),
        "soon": deciding.filter(
            request_received_on__gte=today - timedelta(weeks=6),
            request_received_on__lte=today + WEEK - timedelta(weeks=6),
        ).count()
        + final.filter(
            request_received_on__gte=today - timedelta(weeks=20),
            request_received_on__lte=today + WEEK - timedelta(weeks=20),
        ).count(),
    }
    caseload = reverse("pupils:ehc_caseload")
    yield WorkItem("EHC assessment deadlines overdue", counts["overdue"], caseload, overdue=True)
    yield WorkItem("EHC assessment deadlines this week", counts["soon"], caseload)
