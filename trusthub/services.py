"""Writes for the trust SEND hub's training offer: publishing, sessions, bookings, attendance, feedback.

Each service checks who is asking, applies the rule and raises DomainError with a sentence a
person can act on. People are told (home page and email, after commit) when their place moves
off the waiting list, and when a session they booked moves or is cancelled.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from sendhub.dates import academic_year_bounds
from sendhub.errors import DomainError
from sendhub.models import School, User
from sendhub.services import notify

from .models import Booking, Feedback, Offer, Session, Tier
from .selectors import booking_schools, can_manage

LIVE = (Booking.Status.BOOKED, Booking.Status.WAITING)


def _require_manager(actor: User, offer: Offer) -> None:
    if not can_manage(actor, offer.hub):
        raise PermissionDenied("Only the trust SEND lead runs the trust hub's offer")


@transaction.atomic
def offer_publish(*, actor: User, offer: Offer) -> Offer:
    """A draft offer is published once; then the trust's schools and partners see it and book."""
    _require_manager(actor, offer)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.is_published:
        raise DomainError("This offer is already published")
    if not offer.tiers.exists():
        raise DomainError("Add the offer's tiers before you publish it")
    offer.status, offer.published_at, offer.published_by = Offer.Status.PUBLISHED, timezone.now(), actor
    offer._history_user = actor
    offer.save()
    return offer


@transaction.atomic
def tier_update(*, actor: User, tier: Tier, **values: Any) -> Tier:
    """The lead describes a tier: audience, format, cadence, leads, purpose."""
    _require_manager(actor, tier.offer)
    for name, value in values.items():
        setattr(tier, name, value)
    tier._history_user = actor
    tier.save()
    return tier


def _check_when_and_where(offer: Offer, tier: Tier, *, day: date, starts_at: time, ends_at: time, venue_school):
    start, end = academic_year_bounds(offer.academic_year)
    if not start <= day <= end:
        raise DomainError(f"Choose a date in the academic year {offer.academic_year}", field="day")
    if ends_at <= starts_at:
        raise DomainError("The end time must be after the start time", field="ends_at")
    if venue_school is not None and venue_school.trust_id != offer.hub.trust_id:
        raise DomainError("Choose a school of the trust, or online", field="venue")


@transaction.atomic
def session_create(
    *,
    actor: User,
    tier: Tier,
    title: str,
    day: date,
    starts_at: time,
    ends_at: time,
    venue_school: School | None,
    capacity: int | None,
    leads: str = "",
    school: School | None = None,
    parent: Session | None = None,
    strand: str = "",
) -> Session:
    """A session of a tier, in the offer's year, at a school of the trust or online. An INSET day
    has no places of its own: its parallel sessions (by strand) each have a capacity."""
    offer = tier.offer
    _require_manager(actor, offer)
    if not tier.takes_sessions:
        raise DomainError("1:1 support is arranged on request: it has no sessions to book")
    _check_when_and_where(offer, tier, day=day, starts_at=starts_at, ends_at=ends_at, venue_school=venue_school)
    if parent is not None:
        if parent.tier_id != tier.pk or tier.kind != Tier.Kind.INSET or parent.parent_id is not None:
            raise DomainError("Parallel sessions belong to an INSET day")
        day = parent.day
        if starts_at < parent.starts_at or ends_at > parent.ends_at:
            raise DomainError("A parallel session must fall within the INSET day's hours", field="starts_at")
        if not capacity:
            raise DomainError("Enter how many places the session has", field="capacity")
    elif tier.kind == Tier.Kind.INSET:
        capacity = None  # the day's parallel sessions hold the places
    elif not capacity:
        raise DomainError("Enter how many places the session has", field="capacity")
    if tier.kind == Tier.Kind.ANNUAL_MEETING:
        if school is None:
            raise DomainError("Choose the school the meeting is with", field="school")
        if school.trust_id != offer.hub.trust_id:
            raise DomainError("Choose a school of the trust", field="school")
    else:
        school = None
    session = Session(
        tier=tier,
        parent=parent,
        title=title.strip(),
        strand=strand.strip(),
        day=day,
        starts_at=starts_at,
        ends_at=ends_at,
        venue_school=venue_school,
        online=venue_school is None,
        capacity=capacity,
        leads=leads.strip() or tier.leads,
        school=school,
    )
    session._history_user = actor
    session.save()
    return session


def _tell_people(session: Session, message: str, subject: str) -> None:
    people = User.objects.filter(
        pk__in=Booking.objects.filter(session__in=[session, *session.parallel_sessions.all()], status__in=LIVE).values(
            "person"
        )
    )
    notify(
        users=list(people), message=message, url=reverse("trusthub:session", args=[session.pk]), email_subject=subject
    )


@transaction.atomic
def session_update(
    *,
    actor: User,
    session: Session,
    title: str,
    day: date,
    starts_at: time,
    ends_at: time,
    venue_school: School | None,
    capacity: int | None,
    leads: str = "",
) -> Session:
    """A session moves: its calendar invitation keeps its UID and goes up in SEQUENCE, and
    everyone booked or waiting is told."""
    tier = session.tier
    _require_manager(actor, tier.offer)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError("This session is cancelled")
    if session.parent_id:
        day = session.parent.day
    _check_when_and_where(tier.offer, tier, day=day, starts_at=starts_at, ends_at=ends_at, venue_school=venue_school)
    if not session.is_day:
        if not capacity:
            raise DomainError("Enter how many places the session has", field="capacity")
        booked = session.bookings.filter(status=Booking.Status.BOOKED).count()
        if capacity < booked:
            raise DomainError(f"{booked} people have places: the capacity cannot be less than that", field="capacity")
    moved = (day, starts_at, ends_at, venue_school) != (
        session.day,
        session.starts_at,
        session.ends_at,
        session.venue_school,
    )
    session.title, session.day, session.starts_at, session.ends_at = title.strip(), day, starts_at, ends_at
    session.venue_school, session.online = venue_school, venue_school is None
    session.leads = leads.strip() or session.leads
    grew = not session.is_day and capacity > (session.capacity or 0)
    if not session.is_day:
        session.capacity = capacity
    if moved:
        session.sequence += 1
        # The parallel sessions of a day move with it.
        for child in session.parallel_sessions.all():
            child.day, child.sequence = day, child.sequence + 1
            child.save(update_fields=["day", "sequence"])
    session._history_user = actor
    session.save()
    if moved:
        _tell_people(
            session,
            f"{session.title} has moved to {session.day:%-d %B %Y}, {session.starts_at:%H:%M} to "
            f"{session.ends_at:%H:%M}, at {session.venue}. Download the updated calendar invitation.",
            "A training session you booked has moved",
        )
    if grew:
        _promote(session)
    return session


@transaction.atomic
def session_cancel(*, actor: User, session: Session, reason: str) -> Session:
    """Cancelled: the invitation becomes METHOD:CANCEL (same UID, next SEQUENCE); people are told."""
    _require_manager(actor, session.tier.offer)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise DomainError("This session is already cancelled")
    for one in [session, *session.parallel_sessions.exclude(status=Session.Status.CANCELLED)]:
        one.status, one.cancelled_reason, one.sequence = Session.Status.CANCELLED, reason.strip(), one.sequence + 1
        one._history_user = actor
        one.save()
    _tell_people(
        session,
        f"{session.title} on {session.day:%-d %B %Y} is cancelled: {reason.strip()}",
        "A training session you booked is cancelled",
    )
    return session


@transaction.atomic
def booking_create(*, actor: User, session: Session, school: School) -> Booking:
    """A place if one is left, else the waiting list. Only for staff of the trust's schools or its
    partners, in the tier's audience, on a published offer, before the session starts."""
    session = Session.objects.select_for_update().select_related("tier__offer__hub").get(pk=session.pk)
    offer = session.tier.offer
    if not offer.is_published:
        raise DomainError("This offer is not published yet")
    if school not in booking_schools(actor, offer, session.tier):
        raise DomainError(f"{session.tier.name} is for {session.tier.audience}: choose a school where you are one")
    if session.is_cancelled:
        raise DomainError("This session is cancelled")
    if session.is_day:
        raise DomainError("Book one of the day's parallel sessions")
    if session.has_started:
        raise DomainError("This session has already started")
    booked = session.bookings.filter(status=Booking.Status.BOOKED).count()
    status = Booking.Status.BOOKED if booked < (session.capacity or 0) else Booking.Status.WAITING
    try:
        with transaction.atomic():
            booking = Booking.objects.create(session=session, person=actor, school=school, status=status)
    except IntegrityError:
        raise DomainError("You already have a place, or a place on the waiting list, for this session") from None
    return booking


def _promote(session: Session) -> list[Booking]:
    """Fill free places from the waiting list, first come first served, and tell each person."""
    free = (session.capacity or 0) - session.bookings.filter(status=Booking.Status.BOOKED).count()
    promoted = []
    if free <= 0 or session.is_cancelled or session.has_started:
        return promoted
    waiting = list(
        session.bookings.select_for_update().filter(status=Booking.Status.WAITING).order_by("created_at", "pk")[:free]
    )
    for booking in waiting:
        booking.status, booking.promoted_at = Booking.Status.BOOKED, timezone.now()
        booking.save(update_fields=["status", "promoted_at"])
        notify(
            users=[booking.person],
            message=f"A place came free: you now have a place at {session.title} on {session.day:%-d %B %Y}",
            url=reverse("trusthub:session", args=[session.pk]),
            email_subject="You have a place at a training session",
        )
        promoted.append(booking)
    return promoted


def cancellation_cutoff(booking: Booking):
    return booking.session.start - timedelta(hours=booking.session.tier.offer.cancellation_cutoff_hours)


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking) -> Booking:
    """The person cancels up to the cut-off; the first person waiting moves up and is told."""
    session = Session.objects.select_for_update().get(pk=booking.session_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.person_id != actor.pk:
        raise PermissionDenied("Only the person booked can cancel their place")
    if booking.status == Booking.Status.CANCELLED:
        raise DomainError("This booking is already cancelled")
    if timezone.now() > cancellation_cutoff(booking):
        hours = session.tier.offer.cancellation_cutoff_hours
        raise DomainError(
            f"Places can be cancelled up to {hours} hours before the session: contact the trust SEND team instead"
        )
    was_booked = booking.status == Booking.Status.BOOKED
    booking.status, booking.cancelled_at = Booking.Status.CANCELLED, timezone.now()
    booking._history_user = actor
    booking.save()
    if was_booked:
        _promote(session)
    return booking


@transaction.atomic
def attendance_record(*, actor: User, session: Session, attended: set[int]) -> int:
    """The lead records who came, once the session has started; people booked but absent are marked absent."""
    _require_manager(actor, session.tier.offer)
    if not session.has_started:
        raise DomainError("Attendance can be recorded once the session has started")
    if session.is_cancelled:
        raise DomainError("This session is cancelled")
    booked = session.bookings.filter(status=Booking.Status.BOOKED)
    now = timezone.now()
    booked.filter(pk__in=attended).update(attended=True, attendance_recorded_at=now)
    booked.exclude(pk__in=attended).update(attended=False, attendance_recorded_at=now)
    return booked.filter(attended=True).count()


@transaction.atomic
def feedback_give(*, actor: User, booking: Booking, useful: str, confident: str, comments: str = "") -> Feedback:
    """Once, after the session, by the person who came."""
    if booking.person_id != actor.pk:
        raise PermissionDenied("Only the person who came gives feedback")
    if not booking.session.has_started or booking.status != Booking.Status.BOOKED or booking.attended is False:
        raise DomainError("Feedback is for sessions you came to, once they have happened")
    try:
        with transaction.atomic():
            return Feedback.objects.create(
                booking=booking, useful=useful, confident=confident, comments=comments.strip()
            )
    except IntegrityError:
        raise DomainError("You have already given feedback on this session") from None
