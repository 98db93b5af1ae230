"""Calendar invitations for meetings (iCalendar, RFC 5545), updated when a meeting moves or is cancelled.

The UID stays the same for the life of a meeting and SEQUENCE goes up with each change, so
calendar programs replace the event rather than adding another. No pupil is named.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from referrals.models import Meeting


def meeting_ics(meeting: Meeting) -> bytes:
    cancelled = meeting.status == Meeting.Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//SEND Hub Portal//Hub meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"{meeting.uid}@sendhub")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", f"{meeting.district.name} {meeting.get_kind_display()}")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.location:
        event.add("location", vText(meeting.location))
    link = f"{settings.SITE_URL}{reverse('meetings:detail', kwargs={'pk': meeting.pk})}"
    description = f"Agenda and papers: {link}"
    if meeting.online_link:
        description += f"\nJoin online: {meeting.online_link}"
        event.add("url", meeting.online_link)
    if cancelled and meeting.cancelled_reason:
        description = f"Cancelled: {meeting.cancelled_reason}\n" + description
    event.add("description", description)
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organiser.params["cn"] = vText(f"{meeting.district.name} hub coordinator")
    event.add("organizer", organiser)
    for invitee in meeting.invitees.select_related("user"):
        attendee = vCalAddress(f"mailto:{invitee.user.email}")
        attendee.params["cn"] = vText(invitee.user.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
