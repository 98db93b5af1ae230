"""The trust SEND hub's figures on the trust dashboard: training by school and tier, feedback, and the
school SEND reviews' action plans. Plain data for `dashboards.registry` (this app must not import
`dashboards`, which sits above it); counts only, no person named; three queries whatever the size."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from .models import Booking, ReviewAction


def training_section(scope: Any, filters: Any) -> dict[str, Any] | None:
    """For a trust's dashboard: what its schools' staff booked and attended, and what they said of it."""
    if scope.kind != "trust":
        return None
    schools = Q(school__trust=scope.org)
    if filters.school:
        schools &= Q(school=filters.school)
    bookings = Booking.objects.filter(schools, session__tier__offer__academic_year=filters.year).exclude(
        status=Booking.Status.CANCELLED
    )
    attended = list(
        bookings.filter(attended=True)
        .values("school__name", "session__tier__label")
        .annotate(n=Count("pk"))
        .order_by("school__name", "session__tier__label")
    )
    tiers = sorted({row["session__tier__label"] for row in attended})
    per_school: dict[str, dict[str, int]] = {}
    for row in attended:
        per_school.setdefault(row["school__name"], {})[row["session__tier__label"]] = row["n"]
    feedback = (
        bookings.values("school__name")
        .annotate(
            booked=Count("pk"),
            attended=Count("pk", filter=Q(attended=True)),
            gave_feedback=Count("feedback"),
            useful=Count("pk", filter=Q(feedback__useful="yes")),
            confident=Count("pk", filter=Q(feedback__confident="yes")),
        )
        .order_by("school__name")
    )
    today = timezone.localdate()
    actions = (
        ReviewAction.objects.filter(
            Q(review__school__trust=scope.org) & (Q(review__school=filters.school) if filters.school else Q())
        )
        .values("review__school__name")
        .annotate(
            open=Count("pk", filter=Q(status=ReviewAction.Status.OPEN, milestone_on__gte=today)),
            overdue=Count("pk", filter=Q(status=ReviewAction.Status.OPEN, milestone_on__lt=today)),
            done=Count("pk", filter=Q(status=ReviewAction.Status.DONE)),
        )
        .order_by("review__school__name")
    )
    return {
        "tables": [
            {
                "key": "training-attended",
                "caption": f"Staff who attended trust SEND hub training, by school and tier, {filters.year}",
                "columns": tiers,
                "rows": [(name, [cells.get(tier, 0) for tier in tiers]) for name, cells in per_school.items()],
                "first_heading": "School",
            },
            {
                "key": "training-feedback",
                "caption": f"Training places and feedback, by school, {filters.year}",
                "columns": ["Places booked", "Attended", "Gave feedback", "Found it useful", "Confident to apply it"],
                "rows": [
                    (r["school__name"], [r["booked"], r["attended"], r["gave_feedback"], r["useful"], r["confident"]])
                    for r in feedback
                ],
                "first_heading": "School",
            },
            {
                "key": "review-actions",
                "caption": "School SEND review actions, by school (today)",
                "columns": ["Open, on time", "Overdue", "Done"],
                "rows": [(r["review__school__name"], [r["open"], r["overdue"], r["done"]]) for r in actions],
                "first_heading": "School",
            },
        ],
        "measures": [
            {
                "name": "Staff who attended training",
                "numerator": "places booked (waiting list and cancelled left out) marked attended by the lead",
                "denominator": "none: a count, per school and tier",
                "period": "sessions of the trust SEND hub's offer for the academic year chosen",
                "source": "trust SEND hub bookings and attendance",
            },
            {
                "name": "Found it useful / confident to apply it",
                "numerator": "feedback forms answering yes to each question",
                "denominator": "places booked, and feedback forms given",
                "period": "the academic year chosen",
                "source": "feedback after each session",
            },
            {
                "name": "School SEND review actions overdue",
                "numerator": "open actions whose milestone date has passed",
                "denominator": "all actions of the school's review action plans",
                "period": "today",
                "source": "school SEND reviews",
            },
        ],
    }
