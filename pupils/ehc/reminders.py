"""Reminders of EHC deadlines by email, each sent once, through the outbox.

Emails never name the pupil (special-category data): they say "a pupil at <school>" and
link to the page, where the reader signs in and the access policy applies.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from pupils.ehc.deadlines import DEADLINE, OPEN, DeadlineRow, assessment_rows
from pupils.ehc.selectors import REVIEW_DUE_SOON_WEEKS, open_assessments, plans_with_reviews_due
from pupils.ehc.statutory import annual_review_due, deadline_status
from pupils.models import EHCAssessment, EHCPlan
from sendhub.models import Membership, Role, School, User
from sendhub.services import email_queue

# A statutory assessment deadline is flagged when it is this many days away, or fewer.
ASSESSMENT_REMINDER_DAYS = 7


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _recipients(schools: set[School]) -> dict[int, list[tuple[User, str]]]:
    """Per school: the LA officers of its local authority and its SENCos, each once, with why they get it."""
    la_ids = {school.local_authority_id for school in schools}
    memberships = (
        Membership.objects.current()
        .filter(user__is_active=True)
        .filter(Q(role=Role.LA_OFFICER, local_authority_id__in=la_ids) | Q(role=Role.SENCO, school__in=schools))
        .select_related("user", "local_authority")
        .order_by("pk")
    )
    officers: dict[int, list[tuple[User, str]]] = defaultdict(list)
    sencos: dict[int, list[tuple[User, str]]] = defaultdict(list)
    for m in memberships:
        if m.role == Role.LA_OFFICER:
            officers[m.local_authority_id].append((m.user, f"a local authority officer at {m.local_authority.name}"))
        else:
            sencos[m.school_id].append((m.user, "the SENCo at the pupil's school"))
    result: dict[int, list[tuple[User, str]]] = {}
    for school in schools:
        seen: set[int] = set()
        result[school.pk] = []
        for user, why in officers[school.local_authority_id] + sencos[school.pk]:
            if user.pk not in seen:
                seen.add(user.pk)
                result[school.pk].append((user, why))
    return result


def _footer(why: str) -> str:
    return (
        f"You get this email because you are {why}. It does not name the pupil, to keep their information safe: "
        "sign in to see who it is about.\n"
    )


def _assessment_email(assessment: EHCAssessment, row: DeadlineRow, why: str) -> tuple[str, str]:
    url = settings.SITE_URL + reverse("pupils:ehc_assessment", kwargs={"pk": assessment.pk})
    subject = f"EHC needs assessment deadline {_long(row.due)}: {row.what.lower()}"
    body = (
        "A statutory deadline of an EHC needs assessment is coming up.\n\n"
        f"Pupil: a pupil at {assessment.pupil.school.name}\n"
        f"Step: {row.what}\n"
        f"Rule: {row.rule}\n"
        f"Due: {_long(row.due)} ({row.summary})\n\n"
        f"Open the assessment: {url}\n\n" + _footer(why)
    )
    return subject, body


def _review_email(plan: EHCPlan, due: date, summary: str, why: str) -> tuple[str, str]:
    url = settings.SITE_URL + reverse("pupils:ehc_plan", kwargs={"pk": plan.pk})
    subject = f"EHC plan annual review due {_long(due)}"
    body = (
        "An annual review of an EHC plan is due, and no review meeting is arranged yet.\n\n"
        f"Pupil: a pupil at {plan.pupil.school.name}\n"
        "Rule: within 12 months of the plan being made or of the last review (Children and Families Act 2014 s44)\n"
        f"Due: {_long(due)} ({summary})\n\n"
        f"Open the plan: {url}\n\n" + _footer(why)
    )
    return subject, body


@transaction.atomic
def ehc_reminders_send(*, today: date) -> int:
    """Queue one email per person for each assessment deadline within 7 days and each annual review due within
    8 weeks with no meeting arranged. Each reminder is promised once (dedupe key), however often this runs."""
    assessments = list(open_assessments())
    plans = list(plans_with_reviews_due(today, within_weeks=REVIEW_DUE_SOON_WEEKS).filter(next_meeting_on__isnull=True))
    schools = {a.pupil.school for a in assessments} | {p.pupil.school for p in plans}
    recipients = _recipients(schools)
    queued = 0
    for assessment in assessments:
        for row in assessment_rows(assessment, today):
            if not (row.kind == DEADLINE and row.outcome == OPEN and row.status.days <= ASSESSMENT_REMINDER_DAYS):
                continue
            for user, why in recipients[assessment.pupil.school_id]:
                subject, body = _assessment_email(assessment, row, why)
                key = f"ehc-deadline:{assessment.pk}:{row.key}:{row.due.isoformat()}:{user.pk}"
                if email_queue(to=[user.email], subject=subject, body=body, dedupe_key=key):
                    queued += 1
    for plan in plans:
        due = annual_review_due(plan.review_anchor)
        summary = deadline_status(due, None, today).summary
        for user, why in recipients[plan.pupil.school_id]:
            subject, body = _review_email(plan, due, summary, why)
            key = f"ehc-review-due:{plan.pk}:{due.isoformat()}:{user.pk}"
            if email_queue(to=[user.email], subject=subject, body=body, dedupe_key=key):
                queued += 1
    return queued
