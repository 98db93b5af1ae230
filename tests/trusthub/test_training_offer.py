"""The trust SEND hub's training offer: cadence, publishing, booking, waiting lists, ICS, attendance, feedback."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from sendhub.errors import DomainError
from sendhub.models import User
from trusthub import services
from trusthub.models import Booking, Offer, Session, Tier

LONDON = ZoneInfo("Europe/London")
# Tuesday 24 November 2026, in Autumn 2; the demo's offer is for 2026/27.
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    with time_machine.travel(NOW, tick=False) as traveller:
        call_command("seed_demo", verbosity=0)
        yield traveller


def person(email: str) -> User:
    return User.objects.get(email=email)


def offer() -> Offer:
    return Offer.objects.get(academic_year="2026/27")


def signed_in(client, email: str):
    client.force_login(person(email))
    return client


def test_the_lead_sees_the_cadence_warnings_on_the_offer_page(client):
    page = signed_in(client, "trust.lead@example.org").get(reverse("trusthub:offer", args=[offer().pk]))
    text = page.content.decode()
    assert "SENCo network meetings: 2 scheduled this year; the offer promises 3" in text
    assert "Targeted clinics: 2 in the Spring 1 half term" in text
    assert "Casterbridge Academy has no annual meeting with its SENCo and headteacher booked" in text
    assert "St Aldhelm&#x27;s CE Primary School has no annual meeting" not in text


def test_a_senco_sees_the_published_offer_but_no_warnings(client):
    page = signed_in(client, "senco.a@example.org").get(reverse("trusthub:offer", args=[offer().pk]))
    assert page.status_code == 200
    assert "Cadence warnings" not in page.content.decode()


def test_a_senco_of_another_trust_sees_none_of_it(client):
    client = signed_in(client, "senco.b@example.org")
    session = Session.objects.filter(tier__offer=offer()).first()
    assert client.get(reverse("trusthub:offer", args=[offer().pk])).status_code == 404
    assert client.get(reverse("trusthub:session", args=[session.pk])).status_code == 404
    assert client.get(reverse("trusthub:session_ics", args=[session.pk])).status_code == 404
    assert offer().hub.name not in client.get(reverse("trusthub:index")).content.decode()


def test_the_draft_offer_is_the_leads_until_published(client):
    draft = Offer.objects.get(academic_year="2027/28")
    assert signed_in(client, "senco.a@example.org").get(reverse("trusthub:offer", args=[draft.pk])).status_code == 404
    lead = signed_in(client, "trust.lead@example.org")
    response = lead.post(reverse("trusthub:offer_publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Offer.Status.PUBLISHED and draft.published_by.email == "trust.lead@example.org"
    assert signed_in(client, "senco.a@example.org").get(reverse("trusthub:offer", args=[draft.pk])).status_code == 200
    with pytest.raises(DomainError):
        services.offer_publish(actor=person("trust.lead@example.org"), offer=draft)


def test_a_full_session_puts_the_senco_on_the_waiting_list_and_a_cancellation_moves_them_up(
    client, django_capture_on_commit_callbacks
):
    clinic = Session.objects.get(title="Clinic: emotionally based school avoidance")
    senco = signed_in(client, "senco.a@example.org")
    school_a = person("senco.a@example.org").memberships.get().school
    response = senco.post(reverse("trusthub:book", args=[clinic.pk]), {"school": school_a.pk})
    assert response.status_code == 302
    mine = Booking.objects.get(session=clinic, person__email="senco.a@example.org")
    assert mine.status == Booking.Status.WAITING
    head_place = Booking.objects.get(session=clinic, person__email="head.a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(actor=person("head.a@example.org"), booking=head_place)
    mine.refresh_from_db()
    assert mine.status == Booking.Status.BOOKED and mine.promoted_at is not None
    assert any("senco.a@example.org" in message.to for message in mail.outbox)
    assert "You have a place" in mail.outbox[-1].subject


def test_booking_twice_is_refused_and_the_tier_audience_decides_who_books(client):
    network = Session.objects.get(title="SENCo network: shared assessment")
    senco = person("senco.a@example.org")
    school_a = senco.memberships.get().school
    with pytest.raises(DomainError, match="already have a place"):
        services.booking_create(actor=senco, session=network, school=school_a)
    # School staff may book INSET but not the SENCo network.
    staff = signed_in(client, "school.staff@example.org")
    assert staff.get(reverse("trusthub:book", args=[network.pk])).status_code == 404
    parallel = Session.objects.get(title="AAC in the classroom")
    assert staff.post(reverse("trusthub:book", args=[parallel.pk]), {"school": school_a.pk}).status_code == 302
    assert Booking.objects.get(session=parallel, person__email="school.staff@example.org").status == "booked"


def test_a_partner_schools_senco_books(client):
    partner = person("senco.partner@example.org")
    training = Session.objects.get(title="SENCo training: EHCP quality")
    booking = services.booking_create(actor=partner, session=training, school=partner.memberships.get().school)
    assert booking.status == Booking.Status.BOOKED


def test_cancelling_after_the_cut_off_is_refused(demo):
    booking = Booking.objects.get(
        session__title="SENCo network: shared assessment", person__email="senco.a@example.org"
    )
    demo.move_to(booking.session.start.replace(hour=1))
    with pytest.raises(DomainError, match="up to 48 hours before"):
        services.booking_cancel(actor=person("senco.a@example.org"), booking=booking)


def parse(client, session, **headers) -> dict:
    response = client.get(reverse("trusthub:session_ics", args=[session.pk]), **headers)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    event = next(c for c in calendar.walk() if c.name == "VEVENT")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return {
        "method": str(calendar["METHOD"]),
        "uid": str(event["UID"]),
        "sequence": int(event["SEQUENCE"]),
        "start": event["DTSTART"].dt,
        "status": str(event["STATUS"]),
        "organiser": str(event["ORGANIZER"]),
        "attendees": {str(a): dict(a.params) for a in attendees},
        "url": urlsplit(str(event["URL"])),
        "text": response.content.decode(),
    }


def test_the_invitation_updates_when_the_session_moves_then_is_cancelled(client, django_capture_on_commit_callbacks):
    session = Session.objects.get(title="SENCo network: shared assessment")
    senco = signed_in(client, "senco.a@example.org")
    first = parse(senco, session)
    assert first["method"] == "REQUEST" and first["sequence"] == 0
    lead = person("trust.lead@example.org")
    new_day = session.day.replace(day=session.day.day + 1) if session.day.weekday() < 4 else session.day
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            actor=lead,
            session=session,
            title=session.title,
            day=new_day,
            starts_at=session.starts_at.replace(hour=15),
            ends_at=session.ends_at.replace(hour=17),
            venue_school=session.venue_school,
            capacity=session.capacity,
        )
    moved = parse(senco, session)
    assert moved["uid"] == first["uid"] and moved["sequence"] == 1 and moved["start"].hour == 15
    assert any("has moved" in m.subject or "moved" in m.body for m in mail.outbox)
    services.session_cancel(actor=lead, session=Session.objects.get(pk=session.pk), reason="Snow")
    cancelled = parse(senco, session)
    assert cancelled["method"] == "CANCEL" and cancelled["status"] == "CANCELLED" and cancelled["sequence"] == 2


def test_the_invitation_asks_only_the_booker_to_reply_and_nobody_else_sees_an_address(client):
    session = Session.objects.get(title="SENCo network: shared assessment")
    # senco.a has a place: an invitation naming only them, organised by the lead who published the offer.
    senco = parse(signed_in(client, "senco.a@example.org"), session, HTTP_HOST="localhost:8146")
    assert senco["method"] == "REQUEST"
    assert senco["organiser"] == f"mailto:{offer().published_by.email}"
    assert senco["organiser"] != "mailto:no-reply@sendhub.example"
    assert senco["attendees"] == {
        "mailto:senco.a@example.org": {
            "CN": person("senco.a@example.org").full_name,
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "TRUE",
        }
    }
    # The link inside follows the host and port the file was downloaded from.
    assert senco["url"].netloc == "localhost:8146" and senco["url"].path == reverse(
        "trusthub:session", args=[session.pk]
    )
    # The trust lead, who has no place, gets the event to add with no one's address in it.
    lead = parse(signed_in(client, "trust.lead@example.org"), session)
    assert lead["method"] == "PUBLISH" and lead["attendees"] == {} and "ATTENDEE" not in lead["text"]
    assert lead["url"].netloc == "testserver"
    others = session.bookings.exclude(person__email="senco.a@example.org").values_list("person__email", flat=True)
    assert not any(email in senco["text"] or email in lead["text"] for email in others)


def test_the_lead_records_attendance_and_the_senco_gives_feedback(client):
    past = Session.objects.get(title="SENCo network: the graduated approach")
    lead = signed_in(client, "trust.lead@example.org")
    booking = Booking.objects.get(session=past, person__email="senco.a@example.org")
    assert lead.post(reverse("trusthub:attendance", args=[past.pk]), {"attended": [booking.pk]}).status_code == 302
    booking.refresh_from_db()
    assert booking.attended is True
    senco = signed_in(client, "senco.a@example.org")
    response = senco.post(reverse("trusthub:feedback", args=[booking.pk]), {"useful": "yes", "confident": "partly"})
    assert response.status_code == 302
    assert booking.feedback.confident == "partly"
    page = signed_in(client, "trust.lead@example.org").get(reverse("trusthub:offer", args=[offer().pk]))
    assert "Attendance and feedback by school and tier" in page.content.decode()
    # The trust dashboard counts it (small counts suppressed, as every dashboard table is).
    trust = person("trust.lead@example.org").memberships.get(trust__isnull=False).trust
    board = signed_in(client, "trust.lead@example.org").get(reverse("dashboards:show", args=["trust", trust.pk]))
    text = board.content.decode()
    assert "Trust SEND hub: training and school reviews" in text
    assert "Staff who attended trust SEND hub training, by school and tier, 2026/27" in text
    assert "Training places and feedback, by school, 2026/27" in text
    assert "School SEND review actions, by school (today)" in text


def test_attendance_waits_for_the_session_and_sessions_stay_in_the_year():
    lead = person("trust.lead@example.org")
    future = Session.objects.get(title="SENCo network: shared assessment")
    with pytest.raises(DomainError, match="once the session has started"):
        services.attendance_record(actor=lead, session=future, attended=set())
    tier = Tier.objects.get(offer=offer(), kind=Tier.Kind.CLINIC)
    with pytest.raises(DomainError, match="academic year 2026/27"):
        services.session_create(
            actor=lead,
            tier=tier,
            title="Late",
            day=future.day.replace(year=2028),
            starts_at=future.starts_at,
            ends_at=future.ends_at,
            venue_school=None,
            capacity=5,
        )


def test_an_inset_day_holds_parallel_sessions_with_their_own_capacity(client):
    day = Session.objects.get(title__startswith="INSET day")
    page = signed_in(client, "school.staff@example.org").get(reverse("trusthub:session", args=[day.pk]))
    text = page.content.decode()
    assert "Symbol-supported systems" in text and "2 of 2" in text
    assert day.capacity is None


def test_school_staff_see_no_pupil_data(client):
    staff = signed_in(client, "school.staff@example.org")
    page = staff.get(reverse("pupils:list"))
    assert "Maya" not in page.content.decode()
