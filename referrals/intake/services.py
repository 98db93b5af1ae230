"""Writes for referrals: drafting, consent, submitting, the coordinator's decisions, withdrawal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from pupils.models import Contact, Pupil
from referrals.intake.consent import (
    ALLOWED_DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    consent_date_problem,
    consent_problem,
)
from referrals.intake.selectors import coordinators_of, sencos_of
from referrals.models import AgendaItem, Consent, Meeting, Referral, ReferralEvent
from sendhub import access
from sendhub.errors import DomainError
from sendhub.models import User
from sendhub.services import notify
from sendhub.uploads import check_upload

CONTENT_FIELDS = ("concern", "needs", "support_tried", "outcomes_hoped", "parent_views", "child_views")
EDITABLE = (Referral.Status.DRAFT, Referral.Status.MORE_INFORMATION)


def _event(referral: Referral, actor: User | None, title: str, note: str = "") -> None:
    ReferralEvent.objects.create(referral=referral, actor=actor, status=referral.status, title=title, note=note)


def _save(referral: Referral, actor: User | None) -> None:
    referral._history_user = actor
    try:
        referral.save()
    except ValidationError as error:  # the model's own consent guard
        raise DomainError(error.messages[0]) from None


def _url(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


def _locked(referral: Referral) -> Referral:
    return Referral.objects.select_for_update(of=("self",)).select_related("pupil", "hub", "school").get(pk=referral.pk)


def hubs_to_pass_to(referral: Referral):
    """The district hubs a referral may be passed to: active, of the child's local authority
    (the referring school's), other than its own."""
    return (
        Hub.objects.filter(
            kind=Hub.Kind.DISTRICT,
            is_active=True,
            district__local_authority_id=referral.school.local_authority_id,
        )
        .exclude(pk=referral.hub_id)
        .select_related("district")
        .order_by("name")
    )


def open_referral_problem(*, pupil: Pupil, hub: Hub | None, referral: Referral | None = None) -> None:
    """One open referral per child and hub: refuse a second, with a link to the open one."""
    if hub is None:
        return
    other = (
        Referral.objects.filter(pupil=pupil, hub=hub, status__in=Referral.OPEN)
        .exclude(pk=referral.pk if referral else None)
        .first()
    )
    if other is not None:
        raise DomainError(
            f"{pupil.name} already has an open referral to the {hub.name} "
            f"({other.get_status_display().lower()}): continue that one instead",
            field="hub" if referral else "pupil",
            link=(f"Go to the open referral of {pupil.name}", _url(other)),
        )


def _save_open(referral: Referral, actor: User | None) -> None:
    """Save; a second open referral for the child and hub, made at the same moment, is refused
    by the database constraint and reported like the service's own check."""
    try:
        with transaction.atomic():
            _save(referral, actor)
    except IntegrityError:
        open_referral_problem(pupil=referral.pupil, hub=referral.hub, referral=referral)
        raise


def default_hub(pupil: Pupil) -> Hub | None:
    return Hub.objects.filter(kind=Hub.Kind.DISTRICT, district_id=pupil.school.district_id, is_active=True).first()


# --- Policy questions (the service asks them itself; pages ask them to show buttons) -------


def can_edit_referral(user: User, referral: Referral) -> bool:
    return referral.status in EDITABLE and access.can(user, referral, access.EDIT)


def can_submit_referral(user: User, referral: Referral) -> bool:
    """Only the referring school, only from draft (or after more information was asked), only with consent."""
    return can_edit_referral(user, referral) and referral.hub_id is not None and consent_problem(referral) is None


def can_triage(user: User, referral: Referral) -> bool:
    return referral.status == Referral.Status.SUBMITTED and access.can(user, referral, "triage")


def can_withdraw_consent(user: User, referral: Referral) -> bool:
    try:
        consent = referral.consent
    except Consent.DoesNotExist:
        return False
    return (
        consent.withdrawn_at is None
        and referral.status != Referral.Status.DRAFT
        and access.can(user, referral, "withdraw_consent")
    )


# --- The school's journey ---------------------------------------------------------------------


@transaction.atomic
def referral_start(*, actor: User, pupil: Pupil) -> Referral:
    """A draft referral for a pupil on the roll of the actor's school."""
    if not access.can(actor, pupil, access.VIEW) or not access.may_at_school(
        actor, pupil.school, "referral", access.EDIT
    ):
        raise PermissionDenied
    hub = default_hub(pupil)
    open_referral_problem(pupil=pupil, hub=hub)
    referral = Referral(pupil=pupil, school=pupil.school, hub=hub, created_by=actor)
    _save_open(referral, actor)
    _event(referral, actor, "Draft started")
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral: Referral, **values: Any) -> Referral:
    referral = _locked(referral)
    if not can_edit_referral(actor, referral):
        raise DomainError("This referral can no longer be changed")
    for name, value in values.items():
        if name in CONTENT_FIELDS:
            setattr(referral, name, value)
        elif name == "hub":
            if value.kind != Hub.Kind.DISTRICT or not value.is_active:
                raise DomainError("Choose a district SEND and Inclusion hub", field="hub")
            open_referral_problem(pupil=referral.pupil, hub=value, referral=referral)
            referral.hub = value
        else:
            raise TypeError(f"referral_update got an unexpected field {name!r}")
    _save_open(referral, actor)
    return referral


@transaction.atomic
def consent_record(
    *,
    actor: User,
    referral: Referral,
    given_by_contact: Contact | None,
    given_by_young_person: bool,
    method: str,
    given_on: date,
    covers_education: bool,
    covers_health: bool,
    covers_social_care: bool,
    document: UploadedFile | None = None,
    taken_by: str = "",
    taken_at: datetime | None = None,
    explained: str = "",
) -> Consent:
    """Record (or correct, before the referral goes) who gave consent, how, when and to what."""
    referral = _locked(referral)
    if not can_edit_referral(actor, referral):
        raise DomainError("Consent for this referral can no longer be changed; it can be withdrawn")
    consent = Consent.objects.filter(referral=referral).first() or Consent(referral=referral, recorded_by=actor)
    return consent_fill(
        consent,
        pupil=referral.pupil,
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


def consent_fill(
    consent: Consent,
    *,
    pupil,
    actor: User,
    given_by_contact: Contact | None,
    given_by_young_person: bool,
    method: str,
    given_on: date,
    covers_education: bool,
    covers_health: bool,
    covers_social_care: bool,
    document: UploadedFile | None = None,
    taken_by: str = "",
    taken_at: datetime | None = None,
    explained: str = "",
) -> Consent:
    """Check and save who gave consent about `pupil`, how, when and to what: a referral's record,
    or one owned by a trust SEND hub case consultation (the caller checks it may write it)."""
    if given_by_contact is not None and given_by_contact.pupil_id != pupil.pk:
        raise DomainError("Choose a parent or carer of this child", field="given_by")
    problem = given_on and consent_date_problem(
        born=pupil.date_of_birth, given_on=given_on, young_person=given_by_young_person
    )
    if problem:
        raise DomainError(problem, field="given_on")
    if taken_at is not None and taken_at > timezone.now():
        raise DomainError("The time the verbal consent was taken must be in the past", field="taken_on")
    consent.given_by_contact, consent.given_by_young_person = given_by_contact, given_by_young_person
    consent.method, consent.given_on = method, given_on
    consent.covers_education, consent.covers_health, consent.covers_social_care = (
        covers_education,
        covers_health,
        covers_social_care,
    )
    if method == Consent.Method.WRITTEN:
        if document is not None:
            try:
                consent.document_type = check_upload(
                    document, allowed_mimes=ALLOWED_DOCUMENT_TYPES, max_bytes=MAX_DOCUMENT_BYTES, noun="PDF, JPG or PNG"
                )
            except ValidationError as error:
                raise DomainError(error.messages[0], field="document") from None
            consent.document.save("consent", document, save=False)
        consent.taken_by, consent.taken_at, consent.explained = "", None, ""
    else:
        consent.document, consent.document_type = "", ""
        consent.taken_by, consent.taken_at, consent.explained = taken_by, taken_at, explained
    consent.recorded_by, consent.recorded_at = actor, timezone.now()
    consent._history_user = actor
    consent.save()
    return consent


@transaction.atomic
def referral_submit(*, actor: User, referral: Referral) -> Referral:
    """Send the referral to the hub. Refused without valid consent, whoever asks and however."""
    referral = _locked(referral)
    if not can_edit_referral(actor, referral):
        raise DomainError("Only the referring school can send this referral, and only before the hub has it")
    problem = consent_problem(referral)
    if problem:
        raise DomainError(problem)
    if referral.hub_id is None:
        raise DomainError("Choose the district hub the referral goes to", field="hub")
    for name, label in (
        ("concern", "the concern"),
        ("needs", "the child's needs"),
        ("support_tried", "what has been tried"),
    ):
        if not getattr(referral, name).strip():
            raise DomainError(f"Describe {label} before you submit the referral")
    again = referral.status == Referral.Status.MORE_INFORMATION
    referral.status = Referral.Status.SUBMITTED
    referral.submitted_at = referral.submitted_at or timezone.now()
    _save(referral, actor)
    _event(referral, actor, "Sent again with more information" if again else "Submitted to the hub")
    notify(
        users=coordinators_of(referral.hub),
        message=f"A referral from {referral.school.name} is waiting in the {referral.hub.name} inbox",
        url=_url(referral),
        kind="referral",
        email_subject="A referral is waiting for you",
    )
    return referral


# --- The coordinator's decisions --------------------------------------------------------------


def _triaged(actor: User, referral: Referral) -> Referral:
    referral = _locked(referral)
    if not access.can(actor, referral, "triage"):
        raise PermissionDenied
    if referral.status != Referral.Status.SUBMITTED:
        raise DomainError(f"This referral is {referral.get_status_display().lower()}: there is nothing to decide")
    return referral


@transaction.atomic
def referral_request_information(*, actor: User, referral: Referral, message: str) -> Referral:
    referral = _triaged(actor, referral)
    if not message.strip():
        raise DomainError("Enter what information the school needs to add", field="message")
    referral.status = Referral.Status.MORE_INFORMATION
    _save(referral, actor)
    _event(referral, actor, "More information requested", message.strip())
    notify(
        users=sencos_of(referral),
        message=f"The {referral.hub.name} asks for more information about a referral",
        url=_url(referral),
        kind="referral",
        email_subject="The hub asks for more information",
    )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    referral = _triaged(actor, referral)
    if not reason.strip():
        raise DomainError("Enter why the referral is declined", field="reason")
    referral.status = Referral.Status.DECLINED
    _save(referral, actor)
    _event(referral, actor, "Declined", reason.strip())
    notify(
        users=sencos_of(referral),
        message=f"The {referral.hub.name} has declined a referral",
        url=_url(referral),
        kind="referral",
        email_subject="A referral was declined",
    )
    return referral


@transaction.atomic
def referral_pass(*, actor: User, referral: Referral, hub: Hub, note: str = "") -> Referral:
    """Pass the referral to another district's hub of the child's local authority, whose
    coordinator decides from here on; never to another authority's hub."""
    referral = _triaged(actor, referral)
    if not hubs_to_pass_to(referral).filter(pk=hub.pk).exists():
        raise DomainError("Choose another district SEND and Inclusion hub of the child's local authority", field="hub")
    open_referral_problem(pupil=referral.pupil, hub=hub, referral=referral)
    previous = referral.hub
    referral.hub = hub
    _save_open(referral, actor)
    _event(referral, actor, f"Passed from {previous.name} to {hub.name}", note.strip())
    notify(
        users=coordinators_of(hub),
        message=f"{previous.name} passed you a referral from {referral.school.name}",
        url=_url(referral),
        kind="referral",
        email_subject="A referral was passed to your hub",
    )
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    """Accept for the next half-termly meeting; it joins that meeting's agenda if one is scheduled."""
    referral = _triaged(actor, referral)
    referral.status = Referral.Status.ACCEPTED
    _save(referral, actor)
    meeting = (
        Meeting.objects.filter(
            district=referral.hub.district_id,
            kind=Meeting.Kind.HUB,
            status=Meeting.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    note = ""
    if meeting is not None:
        from referrals.meetings.services import agenda_add_case

        agenda_add_case(meeting=meeting, referral=referral, kind=AgendaItem.Kind.NEW, actor=actor)
        note = f"On the agenda of the meeting on {timezone.localtime(meeting.starts_at):%-d %B %Y}"
    _event(referral, actor, "Accepted for a meeting", note)
    notify(
        users=sencos_of(referral),
        message=f"The {referral.hub.name} accepted a referral for its next meeting",
        url=_url(referral),
        kind="referral",
        email_subject="A referral was accepted",
    )
    return referral


# --- Withdrawal -----------------------------------------------------------------------------


@transaction.atomic
def consent_withdraw(*, actor: User, referral: Referral, note: str = "") -> Referral:
    """Consent is withdrawn: the referral stops at once and leaves every future agenda; its
    details are hidden from panel members; the coordinator is told. The record stays."""
    referral = _locked(referral)
    if not can_withdraw_consent(actor, referral):
        if access.can(actor, referral, access.VIEW):
            raise DomainError("Consent for this referral has already been withdrawn, or was never given")
        raise PermissionDenied
    consent = Consent.objects.select_for_update().get(referral=referral)
    consent.withdrawn_at, consent.withdrawn_by, consent.withdrawal_note = timezone.now(), actor, note.strip()
    consent._history_user = actor
    consent.save()
    referral.status = Referral.Status.WITHDRAWN
    _save(referral, actor)
    AgendaItem.objects.filter(
        referral=referral, removed_at__isnull=True, meeting__status=Meeting.Status.SCHEDULED
    ).update(removed_at=timezone.now(), removed_reason="Consent withdrawn")
    by_parent = access.reach(actor).is_parent and not access.can(actor, referral, access.VIEW, roles=access.STAFF_ROLES)
    _event(
        referral,
        actor,
        "Consent withdrawn" + (" by the parent" if by_parent else " (recorded by the school)"),
        note.strip(),
    )
    people = coordinators_of(referral.hub) if referral.hub_id else []
    if by_parent:
        people += sencos_of(referral)
    notify(
        users=people,
        message=f"Consent was withdrawn for a referral from {referral.school.name}: it has stopped",
        url=_url(referral),
        kind="consent_withdrawn",
        email_subject="Consent for a referral was withdrawn",
    )
    return referral
