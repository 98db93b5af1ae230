"""The parts every calendar file (iCalendar, RFC 5545 and iTIP, RFC 5546) shares.

An invitation with attendees is `METHOD:REQUEST`: each attendee is asked to reply (PARTSTAT=NEEDS-ACTION,
RSVP=TRUE) and replies go to the ORGANIZER, so the organiser is a mailbox a person reads (the person who
arranged it, else MEETING_ORGANISER_EMAIL). A file with no attendees is `METHOD:PUBLISH`: it adds the
event to the reader's calendar and asks nothing. A cancelled event is `METHOD:CANCEL`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText


def calendar_file(*, product: str, event: Event, attendees: list[Any], cancelled: bool) -> bytes:
    """The file: METHOD follows from whether it is cancelled and whether anyone is asked to reply."""
    calendar = Calendar()
    calendar.add("prodid", f"-//SEND Hub Portal//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST" if attendees else "PUBLISH")
    for attendee in attendees:
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def organiser(person: Any | None, name: str) -> vCalAddress:
    """The person who arranged the event, while their account is active; else the configured mailbox."""
    email = person.email if person is not None and person.is_active else settings.MEETING_ORGANISER_EMAIL
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    return address


def attendee(person: Any, *, chair: bool = False) -> vCalAddress:
    """An attendee asked to reply; the organiser's own line says they chair it and have accepted."""
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name or person.email)
    address.params["role"] = vText("CHAIR" if chair else "REQ-PARTICIPANT")
    address.params["partstat"] = vText("ACCEPTED" if chair else "NEEDS-ACTION")
    address.params["rsvp"] = vText("FALSE" if chair else "TRUE")
    return address
