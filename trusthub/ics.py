"""Calendar invitations for the trust hub's sessions (iCalendar, RFC 5545), in the style of
referrals/meetings/ics.py: one UID for the life of a session, SEQUENCE up with each change,
METHOD:CANCEL once it is cancelled (or the person's own place is)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Booking, Session


def session_ics(session: Session, booking: Booking | None = None) -> bytes:
    cancelled = session.is_cancelled or (booking is not None and booking.status == Booking.Status.CANCELLED)
    calendar = Calendar()
    calendar.add("prodid", "-//SEND Hub Portal//Trust SEND hub training//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"{session.uid}@sendhub")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("location", vText(session.venue))
    link = f"{settings.SITE_URL}{reverse('trusthub:session', kwargs={'pk': session.pk})}"
    description = f"{session.tier.label}: {session.tier.name}. Led by {session.leads}. Details: {link}"
    if session.is_cancelled and session.cancelled_reason:
        description = f"Cancelled: {session.cancelled_reason}\n" + description
    event.add("description", description)
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organiser.params["cn"] = vText(session.tier.offer.hub.name)
    event.add("organizer", organiser)
    if booking is not None:
        attendee = vCalAddress(f"mailto:{booking.person.email}")
        attendee.params["cn"] = vText(booking.person.full_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
