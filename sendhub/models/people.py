"""People who sign in, and the roles their memberships give them at organisations."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .organisations import District, LocalAuthority, School, Trust


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Enter an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str):
        # People type their address with capitals; it is still the same account.
        return self.get(email__iexact=username.strip())


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("can use the Django admin", default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    SENCO = "senco", "SENCo"
    SCHOOL_LEADER = "school_leader", "School leader"
    # Teachers, teaching assistants and other staff: they book the trust SEND hub's training
    # and see no pupil data at all (no grant in sendhub/access.py POLICY).
    SCHOOL_STAFF = "school_staff", "School staff"
    HUB_COORDINATOR = "hub_coordinator", "Hub coordinator"
    PANEL_MEMBER = "panel_member", "Panel member"
    LA_OFFICER = "la_officer", "Local authority officer"
    TRUST_SEND_LEAD = "trust_send_lead", "Trust SEND lead"
    PARENT = "parent", "Parent or carer"
    ADMINISTRATOR = "administrator", "Administrator"


class Agency(models.TextChoices):
    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


# Which organisation field each role needs; the rest must be empty.
ROLE_ORGANISATION_FIELD: dict[str, str | None] = {
    Role.SENCO: "school",
    Role.SCHOOL_LEADER: "school",
    Role.SCHOOL_STAFF: "school",
    Role.HUB_COORDINATOR: "district",
    Role.PANEL_MEMBER: "district",
    Role.LA_OFFICER: "local_authority",
    Role.TRUST_SEND_LEAD: "trust",
    Role.PARENT: None,  # parents reach their own children through the pupil record
    Role.ADMINISTRATOR: None,
}
ORGANISATION_FIELDS = ("school", "district", "local_authority", "trust")


def _role_shape(role: str, field: str | None) -> Q:
    q = Q(role=role)
    for name in ORGANISATION_FIELDS:
        q &= Q(**{f"{name}__isnull": name != field})
    if role == Role.PANEL_MEMBER:
        q &= ~Q(agency="")
    else:
        q &= Q(agency="")
    return q


class MembershipQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


class Membership(models.Model):
    """A role a person holds at an organisation. One person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="For hub coordinators and panel members: the district whose SEND and Inclusion hub they serve",
    )
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    trust = models.ForeignKey(Trust, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    agency = models.CharField(max_length=20, choices=Agency.choices, blank=True, help_text="Panel members only")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role"]
        constraints = [
            models.CheckConstraint(
                condition=_role_shape(Role.SENCO, "school")
                | _role_shape(Role.SCHOOL_LEADER, "school")
                | _role_shape(Role.SCHOOL_STAFF, "school")
                | _role_shape(Role.HUB_COORDINATOR, "district")
                | _role_shape(Role.PANEL_MEMBER, "district")
                | _role_shape(Role.LA_OFFICER, "local_authority")
                | _role_shape(Role.TRUST_SEND_LEAD, "trust")
                | _role_shape(Role.PARENT, None)
                | _role_shape(Role.ADMINISTRATOR, None),
                name="membership_organisation_fits_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "school"], condition=Q(school__isnull=False), name="membership_unique_school"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(district__isnull=False),
                name="membership_unique_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "local_authority"],
                condition=Q(local_authority__isnull=False),
                name="membership_unique_la",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "trust"], condition=Q(trust__isnull=False), name="membership_unique_trust"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=["parent", "administrator"]),
                name="membership_unique_personal_role",
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation
        return f"{self.get_role_display()} – {where}" if where else self.get_role_display()

    @property
    def organisation(self) -> LocalAuthority | District | Trust | School | None:
        field = ROLE_ORGANISATION_FIELD.get(self.role)
        return getattr(self, field) if field else None

    @property
    def organisation_name(self) -> str:
        org = self.organisation
        if isinstance(org, District):
            return org.hub_name
        return str(org) if org else ""

    def clean(self) -> None:
        field = ROLE_ORGANISATION_FIELD.get(self.role)
        errors: dict[str, str] = {}
        for name in ORGANISATION_FIELDS:
            has = getattr(self, f"{name}_id") is not None
            if name == field and not has:
                errors[name] = f"Choose the {name.replace('_', ' ')} where this person is a {self.get_role_display()}"
            elif name != field and has:
                errors[name] = (
                    f"A {self.get_role_display()} is not linked to a {name.replace('_', ' ')}: leave it empty"
                )
        if self.role == Role.PANEL_MEMBER and not self.agency:
            errors["agency"] = "Choose the panel member's agency: education, health or social care"
        elif self.role != Role.PANEL_MEMBER and self.agency:
            errors["agency"] = "Only panel members have an agency: leave it empty"
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date"
        if errors:
            raise ValidationError(errors)
