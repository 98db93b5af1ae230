"""SEN support cycles and meetings with parents on the pupil's timeline (only what the user may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from pupils.models import ParentMeeting, Pupil, SupportCycle
from pupils.records.timeline import TimelineEvent, register


@register
def sen_support_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    cycles = SupportCycle.objects.visible_to(user).filter(pupil=pupil)
    for cycle in cycles:
        url = reverse("pupils:cycle", kwargs={"pk": cycle.pk})
        yield TimelineEvent(cycle.started_on, "SEN support cycle started", "SEN support", url=url)
        if cycle.reviewed_on:
            yield TimelineEvent(
                cycle.reviewed_on,
                "SEN support reviewed",
                "SEN support",
                detail=f"Next step: {cycle.get_next_step_display().lower()}",
                url=url,
            )
    for meeting in ParentMeeting.objects.visible_to(user).filter(pupil=pupil):
        yield TimelineEvent(meeting.held_on, "Meeting with parents", "Parent meeting", detail=meeting.attendees)
