"""Referrals on the pupil's timeline (only those the user may see)."""

from collections.abc import Iterable

from django.urls import reverse

from pupils.records.timeline import TimelineEvent, register
from referrals.models import ReferralEvent
from sendhub import access


@register
def referral_events(pupil, user) -> Iterable[TimelineEvent]:
    events = access.visible_for_pupil(ReferralEvent.objects.all(), user, pupil)
    if events.query.is_empty():  # the user sees no referrals (an LA officer): nothing to read or compile
        return
    for event in events.select_related("referral__hub"):
        hub = event.referral.hub.name if event.referral.hub_id else "the district hub"
        yield TimelineEvent(
            event.at.date(),
            f"Referral to {hub}: {event.title.lower()}",
            "Referral",
            url=reverse("referrals:detail", kwargs={"pk": event.referral_id}),
        )
