"""Pages of the trust SEND hub's training offer: the offer, sessions, bookings, attendance, feedback."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from sendhub.http import form_page, posted
from sendhub.models import School

from . import selectors, services
from .forms import (
    AttendanceForm,
    BookForm,
    ConfirmForm,
    FeedbackForm,
    ParallelSessionForm,
    ReasonForm,
    SessionForm,
    TierForm,
)
from .ics import session_ics
from .models import Booking, Offer, Session, Tier


def _manage_or_404(request: HttpRequest, offer: Offer) -> None:
    if not selectors.can_manage(request.user, offer.hub):
        raise Http404


def _trust_schools(offer: Offer) -> list[School]:
    return list(School.objects.filter(trust_id=offer.hub.trust_id, is_open=True).order_by("name"))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    offers = list(selectors.visible_offers(request.user).order_by("hub__name", "-academic_year"))
    return render(
        request,
        "trusthub/index.html",
        {"offers": offers, "manages": selectors.managed_hubs(request.user).exists()},
    )


@login_required
@require_GET
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_or_404(request.user, pk)
    manages = selectors.can_manage(request.user, offer.hub)
    tiers = list(offer.tiers.all())
    sessions = (
        Session.objects.filter(tier__offer=offer, parent__isnull=True)
        .select_related("venue_school", "school")
        .order_by("day", "starts_at")
    )
    by_tier: dict[int, list[Session]] = {}
    for session in sessions:
        by_tier.setdefault(session.tier_id, []).append(session)
    return render(
        request,
        "trusthub/offer.html",
        {
            "offer": offer,
            "manages": manages,
            "tiers": [(tier, by_tier.get(tier.pk, [])) for tier in tiers],
            "warnings": selectors.cadence_warnings(offer) if manages else [],
            "figures": selectors.attendance_figures(offer) if manages else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offer_publish(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_or_404(request.user, pk)
    _manage_or_404(request, offer)

    def on_valid(data) -> str:
        services.offer_publish(actor=request.user, offer=offer)
        return reverse("trusthub:offer", args=[offer.pk])

    return form_page(
        request,
        ConfirmForm(posted(request), submit="Publish the offer"),
        on_valid=on_valid,
        title=f"Publish the {offer.academic_year} training offer",
        caption=offer.hub.name,
        intro="Staff of the trust's schools and partner schools will see the offer and can book its sessions.",
        back_url=reverse("trusthub:offer", args=[offer.pk]),
        success="The offer is published",
    )


@login_required
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    tier = selectors.tier_or_404(request.user, pk, manage=True)
    initial = {
        name: getattr(tier, name) for name in ("audience", "audience_roles", "format", "cadence", "leads", "purpose")
    }
    form = TierForm(posted(request), initial=initial)

    def on_valid(data) -> str:
        services.tier_update(actor=request.user, tier=tier, **data)
        return reverse("trusthub:offer", args=[tier.offer_id]) + f"#tier-{tier.pk}"

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Change {tier.label}: {tier.name}",
        back_url=reverse("trusthub:offer", args=[tier.offer_id]),
        success="The tier is saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    tier = selectors.tier_or_404(request.user, pk, manage=True)
    if not tier.takes_sessions:
        raise Http404
    initial = {"starts_at": tier.default_starts_at and tier.default_starts_at.strftime("%H:%M"), "leads": ""}
    initial["ends_at"] = tier.default_ends_at and tier.default_ends_at.strftime("%H:%M")
    initial["title"] = tier.name
    form = SessionForm(
        posted(request),
        initial=initial,
        schools=_trust_schools(tier.offer),
        with_capacity=tier.kind != Tier.Kind.INSET,
        with_school=tier.kind == Tier.Kind.ANNUAL_MEETING,
    )

    def on_valid(data) -> str:
        session = services.session_create(actor=request.user, tier=tier, **form.values())
        return reverse("trusthub:session", args=[session.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Add a session: {tier.name}",
        caption=f"{tier.label}, {tier.offer.academic_year}",
        intro=f"Cadence: {tier.cadence}.",
        back_url=reverse("trusthub:offer", args=[tier.offer_id]),
        success="The session is added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def parallel_add(request: HttpRequest, pk: int) -> HttpResponse:
    day = selectors.session_or_404(request.user, pk)
    _manage_or_404(request, day.tier.offer)
    if not day.is_day or day.parent_id:
        raise Http404
    form = ParallelSessionForm(posted(request))

    def on_valid(data) -> str:
        services.session_create(
            actor=request.user,
            tier=day.tier,
            parent=day,
            day=day.day,
            venue_school=day.venue_school,
            **data,
        )
        return reverse("trusthub:session", args=[day.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Add a parallel session to {day.title}",
        caption=f"{day.day:%-d %B %Y}, {day.venue}",
        back_url=reverse("trusthub:session", args=[day.pk]),
        success="The parallel session is added",
    )


@login_required
@require_GET
def session(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    offer = session.tier.offer
    manages = selectors.can_manage(request.user, offer.hub)
    bookings = (
        list(session.bookings.exclude(status=Booking.Status.CANCELLED).select_related("person", "school"))
        if manages
        else []
    )
    children = list(session.parallel_sessions.select_related("venue_school").order_by("starts_at", "strand", "title"))
    for child in children:
        child.left = selectors.places_left(child)
        child.mine = selectors.live_booking(request.user, child)
    return render(
        request,
        "trusthub/session.html",
        {
            "session": session,
            "offer": offer,
            "manages": manages,
            "bookings": bookings,
            "children": children,
            "left": selectors.places_left(session),
            "mine": selectors.live_booking(request.user, session),
            "may_book": offer.is_published and bool(selectors.booking_schools(request.user, offer, session.tier)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    _manage_or_404(request, session.tier.offer)
    if session.is_cancelled:
        raise Http404
    initial = {
        "title": session.title,
        "day": session.day,
        "starts_at": session.starts_at.strftime("%H:%M"),
        "ends_at": session.ends_at.strftime("%H:%M"),
        "venue": "online" if session.online else str(session.venue_school_id),
        "capacity": session.capacity,
        "leads": session.leads,
    }
    form = SessionForm(
        posted(request),
        initial=initial,
        schools=_trust_schools(session.tier.offer),
        with_capacity=not session.is_day,
        with_day=session.parent_id is None,
    )

    def on_valid(data) -> str:
        values = form.values()
        values.pop("school", None)
        values.setdefault("day", session.day)
        services.session_update(actor=request.user, session=session, **values)
        return reverse("trusthub:session", args=[session.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Change {session.title}",
        intro=(
            "If the date, time or place changes, everyone booked or waiting is told and their calendar "
            "invitation updates."
        ),
        back_url=reverse("trusthub:session", args=[session.pk]),
        success="The session is saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    _manage_or_404(request, session.tier.offer)
    if session.is_cancelled:
        raise Http404

    def on_valid(data) -> str:
        services.session_cancel(actor=request.user, session=session, reason=data["reason"])
        return reverse("trusthub:session", args=[session.pk])

    return form_page(
        request,
        ReasonForm(posted(request)),
        on_valid=on_valid,
        title=f"Cancel {session.title}",
        warning="Everyone booked or waiting is told, and their calendar invitation is cancelled.",
        back_url=reverse("trusthub:session", args=[session.pk]),
        success="The session is cancelled",
    )


@login_required
@require_GET
def session_ics_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    booking = session.bookings.filter(person=request.user).order_by("-created_at").first()
    response = HttpResponse(session_ics(session, booking, request=request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="trust-hub-session-{session.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    offer = session.tier.offer
    schools = selectors.booking_schools(request.user, offer, session.tier)
    if not schools or not offer.is_published:
        raise Http404
    form = BookForm(
        posted(request), schools=schools, initial={"school": str(schools[0].pk)} if len(schools) == 1 else {}
    )
    left = selectors.places_left(session)

    def on_valid(data) -> str:
        booking = services.booking_create(actor=request.user, session=session, school=form.schools[data["school"]])
        return reverse("trusthub:bookings") + f"#booking-{booking.pk}"

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Book {session.title}",
        caption=f"{session.day:%-d %B %Y}, {session.starts_at:%H:%M} to {session.ends_at:%H:%M}, {session.venue}",
        intro=(
            f"{left} places left."
            if left
            else "The session is full: you will join the waiting list and be told if a place comes free."
        ),
        back_url=reverse("trusthub:session", args=[session.pk]),
        success="Your booking is saved",
    )


@login_required
@require_GET
def bookings(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.user_bookings(request.user))
    for booking in rows:
        booking.cutoff = services.cancellation_cutoff(booking)
    return render(request, "trusthub/bookings.html", {"bookings": rows})


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("session__tier__offer__hub", "session__parent", "school"),
        pk=pk,
        person=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    if booking.status == Booking.Status.CANCELLED:
        raise Http404

    def on_valid(data) -> str:
        services.booking_cancel(actor=request.user, booking=booking)
        return reverse("trusthub:bookings")

    return form_page(
        request,
        ConfirmForm(posted(request), submit="Cancel my place", warning=True),
        on_valid=on_valid,
        title=f"Cancel your place at {booking.session.title}",
        intro=(
            f"You can cancel up to {booking.session.tier.offer.cancellation_cutoff_hours} hours before the session. "
            "The first person on the waiting list takes your place."
        ),
        back_url=reverse("trusthub:bookings"),
        success="Your place is cancelled",
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    if hasattr(booking, "feedback"):
        raise Http404

    def on_valid(data) -> str:
        services.feedback_give(actor=request.user, booking=booking, **data)
        return reverse("trusthub:bookings")

    return form_page(
        request,
        FeedbackForm(posted(request)),
        on_valid=on_valid,
        title=f"Feedback on {booking.session.title}",
        caption=f"{booking.session.day:%-d %B %Y}",
        back_url=reverse("trusthub:bookings"),
        success="Thank you for your feedback",
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_or_404(request.user, pk)
    _manage_or_404(request, session.tier.offer)
    if session.is_day:
        raise Http404
    booked = list(session.bookings.filter(status=Booking.Status.BOOKED).select_related("person", "school"))
    form = AttendanceForm(
        posted(request),
        people=[(b.pk, f"{b.person.full_name}, {b.school.name}") for b in booked],
        initial={"attended": [str(b.pk) for b in booked if b.attended]},
    )

    def on_valid(data) -> str:
        services.attendance_record(actor=request.user, session=session, attended={int(pk) for pk in data["attended"]})
        return reverse("trusthub:session", args=[session.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Attendance at {session.title}",
        caption=f"{session.day:%-d %B %Y}",
        back_url=reverse("trusthub:session", args=[session.pk]),
        success="Attendance is saved",
    )
