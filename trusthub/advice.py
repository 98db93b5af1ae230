"""Advice and case consultations: a school asks, the trust SEND lead triages and answers in
writing, books a clinic slot or arranges a visit; every exchange is on the request's timeline.

A case consultation rests on a consent record (referrals.Consent, checked by the same rule): the
one on the child's district hub referral, or, for a child with no referral, one the school records
while asking (the same model, form and rules, owned by the request: `advice_ask_about_child`);
once it is withdrawn nobody sees the consultation any more
(sendhub/access.py, resource "trust_advice", and the model's `condition`). Emails name no child.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from pupils.models import Contact, Pupil
from referrals.intake.consent import consent_problem, standing_consent_problem
from referrals.intake.services import consent_fill
from referrals.models import Consent, Referral
from sendhub import access
from sendhub.errors import DomainError
from sendhub.models import Membership, Role, School, User
from sendhub.services import notify

from .models import AdviceEvent, AdviceRequest, Booking, Session, Tier

TRIAGE = "triage"


def trust_hub_of(school: School) -> Hub | None:
    if not school.trust_id:
        return None
    return Hub.objects.filter(kind=Hub.Kind.TRUST, trust_id=school.trust_id, is_active=True).first()


def asking_schools(user: User) -> list[School]:
    """Schools where the user is the SENCo or a leader that belong to a trust with a SEND hub."""
    r = access.reach(user)
    ids = r.senco_schools | r.leader_schools
    if not ids:
        return []
    schools = School.objects.filter(pk__in=ids, trust__hubs__kind=Hub.Kind.TRUST).distinct()
    return list(schools.order_by("name"))


def usable_consents(user: User) -> QuerySet[Consent]:
    """Standing consent records on referrals the user may see as their school's SENCo, covering education."""
    referrals = Referral.objects.visible_to(user).filter(
        school__in=access.schools_where(user, "trust_advice", access.EDIT)
    )
    return (
        Consent.objects.filter(referral__in=referrals, withdrawn_at__isnull=True, covers_education=True)
        .select_related("referral__pupil", "given_by_contact")
        .order_by("referral__pupil__legal_last_name", "-given_on")
    )


def _event(request: AdviceRequest, actor: User | None, title: str, note: str = "") -> None:
    AdviceEvent.objects.create(request=request, actor=actor, title=title, note=note)


def _trust_team(hub: Hub) -> list[User]:
    ids = Membership.objects.current().filter(role=Role.TRUST_SEND_LEAD, trust_id=hub.trust_id).values("user")
    return list(User.objects.filter(pk__in=ids))


@transaction.atomic
def advice_ask(
    *, actor: User, school: School, kind: str, question: str, consent: Consent | None = None
) -> AdviceRequest:
    """A SENCo or leader of a trust school asks; about a child only with standing consent that covers education."""
    if school not in asking_schools(actor):
        raise DomainError("Choose a school of a trust with a SEND hub where you are the SENCo or a leader")
    hub = trust_hub_of(school)
    pupil = None
    if kind == AdviceRequest.Kind.CASE:
        if consent is None:
            raise DomainError("Choose the consent record this case consultation rests on", field="consent")
        consent = Consent.objects.select_for_update(of=("self",)).select_related("referral__pupil").get(pk=consent.pk)
        if consent.referral_id is None:
            raise DomainError("Choose the consent recorded on the child's referral", field="consent")
        pupil = consent.referral.pupil
        if consent.referral.school_id != school.pk or pupil.school_id != school.pk:
            raise DomainError("The child must be on the roll of the school that asks", field="consent")
        problem = consent_problem(consent.referral)
        if problem:
            raise DomainError(problem, field="consent")
        if not consent.covers_education:
            raise DomainError("Consent must cover sharing with education colleagues", field="consent")
    else:
        consent = None
    request = AdviceRequest.objects.create(
        hub=hub, school=school, asked_by=actor, kind=kind, pupil=pupil, consent=consent, question=question.strip()
    )
    _event(request, actor, "Asked", question.strip())
    notify(
        users=_trust_team(hub),
        message=f"{school.name} asked the trust SEND hub for advice ({request.get_kind_display().lower()})",
        url=reverse("trusthub:advice", args=[request.pk]),
        email_subject="A school asked the trust SEND hub for advice",
    )
    return request


def child_pupils(user: User) -> QuerySet[Pupil]:
    """Children the user may ask about without a referral: on the roll of a school where they may ask."""
    schools = asking_schools(user)
    return Pupil.objects.visible_to(user).filter(school__in=schools).order_by("legal_last_name", "legal_first_name")


@transaction.atomic
def advice_ask_about_child(
    *,
    actor: User,
    pupil: Pupil,
    question: str,
    given_by_contact: Contact | None,
    given_by_young_person: bool,
    method: str,
    given_on: date,
    covers_education: bool,
    covers_health: bool = False,
    covers_social_care: bool = False,
    document=None,
    taken_by: str = "",
    taken_at=None,
    explained: str = "",
) -> AdviceRequest:
    """A case consultation about a child with no referral: the school records the consent of a parent
    or carer (or the young person at 16 or over) as it asks. The same Consent record and rules as a
    district hub referral; the request owns it, and its withdrawal hides the request at once."""
    if not child_pupils(actor).filter(pk=pupil.pk).exists():
        raise DomainError("Choose a child on the roll of your school", field="pupil")
    school = pupil.school
    if not covers_education:
        raise DomainError("Consent must cover sharing with education colleagues", field="covers")
    consent = consent_fill(
        Consent(referral=None, recorded_by=actor),
        pupil=pupil,
        actor=actor,
        given_by_contact=given_by_contact,
        given_by_young_person=given_by_young_person,
        method=method,
        given_on=given_on,
        covers_education=covers_education,
        covers_health=covers_health,
        covers_social_care=covers_social_care,
        document=document,
        taken_by=taken_by,
        taken_at=taken_at,
        explained=explained,
    )
    problem = standing_consent_problem(consent, pupil)
    if problem:
        raise DomainError(problem)
    request = AdviceRequest.objects.create(
        hub=trust_hub_of(school),
        school=school,
        asked_by=actor,
        kind=AdviceRequest.Kind.CASE,
        pupil=pupil,
        consent=consent,
        question=question.strip(),
    )
    _event(request, actor, "Asked, with consent recorded by the school", question.strip())
    notify(
        users=_trust_team(request.hub),
        message=f"{school.name} asked the trust SEND hub for advice (a case consultation about a child)",
        url=reverse("trusthub:advice", args=[request.pk]),
        email_subject="A school asked the trust SEND hub for advice",
    )
    return request


def may_withdraw_consent(user: User, request: AdviceRequest) -> bool:
    """The consent a request owns (not a referral's: that is withdrawn on the referral) can be
    withdrawn by the asking school's SENCo or leader, or a parent of the child, while it stands."""
    consent = request.consent
    return (
        consent is not None
        and consent.referral_id is None
        and consent.withdrawn_at is None
        and access.can(user, request, "withdraw_consent")
    )


@transaction.atomic
def advice_consent_withdraw(*, actor: User, request: AdviceRequest, note: str = "") -> AdviceRequest:
    """Consent is withdrawn: from this moment nobody sees the consultation (the access policy's
    condition on trust_advice), the trust team included."""
    if not may_withdraw_consent(actor, request):
        raise DomainError("Consent for this request has already been withdrawn, or is the referral's")
    consent = Consent.objects.select_for_update().get(pk=request.consent_id)
    consent.withdrawn_at, consent.withdrawn_by, consent.withdrawal_note = timezone.now(), actor, note.strip()
    consent._history_user = actor
    consent.save()
    _event(request, actor, "Consent withdrawn", note.strip())
    notify(
        users=_trust_team(request.hub),
        message=f"Consent was withdrawn for a case consultation from {request.school.name}: it has stopped",
        url=reverse("trusthub:advice_list"),
        email_subject="Consent for a case consultation was withdrawn",
    )
    return request


def _triage(actor: User, request: AdviceRequest) -> AdviceRequest:
    access.require(actor, request, TRIAGE)
    request = AdviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == AdviceRequest.Status.CLOSED:
        raise DomainError("This request is closed")
    return request


def _tell_asker(request: AdviceRequest, message: str) -> None:
    notify(
        users=[request.asked_by],
        message=message,
        url=reverse("trusthub:advice", args=[request.pk]),
        email_subject="The trust SEND hub replied to your request",
    )


@transaction.atomic
def advice_answer(*, actor: User, request: AdviceRequest, answer: str) -> AdviceRequest:
    """The trust SEND lead answers in writing."""
    request = _triage(actor, request)
    request.status = AdviceRequest.Status.ANSWERED
    request.save(update_fields=["status"])
    _event(request, actor, "Answered in writing", answer.strip())
    _tell_asker(request, f"The trust SEND hub answered your request {request.short_reference}")
    return request


def clinic_sessions(request: AdviceRequest) -> QuerySet[Session]:
    return Session.objects.filter(
        tier__offer__hub=request.hub,
        tier__kind=Tier.Kind.CLINIC,
        status=Session.Status.SCHEDULED,
        day__gte=timezone.localdate(),
    ).order_by("day")


@transaction.atomic
def advice_book_clinic(*, actor: User, request: AdviceRequest, session: Session, note: str = "") -> AdviceRequest:
    """A slot at a targeted clinic for the person who asked (the waiting list if it is full)."""
    request = _triage(actor, request)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not clinic_sessions(request).filter(pk=session.pk).exists():
        raise DomainError("Choose a clinic of this hub that has not happened yet", field="session")
    booked = session.bookings.filter(status=Booking.Status.BOOKED).count()
    status = Booking.Status.BOOKED if booked < (session.capacity or 0) else Booking.Status.WAITING
    Booking.objects.get_or_create(
        session=session,
        person=request.asked_by,
        status__in=[Booking.Status.BOOKED, Booking.Status.WAITING],
        defaults={"school": request.school, "status": status},
    )
    request.status, request.session = AdviceRequest.Status.CLINIC, session
    request.save(update_fields=["status", "session"])
    _event(request, actor, f"Clinic slot booked: {session.title}, {session.day:%-d %B %Y}", note.strip())
    _tell_asker(request, f"The trust SEND hub booked you a clinic slot for request {request.short_reference}")
    return request


@transaction.atomic
def advice_visit(*, actor: User, request: AdviceRequest, day: date, note: str = "") -> AdviceRequest:
    """A visit to the school by the trust SEND team."""
    request = _triage(actor, request)
    if day < timezone.localdate():
        raise DomainError("The visit must be today or later", field="day")
    request.status, request.visit_on = AdviceRequest.Status.VISIT, day
    request.save(update_fields=["status", "visit_on"])
    _event(request, actor, f"Visit arranged for {day:%-d %B %Y}", note.strip())
    _tell_asker(request, f"The trust SEND hub arranged a visit for request {request.short_reference}")
    return request


@transaction.atomic
def advice_reply(*, actor: User, request: AdviceRequest, message: str) -> AdviceRequest:
    """The school adds to its request (more detail, a follow-up question)."""
    access.require(actor, request, access.EDIT)
    _event(request, actor, "The school replied", message.strip())
    notify(
        users=_trust_team(request.hub),
        message=f"{request.school.name} added to request {request.short_reference}",
        url=reverse("trusthub:advice", args=[request.pk]),
        email_subject="A school added to its request to the trust SEND hub",
    )
    return request
