"""EHC needs assessments, plans and annual reviews: the local authority's statutory work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from hubs.models import Hub
from pupils.ehc.statutory import annual_review_due
from pupils.records.models import Pupil, paths_through
from sendhub.access import AccessPaths, ScopedQuerySet
from sendhub.models import School

NAMED_SETTING = (
    Q(named_school__isnull=True, named_hub__isnull=True)
    | Q(named_school__isnull=False, named_hub__isnull=True)
    | Q(named_school__isnull=True, named_hub__isnull=False)
)


class EHCAssessment(models.Model):
    """From a request for an EHC needs assessment to a final plan, or a decision not to go on."""

    class Requester(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        YOUNG_PERSON = "young_person", "The young person"
        SCHOOL = "school", "School or college"
        HEALTH = "health", "Health professional"
        SOCIAL_CARE = "social_care", "Social care"
        OTHER = "other", "Someone else"

    class Decision(models.TextChoices):
        ASSESS = "assess", "Assess"
        NOT_ASSESS = "not_assess", "Not to assess"

    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="ehc_assessments")
    request_received_on = models.DateField("date the request was received")
    requested_by = models.CharField(max_length=20, choices=Requester.choices)
    requester_name = models.CharField("name of who asked", max_length=150, blank=True)
    decision = models.CharField("decision whether to assess", max_length=20, choices=Decision.choices, blank=True)
    decision_on = models.DateField("date of the decision", null=True, blank=True)
    not_to_issue_on = models.DateField("date the parent was told a plan will not be issued", null=True, blank=True)
    draft_served_on = models.DateField("date the draft plan was served", null=True, blank=True)
    comments_received_on = models.DateField("date the parent's comments were received", null=True, blank=True)
    school_consulted = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The school the local authority consulted about being named",
    )
    school_consulted_on = models.DateField("date the school was consulted", null=True, blank=True)
    school_responded_on = models.DateField("date the school replied", null=True, blank=True)
    final_issued_on = models.DateField("date the final plan was issued", null=True, blank=True)
    named_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    named_hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The local authority officer who owns the case: reminders go to them (to all the authority's officers
    # only while none is named).
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "ehc")

    class Meta:
        ordering = ["-request_received_on", "-pk"]
        verbose_name = "EHC needs assessment"
        # The reminder sweep reads only the assessments still open.
        indexes = [
            models.Index(
                fields=["request_received_on"],
                name="assessment_open",
                condition=Q(final_issued_on__isnull=True, not_to_issue_on__isnull=True),
            ),
            # The caseload (issue 19): its exact count reads the open assessments' pupils from this index
            # alone, and its case-officer choices find the officers named on open assessments from the
            # next one, then one open assessment of each in the person's scope.
            models.Index(
                fields=["pupil", "decision"],
                name="assessment_open_pupil",
                condition=Q(final_issued_on__isnull=True, not_to_issue_on__isnull=True),
            ),
            models.Index(
                fields=["case_officer", "pupil", "decision"],
                name="assessment_open_officer",
                condition=Q(final_issued_on__isnull=True, not_to_issue_on__isnull=True, case_officer__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=NAMED_SETTING, name="assessment_names_one_setting"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision_on__isnull=False), name="assessment_decision_has_a_date"
            ),
        ]

    def __str__(self) -> str:
        return f"EHC needs assessment requested {self.request_received_on:%d %b %Y}"

    @property
    def status(self) -> str:
        if self.final_issued_on:
            return "Final plan issued"
        if self.not_to_issue_on:
            return "Decided not to issue a plan"
        if self.decision == self.Decision.NOT_ASSESS:
            return "Decided not to assess"
        if self.draft_served_on:
            return "Draft plan served"
        if self.decision == self.Decision.ASSESS:
            return "Assessing"
        return "Deciding whether to assess"

    @property
    def is_open(self) -> bool:
        return not (self.final_issued_on or self.not_to_issue_on or self.decision == self.Decision.NOT_ASSESS)

    @property
    def named_setting(self) -> School | Hub | None:
        return self.named_hub or self.named_school


class EHCException(models.Model):
    """Circumstances that lift the 20-week limit (reg 10(4)(a)–(d), applied by reg 13(3))."""

    class Kind(models.TextChoices):
        SCHOOL_CLOSURE = "school_closure", "School or college closed for at least 4 weeks when advice was asked"
        EARLY_YEARS_CLOSURE = (
            "early_years_closure",
            "Early years provider closed for at least 4 weeks when advice was asked",
        )
        PERSONAL_CIRCUMSTANCES = "personal", "Exceptional personal circumstances of the child, parent or young person"
        ABSENT_FROM_AREA = "absent", "Child, parent or young person away from the area for at least 4 weeks"

    assessment = models.ForeignKey(EHCAssessment, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("assessment__pupil", "ehc")

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = "exception to the 20-week limit"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="exception_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class EHCPlan(models.Model):
    pupil = models.ForeignKey(Pupil, on_delete=models.PROTECT, related_name="ehc_plans")
    assessment = models.OneToOneField(
        EHCAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="plan"
    )
    issued_on = models.DateField("date the plan was made")
    named_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    named_hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="named_in_plans")
    # Phase transfer: review and amendments by 15 February (31 March for secondary to post-16).
    transfer_year = models.PositiveSmallIntegerField("year of the next phase transfer", null=True, blank=True)
    transfer_to_post16 = models.BooleanField("the transfer is from secondary school to post-16", default=False)
    ceased_on = models.DateField(null=True, blank=True)
    # The local authority officer who owns the case: reminders go to them (to all the authority's officers
    # only while none is named).
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A year after the plan was made or its latest review meeting (held or arranged): kept by
    # pupils.ehc.services.plan_review_due_refresh wherever either changes, so the reminder sweep reads
    # the plans due by an index range instead of working out every plan's last review. A plan with a
    # meeting arranged is due a year after it, past any reminder's horizon, as it should be.
    next_review_due = models.DateField("date the next annual review is due", null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["next_review_due"])

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "ehc")

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "EHC plan"
        indexes = [models.Index(fields=["next_review_due"], name="plan_next_review_due")]
        constraints = [
            models.CheckConstraint(condition=NAMED_SETTING, name="plan_names_one_setting"),
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(ceased_on__isnull=True), name="one_current_plan_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"EHC plan made {self.issued_on:%d %b %Y}"

    def save(self, *args, **kwargs) -> None:
        # A new plan has no reviews yet: its first is due a year after it was made. Later changes to
        # the date or the reviews go through plan_review_due_refresh.
        if self._state.adding and self.next_review_due is None and self.issued_on:
            self.next_review_due = annual_review_due(self.issued_on)
        super().save(*args, **kwargs)

    @property
    def named_setting(self) -> School | Hub | None:
        return self.named_hub or self.named_school

    @property
    def is_current(self) -> bool:
        return self.ceased_on is None or self.ceased_on > timezone.localdate()


class AnnualReview(models.Model):
    class Decision(models.TextChoices):
        MAINTAIN = "maintain", "Maintain the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Cease the plan"

    plan = models.ForeignKey(EHCPlan, on_delete=models.CASCADE, related_name="reviews")
    meeting_on = models.DateField("date of the review meeting")
    notice_given_on = models.DateField("date people were invited to the meeting", null=True, blank=True)
    advice_circulated_on = models.DateField("date advice was sent out", null=True, blank=True)
    is_phase_transfer = models.BooleanField("this review is for a phase transfer", default=False)
    report_sent_on = models.DateField("date the review report was sent", null=True, blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_on = models.DateField("date the decision was sent", null=True, blank=True)
    amendment_notice_on = models.DateField("date of the amendment notice", null=True, blank=True)
    # Reg 22: 15 days for the parent's representations; the amended plan waits for them or the end.
    representations_received_on = models.DateField(
        "date the parent's representations were received", null=True, blank=True
    )
    amended_plan_issued_on = models.DateField("date the amended plan was issued", null=True, blank=True)
    # An amendment may name a new setting, such as a mainstream SEND hub (the annual review route, seed 000).
    new_named_school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    new_named_hub = models.ForeignKey(Hub, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The date this review's 12 months count from (s44): the plan's review meeting before it, or the
    # date the plan was made. Kept by pupils.ehc.services.plan_review_due_refresh, which runs wherever
    # a plan's reviews' meetings change (and a plan's date never does), so the dashboards' "annual
    # reviews within 12 months" read the review alone. Filled for earlier reviews by pupils/0016.
    anchor_on = models.DateField("date the review's 12 months count from", null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["anchor_on"])

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("plan__pupil", "ehc")

    class Meta:
        ordering = ["-meeting_on", "-pk"]
        indexes = [
            # The reminder sweep (pupils/ehc/reminders.py): a plan's reviews by date, and the few reviews
            # still waiting for a report, a decision or an amended plan.
            models.Index(fields=["plan", "meeting_on"], name="review_plan_meeting"),
            models.Index(fields=["meeting_on"], name="review_report_waiting", condition=Q(report_sent_on__isnull=True)),
            models.Index(fields=["meeting_on"], name="review_decision_waiting", condition=Q(decision_on__isnull=True)),
            models.Index(
                fields=["meeting_on"],
                name="review_amendment_waiting",
                condition=Q(decision="amend", amended_plan_issued_on__isnull=True),
            ),
            # The dashboards (pupils/0012_dashboard_indexes): the reviews held or amended plans issued
            # in a year, and the plans reviewed since a date (read from the index alone).
            models.Index(fields=["meeting_on", "plan"], name="review_meeting_plan"),
            models.Index(fields=["amended_plan_issued_on"], name="review_amended_issued"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision_on__isnull=False), name="review_decision_has_a_date"
            ),
            models.CheckConstraint(
                condition=Q(new_named_school__isnull=True) | Q(new_named_hub__isnull=True),
                name="review_names_at_most_one_new_setting",
            ),
        ]

    def __str__(self) -> str:
        return f"Annual review on {self.meeting_on:%d %b %Y}"

    @property
    def representations_end(self):
        """Last day of the parent's 15 days after the amendment notice (reg 22), or None."""
        from pupils.ehc.statutory import amendment_representations_end

        return amendment_representations_end(self.amendment_notice_on) if self.amendment_notice_on else None

    @property
    def status(self) -> str:
        if self.amended_plan_issued_on:
            return "Amended plan issued"
        if self.decision:
            return f"Decided: {self.get_decision_display().lower()}"
        if self.meeting_on > timezone.localdate():
            return "Meeting arranged"
        return "Waiting for the decision"


class EHCAdvice(models.Model):
    """Advice given for an assessment or an annual review; the school's SENCo writes the school's."""

    class Source(models.TextChoices):
        SCHOOL = "school", "School"
        EDUCATIONAL_PSYCHOLOGIST = "ep", "Educational psychologist"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        PARENT = "parent", "Parent or carer"
        OTHER = "other", "Other"

    assessment = models.ForeignKey(
        EHCAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="advice"
    )
    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, null=True, blank=True, related_name="advice")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="ehc_advice")
    source = models.CharField(max_length=20, choices=Source.choices)
    advice = models.TextField()
    given_on = models.DateField(default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    objects = ScopedQuerySet.as_manager()
    access_paths = paths_through("pupil", "ehc")

    class Meta:
        ordering = ["given_on", "pk"]
        verbose_name_plural = "EHC advice"
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, review__isnull=True)
                | Q(assessment__isnull=True, review__isnull=False),
                name="advice_is_for_an_assessment_or_a_review",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} advice, {self.given_on:%d %b %Y}"


class EHCTimelinessCount(models.Model):
    """The SEN2 timeliness figures of one school's pupils for one calendar year: counts, no names.

    On PostgreSQL, triggers (migration 0013_ehc_timeliness_counts) keep each row equal to what
    `pupils.ehc.selectors.timeliness_live` counts for the school and year, whatever writes the
    assessments, their exceptions or the pupils' schools (services, bulk inserts, updates); so
    the timeliness page reads a few rows per school instead of every plan the authority issued.
    SQLite has no triggers: there the figures are always counted live.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    plans = models.PositiveIntegerField(default=0)
    in_time = models.PositiveIntegerField(default=0)
    plans_without_exception = models.PositiveIntegerField(default=0)
    in_time_without_exception = models.PositiveIntegerField(default=0)

    objects = ScopedQuerySet.as_manager()
    # The pupils' school: the same schools the assessments counted reach (EHCAssessment's "school").
    access_paths = AccessPaths(resource="ehc", school="school")

    class Meta:
        verbose_name = "EHC timeliness count"
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="timeliness_count_once")]

    def __str__(self) -> str:
        return f"{self.year}: {self.plans} new plans"
