"""Reminders of SEN support reviews coming up, by email to the school's SENCos, each sent once.

The email names no pupil (special-category data): "a pupil at <school>" and a link.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from pupils.models import SupportCycle
from sendhub.models import Membership, Role
from sendhub.services import email_queue

# A review is flagged to the SENCo this many days ahead (and once when it has passed unreviewed).
REVIEW_REMINDER_DAYS = 7


@transaction.atomic
def sen_support_reminders_send(*, today: date) -> int:
    """Promise one email per SENCo per review date; returns how many were newly promised."""
    cycles = list(
        SupportCycle.objects.filter(
            reviewed_on__isnull=True, review_date__lte=today + timedelta(days=REVIEW_REMINDER_DAYS)
        )
        .select_related("pupil__school")
        .order_by("review_date", "pk")
    )
    sencos = defaultdict(list)
    for m in (
        Membership.objects.current()
        .filter(role=Role.SENCO, school__in={c.pupil.school_id for c in cycles}, user__is_active=True)
        .select_related("user")
    ):
        sencos[m.school_id].append(m.user)
    sent = 0
    for cycle in cycles:
        school = cycle.pupil.school
        overdue = cycle.review_date < today
        when = f"{cycle.review_date:%A} {cycle.review_date.day} {cycle.review_date:%B %Y}"
        link = settings.SITE_URL + reverse("pupils:cycle", kwargs={"pk": cycle.pk})
        for user in sencos[school.pk]:
            email = email_queue(
                to=[user.email],
                subject="A SEN support review is overdue" if overdue else "A SEN support review is coming up",
                body=(
                    f"A SEN support review for a pupil at {school.name} "
                    f"{'was due' if overdue else 'is due'} on {when}.\n\n"
                    f"Record the review here: {link}\n"
                ),
                dedupe_key=(
                    f"sen-review:{cycle.pk}:{cycle.review_date.isoformat()}:"
                    f"{'overdue' if overdue else 'soon'}:{user.pk}"
                ),
            )
            sent += email is not None
    return sent
