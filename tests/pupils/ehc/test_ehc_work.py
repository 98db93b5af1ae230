"""An LA officer's "Your work" EHC items: the counts equal a recount from the cases themselves, in two queries.

The annual reviews are counted from each plan's kept next_review_due (an index range); the recount
here works them out from the plan's date and its review meetings, as the statutory rules say.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from pupils.ehc import services
from pupils.ehc.statutory import annual_review_due
from pupils.models import EHCAssessment, EHCPlan
from pupils.work import officer_work
from sendhub.models import Membership, Notification, Role
from sendhub.services import notify
from tests.factories import member
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

WEEK = timedelta(days=7)


def _roles(user) -> dict[str, list]:
    roles: dict[str, list] = {}
    for m in Membership.objects.current().filter(user=user):
        roles.setdefault(m.role, []).append(m)
    return roles


def _recount(user, today: date) -> dict[str, int]:
    """The four figures worked out case by case in Python, from the rules rather than the kept dates."""
    authorities = {m.local_authority_id for m in Membership.objects.current().filter(user=user, role=Role.LA_OFFICER)}
    counts = dict.fromkeys(("reviews_overdue", "reviews_week", "assessments_overdue", "assessments_week"), 0)

    def mine(case) -> bool:
        return case.pupil.school.local_authority_id in authorities and case.case_officer_id in (None, user.pk)

    for plan in EHCPlan.objects.select_related("pupil__school").prefetch_related("reviews"):
        if not mine(plan) or (plan.ceased_on is not None and plan.ceased_on <= today):
            continue
        meetings = [r.meeting_on for r in plan.reviews.all()]
        if any(m > today for m in meetings):
            continue  # a meeting arranged: not waiting
        due = annual_review_due(max([plan.issued_on, *meetings]))
        counts["reviews_overdue"] += due < today
        counts["reviews_week"] += today <= due <= today + WEEK
    for a in EHCAssessment.objects.select_related("pupil__school").prefetch_related("exceptions"):
        closed = a.final_issued_on or a.not_to_issue_on or a.decision == EHCAssessment.Decision.NOT_ASSESS
        if not mine(a) or closed:
            continue
        dues = []
        if a.decision == "":
            dues.append(a.request_received_on + timedelta(weeks=6))
        if not a.exceptions.all():
            dues.append(a.request_received_on + timedelta(weeks=20))
        counts["assessments_overdue"] += sum(due < today for due in dues)
        counts["assessments_week"] += sum(today <= due <= today + WEEK for due in dues)
    return counts


def _counted(user, today: date) -> dict[str, int]:
    items = {item.text: item.count for item in officer_work(user, _roles(user), today)}
    return {
        "reviews_overdue": items["EHC annual reviews overdue"],
        "reviews_week": items["EHC annual reviews due this week"],
        "assessments_overdue": items["EHC assessment deadlines overdue"],
        "assessments_week": items["EHC assessment deadlines this week"],
    }


def _cases(personas, n: int) -> None:
    """Plans and assessments around every edge: due today, in 7 and 8 days, held, arranged, ceased, others'."""
    officer, colleague = personas.la_officer, member(Role.LA_OFFICER, local_authority=personas.la)
    year_ago = date(TODAY.year - 1, TODAY.month, TODAY.day)
    for k in range(n):
        school = personas.school_a if k % 2 else personas.school_b
        # Plans made a year (give or take a fortnight) ago: their first review is due around today.
        plan = with_plan(officer, pupil_at(school), year_ago - timedelta(weeks=19, days=k % 16 - 8), school=school)
        kind = k % 6
        if kind == 1:
            decided_review(officer, plan, weeks_ago(3))  # held: due in 49 weeks
        elif kind == 2:
            services.review_add(actor=officer, plan=plan, meeting_on=TODAY + timedelta(days=k % 4))  # arranged
        elif kind == 3:
            EHCPlan.objects.filter(pk=plan.pk).update(case_officer=colleague)
        elif kind == 4:
            EHCPlan.objects.filter(pk=plan.pk).update(ceased_on=TODAY + timedelta(days=k % 5))
        elif kind == 5:
            EHCPlan.objects.filter(pk=plan.pk).update(case_officer=officer)
        # Assessments requested around 6 and 20 weeks ago (a day either side of each edge).
        received = weeks_ago(6 if k % 2 else 20, days=k % 10 - 2)
        stage = k % 5
        if stage == 0:
            request(officer, pupil_at(school), received)
        elif stage == 1:
            assessing(officer, pupil_at(school), received)
        elif stage == 2:
            a = assessing(officer, pupil_at(school), received)
            services.exception_add(
                actor=officer, assessment=a, kind="personal", starts_on=received, ends_on=None, reason="Illness"
            )
        elif stage == 3:
            a = with_draft(officer, pupil_at(school), received, draft_weeks=5)
            EHCAssessment.objects.filter(pk=a.pk).update(case_officer=colleague)
        else:
            a = request(officer, pupil_at(school), received)
            services.assessment_decide(
                actor=officer, assessment=a, decision=EHCAssessment.Decision.NOT_ASSESS, decision_on=TODAY
            )
    # Another authority's cases (personas.outsider is its officer) count for nobody here.
    other = personas.other_school
    with_plan(personas.outsider, pupil_at(other), year_ago - timedelta(weeks=19), school=other)
    request(personas.outsider, pupil_at(other), weeks_ago(7))


@pytest.mark.parametrize("n", [6, 24])
def test_the_officers_ehc_work_equals_a_recount_on_every_day_around_the_edges(personas, frozen, n):
    _cases(personas, n)
    seen = set()
    for days in [*range(-30, 30), *range(30, 420, 11)]:
        today = TODAY + timedelta(days=days)
        counted = _counted(personas.la_officer, today)
        assert counted == _recount(personas.la_officer, today), today
        seen.update(name for name, count in counted.items() if count)
    assert seen == {"reviews_overdue", "reviews_week", "assessments_overdue", "assessments_week"}


def test_the_officers_ehc_work_takes_two_queries_at_any_size(personas, frozen, django_assert_num_queries):
    roles = _roles(personas.la_officer)
    for n in (3, 18):
        _cases(personas, n)
        with django_assert_num_queries(2):
            items = list(officer_work(personas.la_officer, roles, TODAY))
        assert items


def test_the_home_page_counts_unread_notices_once_for_your_work_and_the_header(personas, client_for):
    client = client_for(personas.panel)
    for total in (3, 10, 14):
        while Notification.objects.filter(user=personas.panel).count() < total:
            notify(users=[personas.panel], message="Something to read")
        page = client.get("/").content.decode()
        assert f"Unread notices: {total}" in page
        assert f'{total}<span class="govuk-visually-hidden"> unread</span>' in page  # the header's count
        assert page.count("Something to read") == min(total, 10)  # the first 10 are listed
