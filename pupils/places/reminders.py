"""Reminders about hub places: a place past its planned end date that nobody has ended.

The occupancy stops counting such a place as filled on the day after its planned end; the
LA officers of the host school's authority are told once per place (a notice and an email)
to end it or correct it. The words never name the pupil.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.urls import reverse

from pupils.models import Placement
from sendhub.models import Membership, Role, User
from sendhub.services import notify


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def placement_end_reminders_send(*, today: date) -> int:
    """Remind the LA officers, once per place, of each place whose planned end date has passed
    and that has not been ended. Returns the number of places reminded about; safe to run twice
    (a conditional UPDATE claims each place)."""
    due = list(
        Placement.objects.filter(ended_on__isnull=True, planned_end_on__lt=today, end_reminder_sent_on__isnull=True)
        .select_related("hub__host_school")
        .order_by("planned_end_on", "pk")
    )
    la_ids = {place.hub.host_school.local_authority_id for place in due}
    officers: dict[int, list[User]] = defaultdict(list)
    for m in (
        Membership.objects.current()
        .filter(role=Role.LA_OFFICER, local_authority_id__in=la_ids, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ):
        officers[m.local_authority_id].append(m.user)
    reminded = 0
    for place in due:
        claimed = Placement.objects.filter(pk=place.pk, end_reminder_sent_on__isnull=True).update(
            end_reminder_sent_on=today
        )
        if not claimed:
            continue
        reminded += 1
        notify(
            users=officers[place.hub.host_school.local_authority_id],
            message=(
                f"A place at {place.hub.name} passed its planned end date, {_long(place.planned_end_on)}, "
                "and has not been ended: end it, or arrange a new place"
            ),
            url=reverse("places:end", kwargs={"pk": place.pk}),
            email_subject="A hub place is due to be ended",
        )
    return reminded
