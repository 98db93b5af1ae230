"""Reads with rules: who reaches which trust hub, the cadence checks, the figures.

The offer, its sessions and bookings hold no pupil data: they are reached through the trust.
The trust SEND lead (and administrators) run a trust hub; staff of the trust's schools and of
its partner schools see its published offer and book. Anyone else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from hubs.models import Hub
from sendhub.access import reach
from sendhub.calendar import half_terms
from sendhub.models import Role, School

from .models import Booking, Offer, Session, Tier

# Roles at a school that may book (each tier narrows this to its audience).
BOOKING_ROLES = (Role.SENCO, Role.SCHOOL_LEADER, Role.SCHOOL_STAFF)


def managed_hubs(user: Any) -> QuerySet[Hub]:
    """Trust hubs the user runs: their trust's as its SEND lead; every one as an administrator."""
    r = reach(user)
    hubs = Hub.objects.filter(kind=Hub.Kind.TRUST)
    if r.is_admin:
        return hubs
    return hubs.filter(trust__in=r.trusts) if r.trusts else hubs.none()


def can_manage(user: Any, hub: Hub) -> bool:
    r = reach(user)
    return r.is_admin or (hub.kind == Hub.Kind.TRUST and hub.trust_id in r.trusts)


def school_roles(user: Any) -> dict[int, set[str]]:
    """The schools where the user may book, with their roles there."""
    r = reach(user)
    roles: dict[int, set[str]] = {}
    for role, ids in ((Role.SENCO, r.senco_schools), (Role.SCHOOL_LEADER, r.leader_schools)):
        for school_id in ids:
            roles.setdefault(school_id, set()).add(role)
    for school_id in r.staff_schools:
        roles.setdefault(school_id, set()).add(Role.SCHOOL_STAFF)
    return roles


def visible_offers(user: Any) -> QuerySet[Offer]:
    """Offers the user runs (drafts too), and published offers of their schools' trusts or as a partner."""
    managed = Q(hub__in=managed_hubs(user))
    schools = list(school_roles(user))
    shared = Q(status=Offer.Status.PUBLISHED) & (Q(hub__trust__schools__in=schools) | Q(partner_schools__in=schools))
    ids = Offer.objects.filter(managed | shared if schools else managed).values("pk")
    return Offer.objects.filter(pk__in=ids).select_related("hub", "hub__trust", "hub__anchor_school")


def offer_or_404(user: Any, pk: int) -> Offer:
    try:
        return visible_offers(user).get(pk=pk)
    except (Offer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def tier_or_404(user: Any, pk: int, *, manage: bool = False) -> Tier:
    tier = Tier.objects.select_related("offer__hub").filter(pk=pk).first()
    if tier is None or not visible_offers(user).filter(pk=tier.offer_id).exists():
        raise Http404
    if manage and not can_manage(user, tier.offer.hub):
        raise Http404
    return tier


def session_or_404(user: Any, pk: int) -> Session:
    session = (
        Session.objects.select_related("tier__offer__hub", "venue_school", "school", "parent").filter(pk=pk).first()
    )
    if session is None or not visible_offers(user).filter(pk=session.tier.offer_id).exists():
        raise Http404
    return session


def booking_schools(user: Any, offer: Offer, tier: Tier | None = None) -> list[School]:
    """The schools the user may book for: theirs, in the offer's trust or among its partners,
    where one of their roles is in the tier's audience."""
    roles = school_roles(user)
    if not roles:
        return []
    partner_ids = set(offer.partner_schools.values_list("pk", flat=True))
    audience = set(tier.audience_roles) if tier is not None else set(BOOKING_ROLES)
    schools = School.objects.filter(pk__in=list(roles)).order_by("name")
    return [
        school
        for school in schools
        if (school.trust_id == offer.hub.trust_id or school.pk in partner_ids) and roles[school.pk] & audience
    ]


def places_left(session: Session) -> int | None:
    if session.capacity is None:
        return None
    taken = session.bookings.filter(status=Booking.Status.BOOKED).count()
    return max(session.capacity - taken, 0)


def live_booking(user: Any, session: Session) -> Booking | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.bookings.filter(person=user, status__in=[Booking.Status.BOOKED, Booking.Status.WAITING]).first()


def user_bookings(user: Any) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=user)
        .select_related("session__tier__offer__hub", "session__parent", "school", "session__venue_school")
        .order_by("-session__day", "-session__starts_at")
    )


# --- Cadence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CadenceWarning:
    tier: Tier | None
    message: str


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def cadence_warnings(offer: Offer) -> list[CadenceWarning]:
    """Where the scheduled sessions break a tier's cadence, against the half terms of the
    anchor school's local authority: too many in a half term (clinics: one), fewer or more in the
    year than promised, and schools of the trust without their annual meeting by the spring term."""
    anchor = offer.hub.anchor_school
    terms = half_terms(offer.academic_year, anchor.local_authority if anchor else None)
    warnings: list[CadenceWarning] = []
    tiers = list(offer.tiers.all())
    sessions = list(
        Session.objects.filter(tier__offer=offer, parent__isnull=True, status=Session.Status.SCHEDULED).order_by(
            "day", "starts_at"
        )
    )
    for tier in tiers:
        own = [s for s in sessions if s.tier_id == tier.pk]
        if tier.max_per_half_term:
            for term in terms:
                inside = [s for s in own if s.day in term]
                if len(inside) > tier.max_per_half_term:
                    dates = ", ".join(_long(s.day) for s in inside)
                    warnings.append(
                        CadenceWarning(
                            tier,
                            f"{tier.name}: {len(inside)} in the {term.name} half term ({dates}); "
                            f"the offer promises at most {tier.max_per_half_term} a half term",
                        )
                    )
        if tier.kind == Tier.Kind.ANNUAL_MEETING:
            continue
        if tier.min_per_year and len(own) < tier.min_per_year:
            warnings.append(
                CadenceWarning(
                    tier,
                    f"{tier.name}: {len(own)} scheduled this year; the offer promises {tier.min_per_year}"
                    + (
                        f" to {tier.max_per_year}"
                        if tier.max_per_year and tier.max_per_year != tier.min_per_year
                        else ""
                    ),
                )
            )
        if tier.max_per_year and len(own) > tier.max_per_year:
            warnings.append(
                CadenceWarning(
                    tier, f"{tier.name}: {len(own)} scheduled this year; the offer promises at most {tier.max_per_year}"
                )
            )
    annual = next((t for t in tiers if t.kind == Tier.Kind.ANNUAL_MEETING), None)
    if annual is not None and terms:
        spring_ends = terms[3].ends_on
        met = {s.school_id for s in sessions if s.tier_id == annual.pk and s.day <= spring_ends}
        for school in School.objects.filter(trust_id=offer.hub.trust_id, is_open=True).order_by("name"):
            if school.pk not in met:
                warnings.append(
                    CadenceWarning(
                        annual,
                        f"{school.name} has no annual meeting with its SENCo and headteacher booked "
                        f"by the end of the spring term ({_long(spring_ends)})",
                    )
                )
    return warnings


# --- Figures for the trust dashboard ----------------------------------------------------


def attendance_figures(offer: Offer) -> list[dict[str, Any]]:
    """Per school and tier: places booked, attended, and feedback (useful, confident). Counted in the database."""
    return list(
        Booking.objects.filter(session__tier__offer=offer)
        .exclude(status=Booking.Status.CANCELLED)
        .values("school__name", "session__tier__label", "session__tier__name")
        .annotate(
            booked=Count("pk", filter=Q(status=Booking.Status.BOOKED)),
            waiting=Count("pk", filter=Q(status=Booking.Status.WAITING)),
            attended=Count("pk", filter=Q(attended=True)),
            useful=Count("pk", filter=Q(feedback__useful="yes")),
            confident=Count("pk", filter=Q(feedback__confident="yes")),
            feedback=Count("feedback"),
        )
        .order_by("school__name", "session__tier__label")
    )


def overdue_review_actions(user: Any):
    """(count, url) of open school SEND review actions past their milestone that the user reaches:
    for the trust SEND lead's "Your work" and the trust dashboard (trusthub.reviews.OverdueActions)."""
    from .reviews import overdue_review_actions as overdue

    return overdue(user)
