"""Writes to pupil records and their parents' and carers' contacts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pupils.models import Contact, Pupil
from pupils.records.models import year_group_problem
from pupils.records.upn import normalise_upn
from sendhub import access
from sendhub.errors import DomainError
from sendhub.links import absolute_url
from sendhub.models import Membership, Role, School, User
from sendhub.services import email_queue, notify

PUPIL_FIELDS = (
    "upn",
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "year_group",
    "sen_provision",
    "primary_need",
    "secondary_need",
)


def _validated(pupil: Pupil) -> None:
    try:
        pupil.full_clean(validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == "__all__" else field) from None


def _year_group_agrees(pupil: Pupil) -> None:
    """The year group is within one year of the date of birth's, unless the SENCo confirms
    the pupil is taught out of their year group."""
    problem = year_group_problem(
        pupil.date_of_birth,
        pupil.year_group,
        today=timezone.localdate(),
        taught_out=pupil.taught_out_of_year_group,
    )
    if problem:
        raise DomainError(problem, field="year_group")


def _upn_is_free(upn: str, *, except_pk: int | None = None) -> None:
    clash = Pupil.objects.filter(upn=upn).exclude(pk=except_pk)
    if clash.exists():
        # Said without naming the other school: its roll is not this user's business.
        raise DomainError(
            "A pupil with this UPN is already in the portal. Check the UPN; if the pupil has joined your school, "
            "ask the local authority to move their record to your roll",
            field="upn",
        )


@transaction.atomic
def pupil_create(*, actor: User, school: School, data: dict[str, Any]) -> Pupil:
    """A new pupil on the roll of a school where the actor may keep pupil records."""
    if not access.may_at_school(actor, school, "pupil", access.EDIT):
        raise DomainError("You cannot add pupils to this school's roll", field="school")
    pupil = Pupil(school=school, **{name: data.get(name, "") for name in PUPIL_FIELDS})
    pupil.taught_out_of_year_group = bool(data.get("taught_out_of_year_group", False))
    pupil.upn = normalise_upn(pupil.upn)
    _validated(pupil)
    _year_group_agrees(pupil)
    _upn_is_free(pupil.upn)
    pupil._history_user = actor
    pupil.save()
    return pupil


@transaction.atomic
def pupil_update(*, actor: User, pupil: Pupil, data: dict[str, Any], school: School | None = None) -> Pupil:
    """Change a pupil's record; an LA officer may also move them to another school of the LA."""
    pupil = Pupil.objects.select_for_update().get(pk=pupil.pk)
    access.require(actor, pupil, access.EDIT)
    if school is not None and school.pk != pupil.school_id:
        if not access.may_at_school(actor, school, "pupil", access.EDIT):
            raise DomainError("You cannot move pupils onto this school's roll", field="school")
        pupil.school = school
    before = (pupil.date_of_birth, pupil.year_group, pupil.taught_out_of_year_group)
    for name in PUPIL_FIELDS:
        if name in data:
            setattr(pupil, name, data[name])
    if "taught_out_of_year_group" in data:
        pupil.taught_out_of_year_group = bool(data["taught_out_of_year_group"])
    pupil.upn = normalise_upn(pupil.upn)
    _validated(pupil)
    # Checked when any of the three changes: a record kept while the pupil grows stays valid.
    if (pupil.date_of_birth, pupil.year_group, pupil.taught_out_of_year_group) != before:
        _year_group_agrees(pupil)
    _upn_is_free(pupil.upn, except_pk=pupil.pk)
    pupil._history_user = actor
    pupil.save()
    return pupil


def _contact_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in ("name", "relationship", "has_parental_responsibility", "email", "phone")
        if name in data
    }


@transaction.atomic
def contact_add(*, actor: User, pupil: Pupil, data: dict[str, Any]) -> Contact:
    access.require(actor, pupil, access.EDIT)
    contact = Contact(pupil=pupil, **_contact_values(data))
    contact._history_user = actor
    contact.save()
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, data: dict[str, Any]) -> Contact:
    access.require(actor, contact, access.EDIT)
    values = _contact_values(data)
    if contact.user_id and not values.get("has_parental_responsibility", True):
        raise DomainError(
            "This contact has a portal account, which needs parental responsibility. Remove their account link first",
            field="has_parental_responsibility",
        )
    for name, value in values.items():
        setattr(contact, name, value)
    contact._history_user = actor
    contact.save()
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: Contact) -> None:
    access.require(actor, contact, access.EDIT)
    contact._history_user = actor
    try:
        with transaction.atomic():
            contact.delete()
    except ProtectedError:
        raise DomainError(
            f"{contact.name} gave consent for a referral, and that record must be kept, so they cannot be removed. "
            "Change their details instead"
        ) from None


@transaction.atomic
def contact_unlink_account(*, actor: User, contact: Contact) -> Contact:
    """The parent's account no longer sees this child (their account itself stays)."""
    access.require(actor, contact, access.EDIT)
    contact.user = None
    contact.pending_user = None  # also cancels a link still waiting for confirmation
    contact.pending_since = None
    contact._history_user = actor
    contact.save()
    return contact


@transaction.atomic
def contact_give_account(*, actor: User, contact: Contact) -> User:
    """Link a contact with parental responsibility to a parent account, creating it if needed.

    A new account is linked at once and gets an email with a link to choose a password. An
    email that already has an account (a member of staff, a parent of another child) is only
    asked: the link waits until that person confirms it from their own sign-in, and nothing
    is shared until then. The emails name no child.
    """
    contact = Contact.objects.select_for_update(of=("self",)).select_related("pupil__school").get(pk=contact.pk)
    access.require(actor, contact, access.EDIT)
    if not contact.has_parental_responsibility:
        raise DomainError("Only someone with parental responsibility can have an account to see the child's records")
    if not contact.email:
        raise DomainError("Add the contact's email address before giving them an account")
    if contact.user_id:
        raise DomainError("This contact already has an account")
    if contact.pending_user_id:
        raise DomainError("This contact has already been asked to confirm the link to their account")
    user = User.objects.filter(email__iexact=contact.email).first()
    school = contact.pupil.school.name
    if user is not None:
        if not user.is_active:
            raise DomainError("The account for this email address has been closed. Ask your administrator")
        if Contact.objects.filter(pupil=contact.pupil, user=user).exists():
            raise DomainError("This account is already linked to another contact for this pupil")
        contact.pending_user = user
        contact.pending_since = timezone.now()
        contact._history_user = actor
        contact.save()
        notify(
            users=[user],
            message=(
                f"{school} has asked to link your account to a child's records, as {contact.name}. "
                "Nothing is shared until you confirm. Confirm or decline the request"
            ),
            url=reverse("pupils:account_links"),
            email_subject="Confirm a link to your SEND Hub Portal account",
        )
        return user
    user = User.objects.create_user(contact.email, None, full_name=contact.name)
    Membership.objects.get_or_create(user=user, role=Role.PARENT)
    access.forget_reach(user)
    contact.user = user
    contact._history_user = actor
    contact.save()
    link = absolute_url(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    body = (
        f"Hello {contact.name},\n\n{school} has given you an account on SEND Hub Portal, so that you can see your "
        f"child's SEN support, EHC plan and referrals.\n\nChoose your password here (the link works for 2 hours):\n"
        f"{link}\n\nIf it has expired, use 'I have forgotten my password' at {absolute_url(reverse('login'))}\n"
    )
    email_queue(to=[user.email], subject="Your SEND Hub Portal account", body=body)
    return user


@transaction.atomic
def contact_link_accept(*, user: User, contact: Contact) -> Contact:
    """The person asked confirms from their own sign-in: only now does their account see the child."""
    contact = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    if contact.pending_user_id != user.pk:
        raise DomainError("This request is no longer waiting for you: the school may have cancelled it")
    if not contact.has_parental_responsibility:
        raise DomainError("The school has changed this contact's details. Ask the school to send the request again")
    if Contact.objects.filter(pupil_id=contact.pupil_id, user=user).exists():
        raise DomainError("Your account is already linked to this child's records")
    Membership.objects.get_or_create(user=user, role=Role.PARENT)
    access.forget_reach(user)
    contact.user = user
    contact.pending_user = None
    contact.pending_since = None
    contact._history_user = user
    contact.save()
    return contact


@transaction.atomic
def contact_link_decline(*, user: User, contact: Contact) -> None:
    contact = Contact.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    if contact.pending_user_id != user.pk:
        raise DomainError("This request is no longer waiting for you")
    contact.pending_user = None
    contact.pending_since = None
    contact._history_user = user
    contact.save()
