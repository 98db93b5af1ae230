"""Pupils on a school's roll, and the people with parental responsibility for them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pupils.records.upn import normalise_upn, upn_problem
from sendhub.access import AccessPaths, ScopedQuerySet
from sendhub.codes import Need, SENProvision, YearGroup
from sendhub.models import School

# How pupil-level rows reach organisations, for the one access policy in sendhub/access.py.
PUPIL_PATHS = dict(
    pupil="pk", school="school", parent_user="contacts__user", hosted_school="placements__hub__host_school"
)


def paths_through(prefix: str, resource: str) -> AccessPaths:
    """Access paths for a model that reaches its pupil through `prefix` (e.g. "pupil", "cycle__pupil")."""
    return AccessPaths(
        resource=resource,
        pupil=prefix,
        school=f"{prefix}__school",
        parent_user=f"{prefix}__contacts__user",
        hosted_school=f"{prefix}__placements__hub__host_school",
    )


class Pupil(models.Model):
    upn = models.CharField("UPN", max_length=13, unique=True, help_text="Unique pupil number, 13 characters")
    legal_first_name = models.CharField("legal first name", max_length=100)
    legal_last_name = models.CharField("legal last name", max_length=100)
    preferred_first_name = models.CharField("preferred first name", max_length=100, blank=True)
    preferred_last_name = models.CharField("preferred last name", max_length=100, blank=True)
    date_of_birth = models.DateField()
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="pupils", help_text="The school on whose roll the pupil is"
    )
    year_group = models.CharField("national curriculum year", max_length=2, choices=YearGroup.choices)
    # Confirmed by the SENCo: the pupil is taught in a year group more than one year from their age's.
    taught_out_of_year_group = models.BooleanField("taught out of their year group", default=False)
    sen_provision = models.CharField("SEN provision", max_length=1, choices=SENProvision.choices)
    primary_need = models.CharField(max_length=4, choices=Need.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=Need.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Facts about the pupil's SEN support cycles, kept current by `pupils.support.services` in the
    # transaction that writes the cycle or its provision (`support_facts_refresh`), so the
    # dashboards count them without finding each pupil's latest cycle at read time. Not a cache:
    # nothing expires them, and no history is kept of them (the cycles have their own).
    support_cost = models.DecimalField(
        "yearly cost of current SEN support",
        max_digits=11,
        decimal_places=2,
        default=0,
        editable=False,
        help_text="The provision of the pupil's latest SEN support cycle (by start date), a year",
    )
    support_review_due = models.DateField(
        "review date of the open SEN support cycle",
        null=True,
        editable=False,
        help_text="Empty when no cycle is open or it has no review date",
    )
    # Meetings with parents in one academic year, kept by `pupils.support.services` in the
    # transaction that records, changes or removes a meeting (`parent_meetings_refresh`), so the
    # pupil list flags and filters "fewer than 3 this year" without counting meetings per pupil.
    # The count is for the academic year starting in `parent_meetings_year` (e.g. 2026 for
    # 2026/27); once 1 September passes, an older year's count is read as 0 (`with_flags`).
    parent_meetings_year = models.PositiveSmallIntegerField(
        "academic year of the parent meetings count",
        null=True,
        editable=False,
        help_text="The calendar year in which that academic year began; empty when no meeting is counted",
    )
    parent_meetings_count = models.PositiveSmallIntegerField(
        "parent meetings in that academic year", default=0, editable=False
    )
    history = HistoricalRecords(
        excluded_fields=["support_cost", "support_review_due", "parent_meetings_year", "parent_meetings_count"]
    )

    objects = ScopedQuerySet.as_manager()
    access_paths = AccessPaths(resource="pupil", **PUPIL_PATHS)

    class Meta:
        ordering = ["legal_last_name", "legal_first_name", "pk"]
        indexes = [
            models.Index(fields=["school", "legal_last_name", "legal_first_name"]),
            models.Index(fields=["sen_provision"]),
            # The dashboards count EHC records by their pupil's school: joined through this index
            # alone (an index-only scan), not by reading every pupil row (pupils/0012_dashboard_indexes).
            models.Index(fields=["id", "school"], name="pupil_id_school"),
            # The list's order (Meta.ordering) across many schools (an LA officer, an administrator):
            # the first and last pages read 25 entries of it (pupils.records.selectors.BothEndsPaginator).
            models.Index(fields=["legal_last_name", "legal_first_name", "id", "school"], name="pupil_list_order"),
            # "Fewer than 3 meetings with parents this year" counted from the index alone.
            models.Index(
                fields=["school", "parent_meetings_year", "parent_meetings_count"],
                condition=Q(sen_provision__in=["E", "K"]),
                name="pupil_send_meetings",
            ),
            # SEN support reviews overdue (the dashboards; the rest of the SEN profile is kept in
            # PupilCount): counted from the pupils whose review date has passed, in this index alone.
            models.Index(
                fields=["support_review_due", "school", "primary_need"],
                condition=Q(sen_provision="K", support_review_due__isnull=False),
                name="pupil_support_review_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(primary_need="NSA") | Q(sen_provision="K"), name="pupil_nsa_only_with_sen_support"
            ),
            models.CheckConstraint(condition=~Q(secondary_need="NSA"), name="pupil_secondary_need_not_nsa"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        first = self.preferred_first_name or self.legal_first_name
        last = self.preferred_last_name or self.legal_last_name
        return f"{first} {last}"

    @property
    def legal_name(self) -> str:
        return f"{self.legal_first_name} {self.legal_last_name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.upn:
            self.upn = normalise_upn(self.upn)
            problem = upn_problem(self.upn)
            if problem:
                errors["upn"] = problem
        errors.update(need_problems(self.sen_provision, self.primary_need, self.secondary_need))
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "Date of birth must be in the past"
        if errors:
            raise ValidationError(errors)


# The thresholds the kept counts are split at (PupilCount): frozen in its migration's triggers,
# so a change of PARENT_MEETINGS_PER_YEAR or NOTIONAL_SEN_BUDGET_THRESHOLD needs a new migration
# (tests/pupils/test_pupil_counts.py fails until then).
COUNTED_MEETINGS_TARGET = 3
COUNTED_COST_THRESHOLD = 6000


class PupilCount(models.Model):
    """How many pupils a school has with one SEN provision, primary and secondary need and parent
    meetings year: counts, no names.

    On PostgreSQL, statement triggers on pupils_pupil (migration 0016_pupil_counts) add each
    statement's grouped changes (+1 for a row written, -1 for a row's old values) in the same
    transaction, whatever writes the pupils (the services, the import, bulk updates, the meetings
    count's refresh, deletions), so each row always equals a count of the pupils themselves; not
    a cache (nothing expires it). The pupil list's exact count and the SEN profile sum these rows
    over the schools in the user's scope instead of counting 60,000 pupils. Rows whose pupils
    have all gone stay, at 0. SQLite has no such triggers: there every figure is counted live.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    sen_provision = models.CharField(max_length=1, choices=SENProvision.choices)
    primary_need = models.CharField(max_length=4, blank=True)
    secondary_need = models.CharField(max_length=4, blank=True)
    # The pupils' `parent_meetings_year`; 0 for none counted.
    meetings_year = models.PositiveSmallIntegerField()
    pupils = models.IntegerField(default=0)
    # Of them, those with fewer than 3 meetings counted in `meetings_year`.
    under_meetings_target = models.IntegerField(default=0)
    # Of them, those whose current SEN support costs more than £6,000 a year.
    over_cost_threshold = models.IntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    # The pupils' school: rows reach exactly the schools their pupils do. Summed only where the
    # user's scope over the pupils is a set of schools (`access.scoped_by_school`).
    access_paths = AccessPaths(resource="pupil", school="school")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "sen_provision", "primary_need", "secondary_need", "meetings_year"],
                name="pupil_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pupils} pupils"


OLDEST_AGE = 25  # an EHC plan can continue until the young person is 25 (Children and Families Act 2014, s.46)


# National curriculum years as numbers: Reception is 0, the nursery years before it.
YEAR_NUMBERS = {"N1": -2, "N2": -1, "R": 0, **{str(n): n for n in range(1, 15)}}
_YEAR_OF_NUMBER = {number: code for code, number in YEAR_NUMBERS.items()}


def expected_year_group(born, *, today) -> int:
    """The national curriculum year the date of birth gives in the academic year of `today`:
    the age on 31 August before it began, less 4 (Reception: 4 on that day). 29 February
    birthdays count from 28 February in common years."""
    from sendhub.dates import academic_year_start_year, age_on

    return age_on(born, date(academic_year_start_year(today), 8, 31)) - 4


def _year_label(number: int) -> str:
    code = _YEAR_OF_NUMBER.get(number)
    if code is not None:
        return YearGroup(code).label
    return "no national curriculum year yet" if number < -2 else "past Year 14"


def year_group_problem(born, year_group: str, *, today, taught_out: bool) -> str:
    """What is wrong with a year group for this date of birth, or "": it may be one year either
    side of the year the date of birth gives; further only if the SENCo confirms the pupil is
    taught out of their year group."""
    from sendhub.dates import academic_year
    from sendhub.templatetags.sendhub_tags import long_date

    if taught_out or not born or year_group not in YEAR_NUMBERS:
        return ""
    # Year 14 is the last national curriculum year: a young person past it is recorded there.
    expected = min(expected_year_group(born, today=today), YEAR_NUMBERS["14"])
    if abs(YEAR_NUMBERS[year_group] - expected) <= 1:
        return ""
    return (
        f"{YearGroup(year_group).label} is more than one year from {_year_label(expected)}, the year for a child "
        f"born on {long_date(born)} in {academic_year(today)}. Check the year and the date of birth, or confirm "
        "that the pupil is taught out of their year group"
    )


def date_of_birth_problem(born, *, today) -> str:
    """What is wrong with a new date of birth, or "": in the past, and young enough to be a pupil.

    The age limit applies when a date is entered (the form, the import); a record kept while
    its pupil grows past it stays valid.
    """
    from dateutil.relativedelta import relativedelta

    from sendhub.templatetags.sendhub_tags import long_date

    if born >= today:
        return "Date of birth must be in the past"
    earliest = today - relativedelta(years=OLDEST_AGE + 1) + relativedelta(days=1)
    if born < earliest:
        return (
            f"Date of birth must be on or after {long_date(earliest)}: "
            f"the portal keeps records for children and young people aged {OLDEST_AGE} or under"
        )
    return ""


def need_problems(provision: str, primary: str, secondary: str) -> dict[str, str]:
    """The census rules for needs (DOMAIN.md): one place for the form, the import and the model."""
    errors: dict[str, str] = {}
    if provision in (SENProvision.EHC_PLAN, SENProvision.SEN_SUPPORT) and not primary:
        errors["primary_need"] = "Select the pupil's primary need: pupils with SEN support or an EHC plan have one"
    if provision == SENProvision.NO_SEN and (primary or secondary):
        errors["primary_need"] = (
            "A pupil with no SEN has no primary or secondary need: clear them, or change the SEN provision"
        )
    if primary == Need.NSA and provision != SENProvision.SEN_SUPPORT:
        errors["primary_need"] = "NSA (no specialist assessment) can only be used for a pupil on SEN support"
    if secondary == Need.NSA:
        errors["secondary_need"] = "NSA (no specialist assessment) can only be a primary need"
    elif secondary and not primary:
        errors["secondary_need"] = "Select a primary need before a secondary need"
    elif secondary and secondary == primary:
        errors["secondary_need"] = "The secondary need must be different from the primary need"
    return errors


class Contact(models.Model):
    """A parent or carer. Only someone with parental responsibility can have an account linked."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        CARER = "carer", "Carer"
        GUARDIAN = "guardian", "Guardian"
        GRANDPARENT = "grandparent", "Grandparent"
        OTHER = "other", "Other"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    has_parental_responsibility = models.BooleanField("has parental responsibility", default=False)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_for",
        help_text="The parent's own portal account, if they have one",
    )
    # "Give an account" to an email that already has an account: the link waits until that
    # person confirms from their own sign-in; until then nothing is shared with it.
    pending_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pending_contact_links",
        help_text="An existing account asked to confirm the link to this child's records",
    )
    pending_since = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    # Parents see their child's record, not the other contacts' details.
    access_paths = AccessPaths(resource="contact", pupil="pupil", school="pupil__school")

    class Meta:
        ordering = ["-has_parental_responsibility", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(has_parental_responsibility=True),
                name="contact_account_needs_parental_responsibility",
            ),
            models.UniqueConstraint(fields=["pupil", "user"], name="contact_account_once_per_pupil"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display().lower()})"


class PupilImport(models.Model):
    class Status(models.TextChoices):
        CHECKED = "checked", "Checked"
        IMPORTED = "imported", "Imported"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="pupil_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=200)
    # [{"row": 2, "values": {...}, "errors": [...], "action": "add" | "update"}], plus file-level errors.
    rows = models.JSONField(default=list)
    file_errors = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    imported_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    access_paths = AccessPaths(resource="pupil", school="school")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(1 for row in self.rows if row["errors"])

    @property
    def can_import(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row["action"] == action and not row["errors"])
