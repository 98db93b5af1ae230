"""Whole-school SEND reviews: the trust's framework (areas, grades), reviews, judgements, action
plans and progress at each milestone; overdue actions for the trust lead's work list and dashboard.

Readers: the trust SEND lead of the hub's trust (and administrators), who write reviews, and the
reviewed school's SENCo and leaders, who record progress on their actions. Anyone else: 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from sendhub.access import reach
from sendhub.errors import DomainError
from sendhub.models import School, User

from .models import ActionProgress, Judgement, ReviewAction, ReviewArea, ReviewGrade, SchoolReview
from .selectors import can_manage, managed_hubs


def visible_reviews(user: Any) -> QuerySet[SchoolReview]:
    r = reach(user)
    schools = r.senco_schools | r.leader_schools
    q = Q(hub__in=managed_hubs(user))
    if schools:
        q |= Q(school__in=schools)
    return SchoolReview.objects.filter(q).select_related("school", "hub")


def review_or_404(user: Any, pk: int) -> SchoolReview:
    review = visible_reviews(user).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def may_record_progress(user: Any, review: SchoolReview) -> bool:
    r = reach(user)
    return can_manage(user, review.hub) or review.school_id in (r.senco_schools | r.leader_schools)


class OverdueActions(NamedTuple):
    """For "Your work" and the trust dashboard: how many review actions are past their milestone, and where."""

    count: int
    url: str


def overdue_review_actions(user: Any) -> OverdueActions:
    """Open actions past their milestone date on reviews the user reaches (one query)."""
    count = ReviewAction.objects.filter(
        review__in=visible_reviews(user).values("pk"),
        status=ReviewAction.Status.OPEN,
        milestone_on__lt=timezone.localdate(),
    ).count()
    return OverdueActions(count, reverse("trusthub:reviews") + "?overdue=1")


def _require(actor: User, hub: Hub) -> None:
    if not can_manage(actor, hub):
        raise PermissionDenied("Only the trust SEND lead reviews the trust's schools")


@transaction.atomic
def review_area_add(*, actor: User, hub: Hub, name: str, description: str = "") -> ReviewArea:
    _require(actor, hub)
    try:
        with transaction.atomic():
            return ReviewArea.objects.create(
                hub=hub, name=name.strip(), description=description.strip(), order=hub.review_areas.count() + 1
            )
    except IntegrityError:
        raise DomainError("The framework already has an area with that name", field="name") from None


@transaction.atomic
def review_grade_add(*, actor: User, hub: Hub, label: str) -> ReviewGrade:
    _require(actor, hub)
    try:
        with transaction.atomic():
            return ReviewGrade.objects.create(hub=hub, label=label.strip(), order=hub.review_grades.count() + 1)
    except IntegrityError:
        raise DomainError("The framework already has a grade with that name", field="label") from None


@transaction.atomic
def review_create(
    *,
    actor: User,
    hub: Hub,
    school: School,
    reviewed_on: date,
    reviewers: str,
    evidence: str,
    strengths: str = "",
    areas_for_development: str = "",
) -> SchoolReview:
    """A review of a school of the hub's trust, on a day that has come."""
    _require(actor, hub)
    if school.trust_id != hub.trust_id:
        raise DomainError("Choose a school of the trust", field="school")
    if reviewed_on > timezone.localdate():
        raise DomainError("The review date must be today or in the past", field="reviewed_on")
    review = SchoolReview(
        hub=hub,
        school=school,
        reviewed_on=reviewed_on,
        reviewers=reviewers.strip(),
        evidence=evidence.strip(),
        strengths=strengths.strip(),
        areas_for_development=areas_for_development.strip(),
        created_by=actor,
    )
    review._history_user = actor
    review.save()
    return review


@transaction.atomic
def judgements_record(*, actor: User, review: SchoolReview, grades: dict[int, int]) -> int:
    """A grade of the trust's framework for each of its areas."""
    _require(actor, review.hub)
    areas = {a.pk: a for a in review.hub.review_areas.all()}
    valid = {g.pk: g for g in review.hub.review_grades.all()}
    for area_id, grade_id in grades.items():
        if area_id not in areas or grade_id not in valid:
            raise DomainError("Choose grades of the trust's framework")
        Judgement.objects.update_or_create(review=review, area=areas[area_id], defaults={"grade": valid[grade_id]})
    return len(grades)


@transaction.atomic
def action_add(
    *, actor: User, review: SchoolReview, action: str, owner: str, milestone_on: date, evaluation_point: str
) -> ReviewAction:
    _require(actor, review.hub)
    if milestone_on < review.reviewed_on:
        raise DomainError("The milestone must be after the review", field="milestone_on")
    item = ReviewAction(
        review=review,
        action=action.strip(),
        owner=owner.strip(),
        milestone_on=milestone_on,
        evaluation_point=evaluation_point.strip(),
    )
    item._history_user = actor
    item.save()
    return item


@transaction.atomic
def progress_record(*, actor: User, action: ReviewAction, rating: str, note: str) -> ActionProgress:
    """Progress at a milestone, by the trust team or the school; "Done" closes the action."""
    if not may_record_progress(actor, action.review):
        raise PermissionDenied("Only the trust SEND team and the school record progress")
    action = ReviewAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ReviewAction.Status.DONE:
        raise DomainError("This action is done")
    progress = ActionProgress.objects.create(action=action, rating=rating, note=note.strip(), recorded_by=actor)
    if rating == ActionProgress.Rating.DONE:
        action.status = ReviewAction.Status.DONE
        action._history_user = actor
        action.save()
    return progress
