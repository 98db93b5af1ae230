"""SEN support cycles and meetings with parents on the pupil's timeline (only what the user may see)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from pupils.models import ParentMeeting, Pupil, SupportCycle
from pupils.records.timeline import TimelineEvent, register


def keep_for_timeline(pupil: Pupil, user: Any, cycles: list, meetings: list) -> None:
    """The pupil page has read the pupil's cycles and meetings (through the policy, for `user`):
    the timeline takes them from the pupil object instead of asking again (once)."""
    pupil._support_records = (getattr(user, "pk", None), cycles, meetings)


def _support_records(pupil: Pupil, user: Any) -> tuple[Iterable[SupportCycle], Iterable[ParentMeeting]]:
    kept = getattr(pupil, "_support_records", None)
    if kept is not None:
        del pupil._support_records
        if kept[0] == getattr(user, "pk", None):
            return kept[1], kept[2]
    return (
        SupportCycle.objects.visible_to(user).filter(pupil=pupil),
        ParentMeeting.objects.visible_to(user).filter(pupil=pupil),
    )


@register
def sen_support_events(pupil: Pupil, user: Any) -> Iterable[TimelineEvent]:
    cycles, meetings = _support_records(pupil, user)
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
    for meeting in meetings:
        yield TimelineEvent(meeting.held_on, "Meeting with parents", "Parent meeting", detail=meeting.attendees)
