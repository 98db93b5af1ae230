"""Reads with rules for EHC work: the LA's caseload, annual reviews due, SEN2 timeliness, a pupil's summary.

Lists return unscoped querysets for `sendhub.access.visible_page`, which scopes them; the
rest scope with `visible_to(user)` themselves. Nothing here filters by organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest

from pupils.ehc.deadlines import DEADLINE, OVERDUE, DeadlineRow, assessment_rows, next_deadline, plan_rows
from pupils.ehc.models import EHCTimelinessCount
from pupils.ehc.statutory import annual_review_due, deadline_status, ehc_assessment_deadlines
from pupils.models import AnnualReview, EHCAssessment, EHCException, EHCPlan, Pupil
from sendhub import access
from sendhub.dates import add_weeks, add_years_clamped
from sendhub.models import Role, School, User
from sendhub.notices.sweep import AddYear

# An assessment still under way: not closed by a decision not to assess, a decision not to
# issue, or the final plan.
OPEN_ASSESSMENT = Q(final_issued_on__isnull=True, not_to_issue_on__isnull=True) & ~Q(
    decision=EHCAssessment.Decision.NOT_ASSESS
)
# Annual reviews are flagged (on the caseload and by email) from 8 weeks before they are due.
REVIEW_DUE_SOON_WEEKS = 8
# reg 13(2): issued on or before the request date plus 20 weeks (see statutory.issued_within_20_weeks).
TWENTY_WEEKS = timedelta(weeks=20)


def current_plan_q(today: date) -> Q:
    """Plans not ceased by `today` (EHCPlan.is_current, as a filter)."""
    return Q(ceased_on__isnull=True) | Q(ceased_on__gt=today)


# --- The caseload -------------------------------------------------------------------------------


def open_assessments() -> QuerySet:
    """Open assessments, oldest request first, with what their deadline rows need."""
    return (
        EHCAssessment.objects.filter(OPEN_ASSESSMENT)
        .select_related("pupil__school", "school_consulted")
        .prefetch_related("exceptions")
        .order_by("request_received_on", "pk")
    )


# Where an open assessment is (EHCAssessment.status, as values the database can filter and sort).
STAGE_DECIDING, STAGE_ASSESSING, STAGE_DRAFT = "deciding", "assessing", "draft"
STAGES = [
    (STAGE_DECIDING, "Deciding whether to assess"),
    (STAGE_ASSESSING, "Assessing"),
    (STAGE_DRAFT, "Draft plan served"),
]


def overdue_q(today: date) -> Q:
    """Open assessments with a statutory deadline past (deadlines.assessment_rows, as a filter).

    Each deadline is the request date plus a fixed number of weeks, so "due before today" is
    "requested before today minus those weeks": the decision (6 weeks, reg 5(1)), telling the
    parent no plan will be issued while no draft is served (16, reg 10(1)), and the final plan
    (20, reg 13(2)) unless an exception lifts the limit.
    """
    has_exception = Exists(EHCException.objects.filter(assessment=OuterRef("pk")))
    due = ehc_assessment_deadlines
    return (
        Q(decision_on__isnull=True, request_received_on__lt=_requested_by(today, due, "decide_whether_to_assess"))
        | Q(
            draft_served_on__isnull=True,
            request_received_on__lt=_requested_by(today, due, "notify_decision_not_to_issue"),
        )
        | (Q(request_received_on__lt=_requested_by(today, due, "issue_final_plan")) & ~Q(has_exception))
    )


def _requested_by(today: date, deadlines, which: str) -> date:
    """The request date whose `which` deadline falls on `today` (deadlines are fixed offsets)."""
    offset = deadlines(today)[which] - today
    return today - offset


# What the caseload's page and CSV show of an assessment's pupil and school (with every field of the
# assessment itself, which its deadline rows read); the consulted school's and the officer's names are
# read as `caseload_names` (see `caseload`).
_CASELOAD_FIELDS = (
    *(field.name for field in EHCAssessment._meta.concrete_fields),
    "pupil__upn",
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__preferred_first_name",
    "pupil__preferred_last_name",
    "pupil__school__name",
    "pupil__school__urn",
)


_caseload: QuerySet | None = None


def caseload() -> QuerySet:
    """Open assessments with their stage (EHCAssessment.status) as values to filter and sort by.

    Built once (its annotations and joins cost each request as much Python as reading a page of
    rows) and copied for each caller: nothing in it depends on the day or the person.
    """
    global _caseload
    if _caseload is None:
        _caseload = _build_caseload()
    return _caseload.all()


def _build_caseload() -> QuerySet:
    draft = Q(draft_served_on__isnull=False)
    assessing = Q(decision=EHCAssessment.Decision.ASSESS)
    return (
        open_assessments()
        # The consulted school's and the officer's names as values (caseload_rows gives each row its
        # objects), not two more outer joins: PostgreSQL plans a page's query in a third of the time.
        .select_related(None)
        .select_related("pupil__school")
        .annotate(
            school_consulted_name=Subquery(
                School.objects.filter(pk=OuterRef("school_consulted_id")).values("name")[:1]
            ),
            case_officer_name=Subquery(User.objects.filter(pk=OuterRef("case_officer_id")).values("full_name")[:1]),
        )
        # Few assessments have an exception: the rows say which (caseload_rows reads only theirs).
        .prefetch_related(None)
        .annotate(has_exception=Exists(EHCException.objects.filter(assessment=OuterRef("pk"))))
        .only(*_CASELOAD_FIELDS)
        .annotate(
            stage=Case(
                When(draft, then=Value(STAGE_DRAFT)),
                When(assessing, then=Value(STAGE_ASSESSING)),
                default=Value(STAGE_DECIDING),
                output_field=CharField(),
            ),
            # The order the steps happen in, for sorting by stage.
            stage_order=Case(When(draft, then=Value(3)), When(assessing, then=Value(2)), default=Value(1)),
        )
    )


def caseload_case_officers(user: Any) -> QuerySet:
    """The officers named on an open assessment the user may see, by name: the caseload filter's choices.

    The officers named on any open assessment are read from the partial index assessment_open_officer
    alone (a few dozen people, whatever the county's size); each is kept if one of their open
    assessments is in the person's scope, an EXISTS that stops at the first, instead of joining
    every open assessment in scope to its pupil's school to list a few dozen distinct officers.
    """
    from sendhub.models import User

    named = EHCAssessment.objects.filter(
        final_issued_on__isnull=True, not_to_issue_on__isnull=True, case_officer__isnull=False
    ).values("case_officer")
    in_scope = EHCAssessment.objects.visible_to(user).filter(OPEN_ASSESSMENT, case_officer=OuterRef("pk"))
    return User.objects.filter(pk__in=named).filter(Exists(in_scope)).order_by("full_name", "pk")


@dataclass(frozen=True)
class CaseloadAssessment:
    assessment: EHCAssessment
    next: DeadlineRow | None
    overdue: int


def caseload_rows(assessments: list[EHCAssessment], today: date) -> list[CaseloadAssessment]:
    _give_names(assessments)
    exceptions = _exceptions_by_assessment(assessments)
    result = []
    for assessment in assessments:
        rows = assessment_rows(assessment, today, exceptions.get(assessment.pk))
        overdue = sum(1 for row in rows if row.kind == DEADLINE and row.outcome == OVERDUE)
        result.append(CaseloadAssessment(assessment, next_deadline(rows), overdue))
    return result


def _give_names(assessments: list[EHCAssessment]) -> None:
    """The consulted school and the case officer of the assessments `caseload()` read with their names
    (`school_consulted_name`, `case_officer_name`), as objects with that one field read."""
    for a in assessments:
        if not hasattr(a, "case_officer_name"):
            continue
        if a.school_consulted_id:
            a.school_consulted = School.from_db(
                a._state.db, ["id", "name"], [a.school_consulted_id, a.school_consulted_name]
            )
        if a.case_officer_id:
            a.case_officer = User.from_db(a._state.db, ["id", "full_name"], [a.case_officer_id, a.case_officer_name])


def _exceptions_by_assessment(assessments: list[EHCAssessment]) -> dict[int, list[EHCException]]:
    """The exceptions of the assessments `caseload()` marked `has_exception`, in one query (none if
    no row has one); an assessment without the mark is left out, so its rows read its own exceptions."""
    marked = [a for a in assessments if hasattr(a, "has_exception")]
    found: dict[int, list[EHCException]] = {a.pk: [] for a in marked}
    with_exception = [a.pk for a in marked if a.has_exception]
    if with_exception:
        for exception in EHCException.objects.filter(assessment_id__in=with_exception):
            found[exception.assessment_id].append(exception)
    return found


CASELOAD_CSV_HEADER = [
    "Legal first name",
    "Legal last name",
    "UPN",
    "School",
    "School URN",
    "Request received",
    "Stage",
    "Case officer",
    "Next statutory deadline",
    "Next deadline due",
    "Next deadline status",
    "Deadlines overdue",
]


def caseload_csv_row(row: CaseloadAssessment) -> list[Any]:
    """One assessment as the caseload CSV's cells (CASELOAD_CSV_HEADER), dates as YYYY-MM-DD."""
    a = row.assessment
    return [
        a.pupil.legal_first_name,
        a.pupil.legal_last_name,
        a.pupil.upn,
        a.pupil.school.name,
        a.pupil.school.urn,
        a.request_received_on.isoformat(),
        a.status,
        a.case_officer.full_name if a.case_officer_id else "",
        row.next.what if row.next else "",
        row.next.due.isoformat() if row.next else "",
        row.next.summary if row.next else "",
        row.overdue,
    ]


def latest_anchor_due_by(horizon: date) -> date:
    """The latest plan or review date whose next annual review is due on or before `horizon`.

    annual_review_due never decreases as its argument grows, so the anchors due by the
    horizon are exactly those on or before this date (29 February included).
    """
    anchor = add_years_clamped(horizon, -1)
    while annual_review_due(anchor + timedelta(days=1)) <= horizon:
        anchor += timedelta(days=1)
    return anchor


def review_due_kept_q(today: date) -> Q:
    """Plans whose kept next_review_due is their annual review's due date as it stands on `today`.

    EHCPlan.next_review_due counts from the later of the plan's date and its latest review meeting,
    held or arranged. Below a year after today, it counts from a date before today: the latest
    meeting is held and none is arranged after it, so it is the due date counted from the plan's
    date or the last meeting held by today. The other plans (a meeting today or arranged later, or
    no date kept) need their reviews looked up. An index range on next_review_due.
    """
    return Q(next_review_due__lt=add_years_clamped(today, 1))


def review_due_not_kept_q(today: date) -> Q:
    """The plans review_due_kept_q leaves out, as index ranges (not its negation: that is not one)."""
    return Q(next_review_due__gte=add_years_clamped(today, 1)) | Q(next_review_due__isnull=True)


def plans_with_review_anchor(today: date) -> QuerySet:
    """Current plans annotated with the date their next annual review is counted from.

    review_anchor: the plan date or the last review meeting held since (s44); next_meeting_on:
    a review meeting arranged after today, if any.
    """
    held = (
        AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__lte=today)
        .order_by("-meeting_on")
        .values("meeting_on")[:1]
    )
    arranged = (
        AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__gt=today)
        .order_by("meeting_on")
        .values("meeting_on")[:1]
    )
    return (
        EHCPlan.objects.filter(current_plan_q(today))
        .annotate(
            last_review_on=Subquery(held, output_field=DateField()),
            next_meeting_on=Subquery(arranged, output_field=DateField()),
        )
        .annotate(
            review_anchor=Greatest("issued_on", Coalesce("last_review_on", "issued_on"), output_field=DateField())
        )
        .select_related("pupil__school", "named_school", "named_hub__host_school")
    )


def _reviews_due_parts(today: date, within_weeks: int) -> tuple[QuerySet, Q, Q]:
    """The current plans with their review anchors, and the two conditions of plans_with_reviews_due:
    due by the kept next_review_due (an index range), and due by their reviews (the others)."""
    horizon = add_weeks(today, within_weeks)
    latest = latest_anchor_due_by(horizon)
    # next_review_due below a year after today <=> the latest meeting and the plan's date are before
    # today, so no meeting is arranged after it and next_review_due counts from a held one.
    from_held = review_due_kept_q(today)
    held_due = Q(next_review_due__lte=horizon) & from_held
    other_due = (~from_held | Q(next_review_due__isnull=True)) & Q(review_anchor__lte=latest)
    # The page's 25 rows fetch their pupils, schools and named settings afterwards (reviews_due_rows,
    # one query), so the sorted query reads plans alone.
    return plans_with_review_anchor(today).select_related(None), held_due, other_due


def _reviews_due_in_order(plans: QuerySet, held_due: Q, other_due: Q, *, held_only: bool) -> QuerySet:
    if held_only:
        due_on = F("next_review_due")
        plans = plans.filter(held_due)
    else:
        due_on = Case(When(held_due, then=F("next_review_due")), default=AddYear("review_anchor"))
        plans = plans.filter(held_due | other_due)
    return (
        plans.annotate(review_due_on=ExpressionWrapper(due_on, output_field=DateField()))
        .annotate(
            # The due date never decreases as the anchor grows, so (due, anchor, pk) is the order of
            # (anchor, pk); and one due date has one anchor but for 28 February (counted from the
            # 28th or the 29th a year before): only those plans need their anchor to be sorted.
            tie_anchor=Case(
                When(~Q(review_due_on__month=2, review_due_on__day=28), then=Value(None)),
                default=F("review_anchor"),
                output_field=DateField(),
            ),
        )
        .order_by("review_due_on", F("tie_anchor").asc(nulls_first=True), "pk")
    )


def plans_with_reviews_due(today: date, *, within_weeks: int = REVIEW_DUE_SOON_WEEKS, user: Any = None) -> QuerySet:
    """Current plans whose annual review is due within `within_weeks` or overdue, most overdue first.

    Due is a year after the plan or the last review meeting held by `today` (review_anchor); a
    meeting arranged after today does not count until it is held (the page says it is arranged).
    The order is by (review_anchor, pk).

    The maintained EHCPlan.next_review_due counts from the latest meeting, held or arranged, so it
    is exactly the due date of every plan whose latest meeting (or date) is before today: those are
    read by an index range on it, in its order, instead of working out every plan's last review.
    The plans whose latest meeting is today or later (a meeting arranged; or a date missing) are
    worked out from their reviews. When `user` is given and none of those they may see is due, the
    list is the index range alone, so a page reads its 25 rows, not every plan due.
    """
    plans, held_due, other_due = _reviews_due_parts(today, within_weeks)
    held_only = user is not None and not plans.filter(other_due).visible_to(user).exists()
    return _reviews_due_in_order(plans, held_due, other_due, held_only=held_only)


def reviews_due_counted(today: date, user: Any, *, within_weeks: int = REVIEW_DUE_SOON_WEEKS) -> tuple[QuerySet, int]:
    """plans_with_reviews_due(today, user=user), and how many of them the user may see, in one query.

    The plans due either way are counted once, with those due by the kept next_review_due among them
    (COUNT FILTER): when that is all of them, none is due by its reviews, and the list is the index
    range alone, as plans_with_reviews_due decides with a query of its own (an EXISTS). The list is
    unscoped, for `visible_page`; the count is the user's (the same scope).
    """
    plans, held_due, other_due = _reviews_due_parts(today, within_weeks)
    counts = (
        plans.filter(held_due | other_due)
        .visible_to(user)
        .aggregate(due=Count("pk"), held=Count("pk", filter=held_due))
    )
    held_only = counts["held"] == counts["due"]
    ordered = _reviews_due_in_order(plans, held_due, other_due, held_only=held_only)
    if held_only:
        # A page of the index range reads its 25 rows with their pupils, schools and named settings in
        # the same query (the scope joins the pupils and their schools anyway). A list sorted by its
        # reviews sorts every plan due: that query reads plans alone, and reviews_due_rows their names.
        ordered = ordered.select_related("pupil__school", "named_school", "named_hub").only(*_REVIEW_ROW_FIELDS)
    return ordered, counts["due"]


@dataclass(frozen=True)
class ReviewDue:
    plan: EHCPlan
    due: date
    status: Any  # DeadlineStatus

    @property
    def overdue(self) -> bool:
        return self.status.days < 0


# What a row of the annual reviews due shows of its plan's pupil, school and named setting (the names).
_REVIEW_SETTING_FIELDS = (
    "pupil__legal_first_name",
    "pupil__legal_last_name",
    "pupil__preferred_first_name",
    "pupil__preferred_last_name",
    "pupil__school__name",
    "named_school__name",
    "named_hub__name",
)
# And of the plan itself (with the annotations of plans_with_review_anchor).
_REVIEW_ROW_FIELDS = ("issued_on", "next_review_due", "named_school", "named_hub", *_REVIEW_SETTING_FIELDS)


def _fetch_pupils_and_settings(plans: list[EHCPlan]) -> None:
    """Each plan's pupil (with their school) and named school or hub, for the plans that have not got
    them (a page of reviews_due_counted's index range has), in one query by the plans' keys: only the names shown."""
    missing = [plan.pk for plan in plans if not EHCPlan.pupil.is_cached(plan)]
    if not missing:
        return
    fetched = EHCPlan.objects.select_related("pupil__school", "named_school", "named_hub").only(*_REVIEW_SETTING_FIELDS)
    found = fetched.in_bulk(missing)
    for plan in plans:
        if plan.pk in found:
            other = found[plan.pk]
            plan.pupil, plan.named_school, plan.named_hub = other.pupil, other.named_school, other.named_hub


def reviews_due_rows(plans: list[EHCPlan], today: date) -> list[ReviewDue]:
    _fetch_pupils_and_settings(plans)
    rows = []
    for plan in plans:
        due = annual_review_due(plan.review_anchor)
        rows.append(ReviewDue(plan, due, deadline_status(due, None, today)))
    return rows


# --- Timeliness (SEN2) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinessYear:
    """New EHC plans issued in a calendar year, and how many within 20 weeks of the request."""

    year: int
    plans: int
    in_time: int
    plans_without_exception: int
    in_time_without_exception: int

    @staticmethod
    def _percent(part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "No plans"

    @property
    def percent_including_exceptions(self) -> str:
        return self._percent(self.in_time, self.plans)

    @property
    def percent_excluding_exceptions(self) -> str:
        return self._percent(self.in_time_without_exception, self.plans_without_exception)


def timeliness_by_year(user: Any) -> list[TimelinessYear]:
    """The SEN2 measure for the new plans the user may see, newest year first, counted by the database.

    Including exceptions: every new plan. Excluding exceptions: only plans whose assessment
    has no exception recorded (reg 10(4)), the figure England publishes.

    On PostgreSQL the counts per school and year are kept by triggers (EHCTimelinessCount), so a
    county's figures are summed from a few rows per school instead of counted from every plan;
    they reach the same schools as the assessments for the roles that see assessments by their
    pupils' school (local authorities, trusts, administrators). A SENCo also sees the pupils placed
    in a hub at their school, a parent their child: those, and SQLite, count live.
    """
    r = access.reach(user)
    if connection.vendor != "postgresql" or r.has(Role.SENCO, Role.PARENT):
        return timeliness_live(user)
    rows = (
        EHCTimelinessCount.objects.visible_to(user)
        .values("year")
        .annotate(
            plans=Sum("plans"),
            in_time=Sum("in_time"),
            plans_without_exception=Sum("plans_without_exception"),
            in_time_without_exception=Sum("in_time_without_exception"),
        )
        .order_by("-year")
    )
    return [TimelinessYear(**row) for row in rows]


def timeliness_live(user: Any) -> list[TimelinessYear]:
    """timeliness_by_year counted from the assessments themselves (SQLite; the check of the counts kept)."""
    has_exception = Exists(EHCException.objects.filter(assessment=OuterRef("pk")))
    taken = ExpressionWrapper(F("final_issued_on") - F("request_received_on"), output_field=DurationField())
    in_time = Q(taken__lte=TWENTY_WEEKS)
    rows = (
        EHCAssessment.objects.visible_to(user)
        .filter(final_issued_on__isnull=False)
        .annotate(year=ExtractYear("final_issued_on"), taken=taken, excepted=has_exception)
        .values("year")
        .annotate(
            plans=Count("pk"),
            in_time=Count("pk", filter=in_time),
            plans_without_exception=Count("pk", filter=Q(excepted=False)),
            in_time_without_exception=Count("pk", filter=in_time & Q(excepted=False)),
        )
        .order_by("-year")
    )
    return [TimelinessYear(**row) for row in rows]


# --- A pupil's EHC summary (for the pupil page) ----------------------------------------------------


@dataclass(frozen=True)
class EHCSummary:
    pupil: Pupil
    open_assessment: EHCAssessment | None
    open_assessment_next: DeadlineRow | None
    plan: EHCPlan | None
    plan_next_review: DeadlineRow | None
    earlier_assessments: list[EHCAssessment]
    earlier_plans: list[EHCPlan]
    can_request: bool

    @property
    def is_empty(self) -> bool:
        return not (self.open_assessment or self.plan or self.earlier_assessments or self.earlier_plans)


def pupil_ehc_records(pupil: Pupil, user: Any, *, keep: bool = False) -> tuple[list[EHCAssessment], list[EHCPlan]]:
    """The pupil's assessments and plans the user may see, with all the pupil page shows of them.

    Three queries, whatever the pupil's history: the assessments (their settings), the plans
    (their settings) and their reviews. Only the open assessment's exceptions count (its next
    deadline; a pupil has at most one open): `ehc_summary` reads them, one more query when one is
    open. The pupil page's timeline reads them first with `keep`, and its EHC summary then takes
    them from the pupil object instead of asking again (once: a later summary reads afresh).
    """
    kept = getattr(pupil, "_ehc_records", None)
    if kept is not None and not keep:
        del pupil._ehc_records
        if kept[0] == getattr(user, "pk", None):
            return kept[1]
    # A pupil has a few of each: they are put in their models' order (newest first) here, as an ORDER BY
    # beside the settings' columns costs Django more to write than sorting them.
    assessments = sorted(
        access.visible_for_pupil(EHCAssessment.objects.all(), user, pupil)
        .select_related("school_consulted", "named_school", "named_hub")
        .order_by(),
        key=lambda a: (a.request_received_on, a.pk),
        reverse=True,
    )
    # A review is the plan's record (the same access paths through the plan's pupil): the reviews of
    # the plans the user may see are the reviews they may see.
    plans = sorted(
        access.visible_for_pupil(EHCPlan.objects.all(), user, pupil)
        .select_related("named_school", "named_hub")
        .prefetch_related(
            Prefetch("reviews", queryset=AnnualReview.objects.select_related("new_named_school", "new_named_hub"))
        )
        .order_by(),
        key=lambda p: (p.issued_on, p.pk),
        reverse=True,
    )
    if keep:
        pupil._ehc_records = (getattr(user, "pk", None), (assessments, plans))
    return assessments, plans


def ehc_summary(*, pupil: Pupil, user: Any, today: date) -> EHCSummary:
    """What the pupil page shows about EHC work, from the records the user may see (pupil_ehc_records)."""
    assessments, plans = pupil_ehc_records(pupil, user)
    open_assessment = next((a for a in assessments if a.is_open), None)
    plan = next((p for p in plans if p.ceased_on is None or p.ceased_on > today), None)
    open_next = next_deadline(assessment_rows(open_assessment, today)) if open_assessment else None
    plan_next = plan_rows(plan, list(plan.reviews.all()), today)[0] if plan else None
    can_request = (
        open_assessment is None and plan is None and access.may_at_school(user, pupil.school, "ehc", access.EDIT)
    )
    return EHCSummary(
        pupil=pupil,
        open_assessment=open_assessment,
        open_assessment_next=open_next,
        plan=plan,
        plan_next_review=plan_next,
        earlier_assessments=[a for a in assessments if a is not open_assessment and not _led_to_plan(a, plans)],
        earlier_plans=[p for p in plans if p is not plan],
        can_request=can_request,
    )


def _led_to_plan(assessment: EHCAssessment, plans: list[EHCPlan]) -> bool:
    """Whether the assessment led to one of these plans (then the plan stands for it)."""
    return any(p.assessment_id == assessment.pk for p in plans)
