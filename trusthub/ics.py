"""Calendar invitations for the trust hub's sessions (iCalendar, RFC 5545), in the style of
referrals/meetings/ics.py: one UID for the life of a session, SEQUENCE up with each change,
METHOD:CANCEL once it is cancelled (or the person's own place is).

The file is made for the person who downloads it: with a place booked, an invitation
(`METHOD:REQUEST`) naming only them as the attendee, organised by the trust SEND lead who published
the offer, so a reply reaches a person; anyone else (on the waiting list, the trust team, a school
looking at the offer) gets `METHOD:PUBLISH` with no attendees. No other booker's address is ever in it.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from icalendar import Event, vText

from sendhub.calendar_files import attendee, calendar_file, organiser
from sendhub.links import absolute_url

from .models import Booking, Session


def session_ics(session: Session, booking: Booking | None = None, *, request: HttpRequest | None = None) -> bytes:
    place_cancelled = booking is not None and booking.status == Booking.Status.CANCELLED
    cancelled = session.is_cancelled or place_cancelled
    event = Event()
    event.add("uid", f"{session.uid}@sendhub")
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", session.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("location", vText(session.venue))
    link = absolute_url(reverse("trusthub:session", kwargs={"pk": session.pk}), request=request)
    event.add("url", link)
    description = f"{session.tier.label}: {session.tier.name}. Led by {session.leads}. Details: {link}"
    if session.is_cancelled and session.cancelled_reason:
        description = f"Cancelled: {session.cancelled_reason}\n" + description
    event.add("description", description)
    offer = session.tier.offer
    lead = offer.published_by
    name = offer.hub.name if lead is None or not lead.is_active else f"{lead.full_name}, {offer.hub.name}"
    event.add("organizer", organiser(lead, name))
    attendees = []
    if booking is not None and (booking.status == Booking.Status.BOOKED or place_cancelled):
        attendees = [attendee(booking.person)]
    return calendar_file(product="Trust SEND hub training", event=event, attendees=attendees, cancelled=cancelled)
