"""Referrals of a child by their school to the district SEND and Inclusion hub, with consent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.models import Hub
from pupils.models import Contact, Pupil
from sendhub.access import AccessPaths, Reach, ScopedQuerySet
from sendhub.models import Agency, School

AGENCY_CONSENT_FIELD = {
    Agency.EDUCATION: "covers_education",
    Agency.HEALTH: "covers_health",
    Agency.SOCIAL_CARE: "covers_social_care",
}


def panel_sees(reach: Reach, prefix: str = "") -> Q:
    """Referrals a panel member may see: on the agenda of a meeting they are invited to, while
    consent stands and covers sharing with their agency."""
    from referrals.meetings.models import Meeting, MeetingInvitee

    ref = f"{prefix}__" if prefix else ""
    invited = MeetingInvitee.objects.filter(
        user_id=reach.user_id,
        meeting__status__in=[Meeting.Status.SCHEDULED, Meeting.Status.HELD],
        meeting__agenda_items__referral=OuterRef(f"{ref}pk" if not prefix else prefix),
        meeting__agenda_items__removed_at__isnull=True,
    )
    covered = Q()
    for agency, field in AGENCY_CONSENT_FIELD.items():
        covered |= Q(**{f"{ref}consent__{field}": True}) & Exists(invited.filter(agency=agency))
    return Q(**{f"{ref}consent__withdrawn_at__isnull": True}) & covered


# A referral in these statuses is the school's alone (and the parent's); see referral_paths.
SCHOOL_ONLY = ("draft", "more_information")


def referral_paths(prefix: str = "") -> AccessPaths:
    ref = f"{prefix}__" if prefix else ""
    return AccessPaths(
        resource="referral",
        pupil=f"{ref}pupil",
        school=f"{ref}school",
        parent_user=f"{ref}pupil__contacts__user",
        district=f"{ref}hub__district",
        panel=lambda reach: panel_sees(reach, prefix),
        # A draft, or one returned for more information while the school edits it, belongs to
        # the school (and the parent): the hub's coordinator and panel see it once it is sent.
        district_sees=~Q(**{f"{ref}status__in": SCHOOL_ONLY}),
    )


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        MORE_INFORMATION = "more_information", "More information requested"
        ACCEPTED = "accepted", "Accepted for a meeting"
        DECLINED = "declined", "Declined"
        DISCUSSED = "discussed", "Discussed"
        CLOSED = "closed", "Closed"
        ESCALATED = "escalated", "Escalated"
        WITHDRAWN = "withdrawn", "Withdrawn"

    # Statuses where the referral is still being handled: consent matters for each of them.
    ACTIVE = (Status.SUBMITTED, Status.MORE_INFORMATION, Status.ACCEPTED, Status.DISCUSSED, Status.ESCALATED)
    # Open: from the draft until the hub declines or closes it, or consent is withdrawn. A child
    # has at most one open referral to each hub (a constraint below, and the services' rule).
    OPEN = (Status.DRAFT, *ACTIVE)

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="referrals")
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="referrals", help_text="The referring school"
    )
    # Chosen while the referral is a draft (the school's district hub by default).
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        limit_choices_to={"kind": "district"},
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    concern = models.TextField("the concern", blank=True)
    needs = models.TextField("the child's needs", blank=True)
    support_tried = models.TextField("what the graduated approach has tried", blank=True)
    outcomes_hoped = models.TextField("outcomes hoped for", blank=True)
    parent_views = models.TextField("views of the parent or carer", blank=True)
    child_views = models.TextField("views of the child", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # When the first panel meeting that discussed the case started: kept by
    # referrals.meetings.services.discussion_record (the one service that records a discussion; a
    # meeting with a discussion is held and can no longer be moved), so the dashboards' days to first
    # discussion read the referral alone. Filled for earlier discussions by referrals/0006.
    first_discussed_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["first_discussed_at"])

    objects = ScopedQuerySet.as_manager()
    access_paths = referral_paths()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status"]),
            # The dashboards: the referrals submitted in a year (referrals/0006).
            models.Index(fields=["submitted_at"], name="referral_submitted"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "hub"],
                condition=Q(
                    status__in=["draft", "submitted", "more_information", "accepted", "discussed", "escalated"]
                ),
                name="one_open_referral_per_child_and_hub",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.pupil} to {self.hub}"

    def save(self, *args, **kwargs):
        # The last guard, whatever the route (a service, the admin, a shell): a referral
        # leaves draft only with consent that stands.
        if not self._state.adding and self.status != self.Status.DRAFT:
            was = type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()
            if was == self.Status.DRAFT and self.status != self.Status.WITHDRAWN:
                from referrals.intake.consent import consent_problem

                problem = consent_problem(self)
                if problem:
                    raise ValidationError(problem)
        super().save(*args, **kwargs)

    @property
    def short_reference(self) -> str:
        return str(self.reference)[:8].upper()


class ReferralEvent(models.Model):
    """What happened to a referral, who did it and when: its timeline. Never changed."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Referral.Status.choices, help_text="The status after the event")
    title = models.CharField(max_length=200)
    note = models.TextField(blank=True, help_text="A message, reason or decision that goes with the change")

    objects = ScopedQuerySet.as_manager()
    access_paths = referral_paths("referral")

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.title


def consent_upload_path(instance: Consent, filename: str) -> str:
    # A random name: the original (often a child's name) is not kept in the file system.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.document_type, "bin")
    return f"consent/{uuid.uuid4().hex}.{extension}"


class Consent(models.Model):
    """Written or verbal consent of a parent or carer (or a young person of 16 or over) to refer.

    Usually a referral's; a trust SEND hub case consultation about a child with no referral owns one
    of its own (no referral, the same record and rules: trusthub.AdviceRequest.consent)."""

    class Method(models.TextChoices):
        WRITTEN = "written", "Written"
        VERBAL = "verbal", "Verbal"

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="consent")
    given_by_contact = models.ForeignKey(Contact, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    given_by_young_person = models.BooleanField(default=False)
    method = models.CharField(max_length=10, choices=Method.choices, blank=True)
    given_on = models.DateField(null=True, blank=True)
    covers_education = models.BooleanField("sharing with the hub's education members", default=False)
    covers_health = models.BooleanField("sharing with the hub's health members", default=False)
    covers_social_care = models.BooleanField("sharing with the hub's social care members", default=False)
    # Written consent: the signed form, checked by its content to be a PDF, JPG or PNG.
    document = models.FileField(upload_to=consent_upload_path, blank=True)
    document_type = models.CharField(max_length=40, blank=True)
    # Verbal consent: who took it, when, and what was explained.
    taken_by = models.CharField(max_length=150, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    explained = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # Withdrawal: kept with the consent, never deleted.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_note = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = referral_paths("referral")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~(Q(given_by_contact__isnull=False) & Q(given_by_young_person=True)),
                name="consent_given_by_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Consent for {self.referral}" if self.referral_id else "Consent for a case consultation"

    @property
    def given_by_name(self) -> str:
        if self.given_by_young_person:
            return f"{self.referral.pupil.name} (the young person)" if self.referral_id else "The young person"
        return self.given_by_contact.name if self.given_by_contact_id else ""

    @property
    def covered_agencies(self) -> list[str]:
        return [Agency(agency).label for agency, field in AGENCY_CONSENT_FIELD.items() if getattr(self, field)]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
