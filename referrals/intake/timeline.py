"""Referrals on the pupil's timeline (only those the user may see)."""

from collections.abc import Iterable

from django.urls import reverse

from pupils.records.timeline import TimelineEvent, register
from referrals.models import ReferralEvent


@register
def referral_events(pupil, user) -> Iterable[TimelineEvent]:
    events = ReferralEvent.objects.visible_to(user).filter(referral__pupil=pupil).select_related("referral__hub")
    for event in events:
        hub = event.referral.hub.name if event.referral.hub_id else "the district hub"
        yield TimelineEvent(
            event.at.date(),
            f"Referral to {hub}: {event.title.lower()}",
            "Referral",
            url=reverse("referrals:detail", kwargs={"pk": event.referral_id}),
        )
