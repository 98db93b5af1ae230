""" "Your work" items of the pupils app (registered in PupilsConfig.ready): a SENCo's SEN support reviews
and parents not yet met three times; an LA officer's EHC deadlines this week and overdue."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from pupils.ehc.selectors import OPEN_ASSESSMENT, current_plan_q
from pupils.models import EHCAssessment, EHCException, EHCPlan, Pupil, SupportCycle
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
    in_scope = Q(pupil__school__local_authority__in=authorities)
    # Annual reviews: a plan waiting for its review (no meeting arranged after today) is due a year
    # after its date or the last meeting held, which is exactly its kept next_review_due; a plan with a
    # meeting arranged is due a year after that meeting, past this week. So both counts are one read
    # of an index range on next_review_due (see plans_with_reviews_due, which reads it the same way).
    week_end = today + WEEK
    reviews_due = (
        EHCPlan.objects.filter(current_plan_q(today), in_scope, mine, next_review_due__lte=week_end)
        .order_by()
        .aggregate(
            overdue=Count("pk", filter=Q(next_review_due__lt=today)),
            this_week=Count("pk", filter=Q(next_review_due__gte=today)),
        )
    )
    reviews = reverse("pupils:ehc_reviews_due")
    yield WorkItem("EHC annual reviews overdue", reviews_due["overdue"], reviews, overdue=True)
    yield WorkItem("EHC annual reviews due this week", reviews_due["this_week"], reviews)
    # Assessments: the decision whether to assess (6 weeks from the request, while undecided) and the
    # final plan (20 weeks, unless an exception lifts the limit), each counted once per deadline, in one
    # query over the open assessments requested before the latest date that can be due this week.
    decide_by, final_by = today - timedelta(weeks=6), today - timedelta(weeks=20)
    deciding = Q(decision="")
    final = ~Q(Exists(EHCException.objects.filter(assessment=OuterRef("pk"))))
    assessments = (
        EHCAssessment.objects.filter(OPEN_ASSESSMENT, in_scope, mine, request_received_on__lte=decide_by + WEEK)
        .order_by()
        .aggregate(
            decide_overdue=Count("pk", filter=deciding & Q(request_received_on__lt=decide_by)),
            decide_soon=Count("pk", filter=deciding & Q(request_received_on__gte=decide_by)),
            final_overdue=Count("pk", filter=final & Q(request_received_on__lt=final_by)),
            final_soon=Count(
                "pk", filter=final & Q(request_received_on__gte=final_by, request_received_on__lte=final_by + WEEK)
            ),
        )
    )
    caseload = reverse("pupils:ehc_caseload")
    overdue = assessments["decide_overdue"] + assessments["final_overdue"]
    soon = assessments["decide_soon"] + assessments["final_soon"]
    yield WorkItem("EHC assessment deadlines overdue", overdue, caseload, overdue=True)
    yield WorkItem("EHC assessment deadlines this week", soon, caseload)
