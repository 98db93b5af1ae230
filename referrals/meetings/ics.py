"""Calendar invitations for meetings (iCalendar, RFC 5545), updated when a meeting moves or is cancelled.

The UID stays the same for the life of a meeting and SEQUENCE goes up with each change, so
calendar programs replace the event rather than adding another. No pupil is named.

Who is in the file depends on who downloads it: an invitee gets the invitation (`METHOD:REQUEST`)
listing everyone invited, as any meeting invitation does, with the coordinator who arranged it as
the organiser their replies go to; anyone else who may read the meeting gets `METHOD:PUBLISH` and no
attendees, so invitees' addresses go only to each other.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Event, vText

from referrals.models import Meeting
from sendhub.calendar_files import attendee, calendar_file, organiser
from sendhub.links import absolute_url
from sendhub.models import User


def meeting_ics(meeting: Meeting, *, reader: User, request: HttpRequest | None = None) -> bytes:
    cancelled = meeting.status == Meeting.Status.CANCELLED
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
    link = absolute_url(reverse("meetings:detail", kwargs={"pk": meeting.pk}), request=request)
    event.add("url", link)
    description = f"Agenda and papers: {link}"
    if meeting.online_link:
        description += f"\nJoin online: {meeting.online_link}"
    if cancelled and meeting.cancelled_reason:
        description = f"Cancelled: {meeting.cancelled_reason}\n" + description
    event.add("description", description)
    coordinator = meeting.created_by
    name = f"{meeting.district.name} hub coordinator"
    if coordinator.is_active and coordinator.full_name:
        name = f"{coordinator.full_name}, {name}"
    event.add("organizer", organiser(coordinator, name))
    invitees = [invitee.user for invitee in meeting.invitees.select_related("user")]
    attendees = []
    if any(person.pk == reader.pk for person in invitees):
        attendees = [attendee(person, chair=person.pk == coordinator.pk) for person in invitees]
    return calendar_file(product="Hub meetings", event=event, attendees=attendees, cancelled=cancelled)
