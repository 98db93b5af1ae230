"""EHC events on the pupil's timeline: requests, decisions, drafts, final plans, reviews, ceasing.

Only records the user may see, through `visible_to(user)`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from pupils.ehc.selectors import pupil_ehc_records
from pupils.models import EHCAssessment, Pupil
from pupils.records.timeline import TimelineEvent, register

KIND = "EHC"


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


@register
def ehc_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    # The same records the EHC summary shows, read once for both (pupil_ehc_records).
    assessments, plans = pupil_ehc_records(pupil, user, keep=True)
    for a in assessments:
        url = reverse("pupils:ehc_assessment", kwargs={"pk": a.pk})
        yield TimelineEvent(
            a.request_received_on,
            "Request for an EHC needs assessment",
            KIND,
            detail=f"From: {a.get_requested_by_display().lower()}",
            url=url,
        )
        if a.decision == EHCAssessment.Decision.ASSESS:
            yield TimelineEvent(a.decision_on, "Decided to carry out an EHC needs assessment", KIND, url=url)
        elif a.decision == EHCAssessment.Decision.NOT_ASSESS:
            yield TimelineEvent(a.decision_on, "Decided not to carry out an EHC needs assessment", KIND, url=url)
        if a.not_to_issue_on:
            yield TimelineEvent(a.not_to_issue_on, "Decided not to issue an EHC plan", KIND, url=url)
        if a.draft_served_on:
            yield TimelineEvent(a.draft_served_on, "Draft EHC plan served", KIND, url=url)
        if a.final_issued_on:
            setting = a.named_setting
            yield TimelineEvent(
                a.final_issued_on,
                "Final EHC plan issued",
                KIND,
                detail=f"Names {setting}" if setting else "",
                url=url,
            )
    today = timezone.localdate()
    reviews = sorted(
        (review for plan in plans for review in plan.reviews.all()), key=lambda r: (r.meeting_on, r.pk), reverse=True
    )
    for review in reviews:
        url = reverse("pupils:ehc_review", kwargs={"pk": review.pk})
        if review.meeting_on <= today:
            title = "Phase transfer review meeting" if review.is_phase_transfer else "Annual review meeting"
            yield TimelineEvent(review.meeting_on, title, KIND, url=url)
        if review.decision:
            yield TimelineEvent(
                review.decision_on,
                "Decision after the annual review",
                KIND,
                detail=review.get_decision_display(),
                url=url,
            )
        if review.amended_plan_issued_on:
            setting = review.new_named_hub or review.new_named_school
            yield TimelineEvent(
                review.amended_plan_issued_on,
                "Amended EHC plan issued",
                KIND,
                detail=f"Now names {setting}" if setting else "",
                url=url,
            )
    for plan in plans:
        if plan.ceased_on is not None and plan.ceased_on <= today:
            yield TimelineEvent(
                plan.ceased_on, "EHC plan ceased", KIND, url=reverse("pupils:ehc_plan", kwargs={"pk": plan.pk})
            )
