"""The dashboards' figures, counted by the database: a fixed number of queries per dashboard.

Every queryset starts from `visible_to(user, COUNT)` (sendhub/access.py), is narrowed to the
dashboard's organisation (`Scope`) and the filters, and is grouped and counted in SQL
(`Count(filter=...)`, `Case`/`When`, a window function for percentiles). Python only arranges
the grouped rows into tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    When,
    Window,
)
from django.db.models.functions import Coalesce, CumeDist, ExtractDay, ExtractMonth, ExtractYear, TruncDate, TruncMonth
from django.utils import timezone

from dashboards.models import CensusSnapshot
from dashboards.rows import plain_rows
from dashboards.scope import Scope
from dashboards.tables import Cell, Measure, Row, Section, Table, count_cell, count_table, rate_cell, suppress
from hubs.models import CommissioningAgreement, Hub
from pupils.ehc.models import EHCTimelinessCount
from pupils.ehc.selectors import OPEN_ASSESSMENT, current_plan_q, latest_anchor_due_by, review_due_not_kept_q
from pupils.models import (
    NOTIONAL_SEN_BUDGET_THRESHOLD,
    PARENT_MEETINGS_PER_YEAR,
    AnnualReview,
    EHCAssessment,
    EHCException,
    EHCPlan,
    ParentMeeting,
    Placement,
    Pupil,
    PupilCount,
)
from pupils.places.occupancy import _with_last_day  # the places register's own "held until"
from referrals.models import Action, CaseDiscussion, Referral
from sendhub import access
from sendhub.access import COUNT, scoped_by_school
from sendhub.calendar.selectors import half_terms
from sendhub.codes import Need, SENProvision
from sendhub.dates import LONDON, academic_year, academic_year_bounds
from sendhub.models import Role

SIX_WEEKS = timedelta(weeks=6)
TWENTY_WEEKS = timedelta(weeks=20)
TWELVE_WEEKS = timedelta(weeks=12)

# England's published figure (SEN2, "Education, health and care plans", Explore Education
# Statistics): new EHC plans issued within 20 weeks, excluding exceptions, by calendar year.
# Used beside the LA's figure until an officer imports the published file.
ENGLAND_WITHIN_20_WEEKS = {2021: 59.9, 2022: 49.2, 2023: 50.3, 2024: 46.4}


@dataclass(frozen=True)
class Filters:
    year: str
    school: int | None = None
    district: int | None = None
    need: str = ""

    @property
    def bounds(self) -> tuple[date, date]:
        return academic_year_bounds(self.year)

    def pupils(self, prefix: str = "") -> Q:
        """The school, district and need filters, on a lookup to a Pupil ("" for Pupil itself)."""
        q = Q()
        if self.school:
            q &= Q(**{f"{prefix}school": self.school})
        if self.district:
            q &= Q(**{f"{prefix}school__district": self.district})
        if self.need:
            q &= Q(**{f"{prefix}primary_need": self.need})
        return q


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LONDON)


def _end(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=LONDON)


def _pct(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None


# --- SEN profile -------------------------------------------------------------------------------


SEN_PROFILE_MEASURES = [
    Measure(
        "Pupils by SEN provision",
        "pupils on roll recorded with an EHC plan (E), SEN support (K) or no SEN (N)",
        "—",
        "today",
        "pupil records (SEN provision)",
    ),
    Measure(
        "Pupils by primary need",
        "pupils with an EHC plan or on SEN support, by their recorded primary need",
        "—",
        "today",
        "pupil records (primary need)",
    ),
    Measure(
        "Fewer than 3 parent meetings",
        f"pupils on SEN support with fewer than {PARENT_MEETINGS_PER_YEAR} meetings with parents recorded",
        "pupils on SEN support",
        "the academic year chosen (1 September to 31 August)",
        "meetings with parents (CoP 6.65)",
    ),
    Measure(
        "SEN support reviews overdue",
        "pupils on SEN support whose open support cycle's review date has passed without a review",
        "—",
        "today",
        "SEN support cycles",
    ),
    Measure(
        "Support costing over £6,000",
        "pupils whose latest SEN support cycle's provision costs more than "
        f"£{NOTIONAL_SEN_BUDGET_THRESHOLD:,.0f} a year",
        "—",
        "today",
        "SEN support provision costs (the notional SEN budget threshold)",
    ),
]


def sen_profile(user: Any, scope: Scope, filters: Filters, today: date) -> tuple[Section, dict[str, Any]]:
    """2 queries: schools; counts by school and need (provision and support flags). On PostgreSQL,
    for the academic year now running, 3: the counts kept per school (`_kept_profile`), and the
    overdue reviews by school."""
    schools = dict(scope.school_names)
    measures = ("e", "k", "n", "few", "overdue", "costly")
    groups = _kept_profile(user, scope, filters, today)
    if groups is None:
        # The grouped rows without a converter per count (dashboards/rows.py).
        groups = plain_rows(_counted_profile(user, scope, filters, today))
    rows: dict[int, dict[str, int]] = {}
    by_need: dict[str, dict[str, int]] = {}
    for group in groups:
        school = rows.setdefault(group["school_id"], dict.fromkeys(measures, 0))
        for key in measures:
            school[key] += group.get(key, 0)
        if group["primary_need"]:
            need = by_need.setdefault(group["primary_need"], {"e": 0, "k": 0})
            need["e"] += group["e"]
            need["k"] += group["k"]
    ordered = sorted(rows, key=lambda pk: schools.get(pk, ""))
    provision = count_table(
        "provision",
        "Pupils by SEN provision, per school",
        ["EHC plan (E)", "SEN support (K)", "No SEN (N)"],
        [(schools.get(pk, "Another school"), [rows[pk]["e"], rows[pk]["k"], rows[pk]["n"]]) for pk in ordered],
        total_column=True,
        first_heading="School",
        chart_column=3,
    )
    needs = count_table(
        "needs",
        "Pupils by primary need",
        ["EHC plan", "SEN support"],
        [(label, [by_need[code]["e"], by_need[code]["k"]]) for code, label in Need.choices if code in by_need],
        total_column=True,
        first_heading="Primary need",
        chart_column=2,
    )
    # Support measures: counts suppressed together; each share hidden with its inputs.
    matrix = [[rows[pk]["k"], rows[pk]["few"], rows[pk]["overdue"], rows[pk]["costly"]] for pk in ordered]
    totals = [sum(col) for col in zip(*matrix, strict=True)] if matrix else [0, 0, 0, 0]
    hidden = suppress(matrix, row_totals=False, col_totals=True)
    support_rows = []
    for pk, values, flags in zip(ordered, matrix, hidden, strict=False):
        support_rows.append(_support_row(schools.get(pk, "Another school"), values, flags))
    if matrix:
        support_rows.append(_support_row("Total", totals, hidden[-1], total=True))
    support_table = Table(
        "support",
        "SEN support: parent meetings, reviews and costs, per school",
        [
            "On SEN support",
            f"Fewer than {PARENT_MEETINGS_PER_YEAR} parent meetings",
            "Share with fewer meetings",
            "Reviews overdue",
            "Support over £6,000",
        ],
        support_rows,
        chart_column=2,
        first_heading="School",
    )
    headline = {
        "ehc": totals_of(provision, 0),
        "support": totals_of(provision, 1),
        "few_meetings": rate_cell(totals[1], totals[0]).display if matrix else "no data",
        "few_meetings_n": (totals[1], totals[0]),
        "overdue": totals[2],
        "costly": totals[3],
    }
    section = Section("profile", "SEN profile", [provision, needs, support_table], SEN_PROFILE_MEASURES)
    return section, headline


def _counted_profile(user: Any, scope: Scope, filters: Filters, today: date) -> Any:
    """The SEN profile's counts by school and primary need, from the pupils (one scan of them)."""
    pupils = Pupil.objects.visible_to(user, COUNT).filter(scope.schools("school__")).filter(filters.pupils())
    support = Q(sen_provision=SENProvision.SEN_SUPPORT)
    # Grouped by school and primary need: the per-school table adds up a school's needs, the
    # table by need adds up the schools (a few thousand grouped rows at most).
    return (
        pupils.order_by()
        .values("school_id", "primary_need")
        .annotate(
            e=Count("pk", filter=Q(sen_provision=SENProvision.EHC_PLAN)),
            k=Count("pk", filter=support),
            n=Count("pk", filter=Q(sen_provision=SENProvision.NO_SEN)),
            few=Count("pk", filter=support & _few_meetings(scope, filters, today)),
            # The open cycle's review date and the latest cycle's cost are kept on the pupil by
            # the services that write cycles (`support_facts_refresh`): no search for them here.
            overdue=Count("pk", filter=support & Q(support_review_due__lt=today)),
            costly=Count("pk", filter=Q(support_cost__gt=NOTIONAL_SEN_BUDGET_THRESHOLD)),
        )
    )


def _kept_counts(user: Any, scope: Scope, filters: Filters, today: date) -> Any:
    """The pupils' counts kept per school (PupilCount, PostgreSQL triggers) in the dashboard's
    scope and filters, or None where they cannot answer: SQLite (no triggers), a past academic
    year (its meetings are counted), or a scope the policy does not make of whole schools.

    The same rows as `Pupil.objects.visible_to(user, COUNT)` and the same filters: PupilCount has
    the pupil's `school` (so the district) and `primary_need`.
    """
    if connection.vendor != "postgresql" or filters.year != academic_year(today):
        return None
    if not scoped_by_school(Pupil, user, COUNT):
        return None
    return (
        PupilCount.objects.visible_to(user, COUNT)
        .filter(scope.schools("school__"))
        .filter(filters.pupils())
        .filter(pupils__gt=0)
    )


def _kept_few(filters: Filters) -> Any:
    """Of a PupilCount row, its pupils with fewer than 3 parent meetings in the year now running:
    those counted under the target this year, or all of them when their count is another year's."""
    return Case(
        When(meetings_year=int(filters.year[:4]), then=F("under_meetings_target")),
        default=F("pupils"),
    )


def _overdue(user: Any, scope: Scope, filters: Filters, today: date) -> Any:
    """Pupils on SEN support whose open cycle's review date has passed: the one SEN profile figure
    that moves with the date, so counted from the pupils (index `pupil_support_review_due`)."""
    return Pupil.objects.visible_to(user, COUNT).filter(
        scope.schools("school__"),
        filters.pupils(),
        sen_provision=SENProvision.SEN_SUPPORT,
        support_review_due__lt=today,
    )


def _kept_profile(user: Any, scope: Scope, filters: Filters, today: date) -> list[dict[str, Any]] | None:
    """`_counted_profile`'s groups from the kept counts, and the overdue reviews by school (2 queries)."""
    counts = _kept_counts(user, scope, filters, today)
    if counts is None:
        return None
    support = Q(sen_provision=SENProvision.SEN_SUPPORT)
    groups = plain_rows(
        counts.order_by()
        .values("school_id", "primary_need")
        .annotate(
            e=Coalesce(Sum("pupils", filter=Q(sen_provision=SENProvision.EHC_PLAN)), 0),
            k=Coalesce(Sum("pupils", filter=support), 0),
            n=Coalesce(Sum("pupils", filter=Q(sen_provision=SENProvision.NO_SEN)), 0),
            few=Coalesce(Sum(_kept_few(filters), filter=support), 0),
            costly=Sum("over_cost_threshold"),
        )
    )
    overdue = _overdue(user, scope, filters, today).order_by().values("school_id").annotate(overdue=Count("*"))
    # Counted apart from the needs: added to each school once (the tables by need do not show it).
    groups += [{"school_id": row["school_id"], "primary_need": "", "e": 0, "k": 0, **row} for row in overdue]
    return groups


def _few_meetings(scope: Scope, filters: Filters, today: date) -> Q:
    """Pupils with fewer than 3 meetings with parents in the year chosen, as a condition on Pupil.

    For the academic year now running, each pupil's meetings count is kept on the pupil
    (`parent_meetings_year`, `parent_meetings_count`, by `pupils.support.services`), so the count
    reads the pupil row alone; a count kept for an earlier year reads as none this year. For a past
    year the meetings are counted (`_enough_meetings`).
    """
    if filters.year == academic_year(today):
        start_year = int(filters.year[:4])
        return ~Q(parent_meetings_year=start_year, parent_meetings_count__gte=PARENT_MEETINGS_PER_YEAR)
    return ~Q(pk__in=_enough_meetings(scope, filters))


def _enough_meetings(scope: Scope, filters: Filters) -> Any:
    """The pupils with at least 3 meetings with parents in the year, as a subquery of pupil ids.

    Found from the other side (a hashed semi-join in SQL, an index-only scan of meetings by pupil
    and date), not a subquery per pupil. A school's or a trust's set is narrowed to its pupils; an
    authority's pupils are most of the table, and the join to narrow them would cost more than the
    meetings it saves.
    """
    first, last = filters.bounds
    in_scope = filters.pupils("pupil__") & (Q() if scope.kind == "la" else scope.schools("pupil__school__"))
    return (
        ParentMeeting.objects.filter(in_scope, held_on__range=(first, last))
        .order_by()
        .values("pupil_id")
        .annotate(n=Count("*"))  # not the id: an index-only scan of meetings by pupil and date
        .filter(n__gte=PARENT_MEETINGS_PER_YEAR)
        .values("pupil_id")
    )


def sen_profile_headline(user: Any, scope: Scope, filters: Filters, today: date) -> dict[str, Any]:
    """The SEN profile's headline figures alone (the home page): 1 query over the pupils on SEN support,
    or on PostgreSQL in the academic year now running 2 (the kept counts, the overdue reviews).

    The same counts as `sen_profile`'s totals: its share is of pupils on SEN support (no data when
    there are none), its overdue reviews those on SEN support whose open cycle's review date has passed.
    """
    counts = _kept_counts(user, scope, filters, today)
    if counts is not None:
        # 2 queries: the counts kept per school, and the overdue reviews (which move with the date).
        figures = counts.filter(sen_provision=SENProvision.SEN_SUPPORT).aggregate(
            k=Coalesce(Sum("pupils"), 0), few=Coalesce(Sum(_kept_few(filters)), 0)
        )
        figures["overdue"] = _overdue(user, scope, filters, today).count()
    else:
        figures = (
            Pupil.objects.visible_to(user, COUNT)
            .filter(scope.schools("school__"), filters.pupils(), sen_provision=SENProvision.SEN_SUPPORT)
            .aggregate(
                k=Count("pk"),
                few=Count("pk", filter=_few_meetings(scope, filters, today)),
                overdue=Count("pk", filter=Q(support_review_due__lt=today)),
            )
        )
    return {
        "few_meetings": rate_cell(figures["few"], figures["k"]).display,
        "few_meetings_n": (figures["few"], figures["k"]),
        "overdue": figures["overdue"],
    }


def _support_row(label: str, values: list[int], flags: list[bool], *, total: bool = False) -> Row:
    k, few, overdue, costly = values
    return Row(
        label,
        [
            Cell(k, "count", flags[0]),
            Cell(few, "count", flags[1]),
            rate_cell(few, k, hidden=flags[0] or flags[1]),
            Cell(overdue, "count", flags[2]),
            Cell(costly, "count", flags[3]),
        ],
        is_total=total,
    )


def totals_of(table: Table, column: int) -> str:
    for row in table.rows:
        if row.is_total:
            return row.cells[column].display
    return "0"


# --- EHC process --------------------------------------------------------------------------------

EHC_MEASURES = [
    Measure(
        "Requests",
        "requests for an EHC needs assessment received",
        "—",
        "by month and calendar year",
        "EHC needs assessments",
    ),
    Measure(
        "Decisions within 6 weeks",
        "decisions whether to assess made within 6 weeks of the request",
        "decisions made",
        "by month and calendar year of the decision",
        "EHC needs assessments (reg 5)",
    ),
    Measure(
        "Plans within 20 weeks (SEN2)",
        "new EHC plans issued within 20 weeks of the request; excluding exceptions counts only "
        "assessments with no exception recorded (reg 10(4))",
        "new EHC plans issued (all, or those without an exception)",
        "by month and calendar year of issue",
        "EHC needs assessments and exceptions",
    ),
    Measure(
        "Annual reviews within 12 months",
        "review meetings held no later than 12 months after the plan was made or the last review",
        "review meetings held",
        "the academic year chosen",
        "annual reviews (s44)",
    ),
    Measure(
        "Amended plans within 12 weeks",
        "amended plans issued within 12 weeks of the review meeting",
        "amended plans issued",
        "the academic year chosen (by the date of issue)",
        "annual reviews",
    ),
    Measure(
        "Phase transfers on time",
        "plans transferring phase whose review was held and amended plan issued by 15 February (31 March to post-16)",
        "plans with a phase transfer in the calendar year the academic year ends",
        "the academic year chosen",
        "EHC plans (transfer year) and their reviews (reg 18)",
    ),
    Measure(
        "Overdue now",
        "open assessments past 20 weeks without a final plan, and current plans whose annual review is overdue",
        "—",
        "today",
        "EHC needs assessments and plans",
    ),
]


def _months_back(today: date, count: int) -> list[date]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def ehc_process(user: Any, scope: Scope, filters: Filters, today: date) -> tuple[Section, dict[str, Any]]:
    """4 queries: requests, decisions, plans by month and open assessments overdue; reviews and amendments;
    phase transfers; plans with a review overdue."""
    assessments, plans = _ehc_querysets(user, scope, filters)
    first_year = today.year - 2
    since = date(first_year, 1, 1)
    # One scan for the three monthly measures: assessments grouped by the months of their request,
    # decision and final plan (a few hundred groups), added up by month here.
    excepted = Exists(EHCException.objects.filter(assessment=OuterRef("pk")))
    by_months = (
        assessments.filter(
            Q(request_received_on__gte=since)
            | Q(decision_on__gte=since)
            | Q(final_issued_on__gte=min(since, _trend_years(today)[1]))
            # The open assessments past 20 weeks are counted by the same scan (their months may be
            # older than the tables': those months are left out below).
            | _overdue_assessments(today)
        )
        .annotate(
            requested_in=TruncMonth("request_received_on"),
            decided_in=TruncMonth("decision_on"),
            issued_in=TruncMonth("final_issued_on"),
            decision_took=ExpressionWrapper(F("decision_on") - F("request_received_on"), output_field=DurationField()),
            issue_took=ExpressionWrapper(F("final_issued_on") - F("request_received_on"), output_field=DurationField()),
            excepted=excepted,
        )
        .order_by()
        .values("requested_in", "decided_in", "issued_in")
        .annotate(
            n=Count("pk"),
            decided_on_time=Count("pk", filter=Q(decision_took__lte=SIX_WEEKS)),
            on_time=Count("pk", filter=Q(issue_took__lte=TWENTY_WEEKS)),
            n_ex=Count("pk", filter=Q(excepted=False)),
            on_time_ex=Count("pk", filter=Q(issue_took__lte=TWENTY_WEEKS, excepted=False)),
            overdue=Count("pk", filter=_overdue_assessments(today)),
        )
    )

    def month_key(value: Any) -> date | None:
        return value.date() if isinstance(value, datetime) else value

    requests: dict[date, int] = {}
    decided: dict[date, dict[str, int]] = {}
    issued: dict[date, dict[str, int]] = {}
    overdue_assessments = 0
    # New plans without an exception by academic year of issue, for the trends (which read them
    # here rather than scan the assessments again, when no pupil filter narrows these figures).
    plans_by_year: dict[str, dict[str, int]] = {}
    for row in by_months:
        overdue_assessments += row["overdue"]
        issued_month = month_key(row["issued_in"])
        if issued_month is not None:
            start = issued_month.year if issued_month.month >= 9 else issued_month.year - 1
            year = plans_by_year.setdefault(f"{start}/{(start + 1) % 100:02d}", {"n": 0, "on_time": 0})
            year["n"] += row["n_ex"]
            year["on_time"] += row["on_time_ex"]
        requested_in, decided_in, issued_in = (
            month_key(row[key]) for key in ("requested_in", "decided_in", "issued_in")
        )
        if requested_in is not None and requested_in >= since:
            requests[requested_in] = requests.get(requested_in, 0) + row["n"]
        if decided_in is not None and decided_in >= since:
            month = decided.setdefault(decided_in, {"n": 0, "on_time": 0})
            month["n"] += row["n"]
            month["on_time"] += row["decided_on_time"]
        if issued_in is not None and issued_in >= since:
            month = issued.setdefault(issued_in, {"n": 0, "on_time": 0, "n_ex": 0, "on_time_ex": 0})
            for key in month:
                month[key] += row[key]

    def figures(months: list[date]) -> list[int]:
        d = [decided.get(m, {}) for m in months]
        i = [issued.get(m, {}) for m in months]
        return [
            sum(requests.get(m, 0) for m in months),
            sum(x.get("n", 0) for x in d),
            sum(x.get("on_time", 0) for x in d),
            sum(x.get("n", 0) for x in i),
            sum(x.get("on_time", 0) for x in i),
            sum(x.get("n_ex", 0) for x in i),
            sum(x.get("on_time_ex", 0) for x in i),
        ]

    columns = [
        "Requests",
        "Decisions",
        "Decisions within 6 weeks",
        "Plans issued",
        "Within 20 weeks (including exceptions)",
        "Plans without exceptions",
        "Within 20 weeks (excluding exceptions)",
    ]
    months = _months_back(today, 12)
    by_month = count_table(
        "ehc_months",
        "EHC process by month, last 12 months",
        columns,
        [(f"{m:%B %Y}", figures([m])) for m in months],
        first_heading="Month",
        chart_column=0,
    )
    years = list(range(first_year, today.year + 1))
    year_rows = []
    year_figures = {}
    for year in years:
        values = figures([date(year, m, 1) for m in range(1, 13)])
        year_figures[year] = values
        year_rows.append(
            Row(
                str(year) + (" (so far)" if year == today.year else ""),
                [
                    count_cell(values[0]),
                    rate_cell(values[2], values[1]),
                    rate_cell(values[4], values[3]),
                    rate_cell(values[6], values[5]),
                    Cell(ENGLAND_WITHIN_20_WEEKS.get(year), "percent"),
                ],
            )
        )
    by_year = Table(
        "ehc_years",
        "EHC timeliness by calendar year, beside England",
        [
            "Requests",
            "Decisions within 6 weeks",
            "Plans within 20 weeks (including exceptions)",
            "Plans within 20 weeks (excluding exceptions)",
            "England: within 20 weeks (excluding exceptions)",
        ],
        year_rows,
        chart_column=3,
        first_heading="Calendar year",
    )

    first, last = filters.bounds
    reviews = AnnualReview.objects.visible_to(user, COUNT).filter(
        scope.schools("plan__pupil__school__"), filters.pupils("plan__pupil__")
    )
    # Within 12 months: on or before the same date a year after the plan or the last review
    # (months apart < 12, or exactly 12 with the day not later), counted without Python dates.
    # A date's key is (year * 12 + month) * 32 + day: a review is within 12 months of its anchor
    # exactly when its key is at most 12 * 32 above the anchor's (12 months apart and the day not
    # later, or fewer months whatever the days). The anchor (the plan's review before, or the plan's
    # date) is kept on the review (`anchor_on`, by pupils.ehc.services.plan_review_due_refresh); a
    # review without one, written past that service, has it looked up (COALESCE evaluates the
    # subquery only for those).
    previous_key = Subquery(
        AnnualReview.objects.filter(plan=OuterRef("plan"), meeting_on__lt=OuterRef("meeting_on"))
        .order_by("-meeting_on")
        .annotate(key=_day_key("meeting_on"))
        .values("key")[:1],
        output_field=IntegerField(),
    )
    held_window = (first, min(last, today))
    with_prev = reviews.filter(Q(meeting_on__range=held_window) | Q(amended_plan_issued_on__range=(first, last)))
    with_prev = with_prev.annotate(
        gap=ExpressionWrapper(
            _day_key("meeting_on") - Coalesce(_day_key("anchor_on"), previous_key, _day_key("plan__issued_on")),
            IntegerField(),
        )
    )
    in_time = Q(gap__lte=12 * 32)
    amended_took = ExpressionWrapper(F("amended_plan_issued_on") - F("meeting_on"), output_field=DurationField())
    review_figures = with_prev.annotate(amended_took=amended_took).aggregate(
        held=Count("pk", filter=Q(meeting_on__range=held_window)),
        held_in_time=Count("pk", filter=Q(meeting_on__range=held_window) & in_time),
        amended=Count("pk", filter=Q(amended_plan_issued_on__range=(first, last))),
        amended_in_time=Count(
            "pk", filter=Q(amended_plan_issued_on__range=(first, last), amended_took__lte=TWELVE_WEEKS)
        ),
    )
    transfer_year = last.year
    done_by_feb = Exists(
        AnnualReview.objects.filter(
            plan=OuterRef("pk"),
            is_phase_transfer=True,
            amended_plan_issued_on__isnull=False,
            amended_plan_issued_on__lte=date(transfer_year, 2, 15),
        )
    )
    done_by_march = Exists(
        AnnualReview.objects.filter(
            plan=OuterRef("pk"),
            is_phase_transfer=True,
            amended_plan_issued_on__isnull=False,
            amended_plan_issued_on__lte=date(transfer_year, 3, 31),
        )
    )
    transfer_on_time = Q(transfer_to_post16=False) & Q(done_by_feb) | Q(transfer_to_post16=True) & Q(done_by_march)
    if scope.kind == "la":
        # An authority's plans: the transfers and the overdue reviews apart, each read by its own
        # index or anti-join (15,000 plans would each run the review lookups in one pass).
        transfers = plans.filter(transfer_year=transfer_year).aggregate(
            total=Count("pk"), on_time=Count("pk", filter=transfer_on_time)
        )
        overdue_reviews = _overdue_reviews(plans, today)
    else:
        # A school's or a trust's few plans: both in one pass over them.
        transfers = plans.aggregate(
            total=Count("pk", filter=Q(transfer_year=transfer_year)),
            on_time=Count("pk", filter=Q(transfer_year=transfer_year) & transfer_on_time),
            overdue=Count("pk", filter=_overdue_review_q(today)),
        )
        overdue_reviews = transfers["overdue"]
    statutory = Table(
        "ehc_statutory",
        f"Statutory timescales, {filters.year}",
        ["On time", "Of", "Share on time"],
        [
            _rate_row("Annual reviews held within 12 months", review_figures["held_in_time"], review_figures["held"]),
            _rate_row(
                "Amended plans issued within 12 weeks of the review meeting",
                review_figures["amended_in_time"],
                review_figures["amended"],
            ),
            _rate_row(
                f"Phase transfers completed by 15 February (31 March to post-16) {transfer_year}",
                transfers["on_time"],
                transfers["total"],
            ),
        ],
        chart_column=2,
        first_heading="Measure",
    )
    overdue = count_table(
        "ehc_overdue",
        "Overdue now",
        ["Cases"],
        [
            ("Assessments past 20 weeks without a final plan", [overdue_assessments]),
            ("Plans with an annual review overdue", [overdue_reviews]),
        ],
        total_row=False,
        first_heading="Case",
    )
    this_year = year_figures[today.year]
    last_full = year_figures[today.year - 1]
    headline = {
        "within_20": rate_cell(last_full[6], last_full[5]).display,
        "within_20_year": today.year - 1,
        "within_20_incl": rate_cell(last_full[4], last_full[3]).display,
        "requests_this_year": this_year[0],
        "overdue": overdue_assessments + overdue_reviews,
        "year_figures": year_figures,
        "plans_by_year": plans_by_year,
    }
    section = Section("ehc", "EHC needs assessments and plans", [by_year, by_month, statutory, overdue], EHC_MEASURES)
    return section, headline


def _day_key(field: str) -> Any:
    """(year * 12 + month) * 32 + day of a date: whole months apart and the day, in one integer."""
    return ExpressionWrapper(
        (ExtractYear(field) * 12 + ExtractMonth(field)) * 32 + ExtractDay(field), output_field=IntegerField()
    )


def _overdue_assessments(today: date) -> Q:
    """Open assessments past 20 weeks without a final plan."""
    return OPEN_ASSESSMENT & Q(request_received_on__lt=today - TWENTY_WEEKS)


def _overdue_review_q(today: date) -> Q:
    """Current plans whose annual review is overdue: made (or last reviewed) on or before
    `held_before`, with no review held since.

    Most plans are read by an index range on their kept next_review_due (review_due_kept_q): where
    it counts from the plan's date or the last meeting held, the review is overdue exactly when it
    is due before today (latest_anchor_due_by: an anchor is on or before held_before exactly when
    it is due before today). The few others (a meeting today or arranged after it, or no date kept;
    their next_review_due is a year after today or later) look their reviews up (NOT EXISTS).
    """
    held_before = latest_anchor_due_by(today - timedelta(days=1))
    reviewed_since = AnnualReview.objects.filter(plan=OuterRef("pk"), meeting_on__gt=held_before, meeting_on__lte=today)
    not_reviewed = Q(issued_on__lte=held_before) & ~Q(Exists(reviewed_since))
    # Due before today implies due before a year after today (review_due_kept_q): the arms are apart.
    kept_overdue = Q(next_review_due__lt=today)
    return current_plan_q(today) & (kept_overdue | review_due_not_kept_q(today) & not_reviewed)


def _overdue_reviews(plans: Any, today: date) -> int:
    """1 query: current plans whose annual review is overdue (an authority's are hashed against the
    year's reviews; a school's or trust's few plans look theirs up by plan and date)."""
    return plans.filter(_overdue_review_q(today)).count()


def _ehc_querysets(user: Any, scope: Scope, filters: Filters) -> tuple[Any, Any]:
    """The assessments and plans the EHC figures count: the user's, in the scope, filtered."""
    assessments = EHCAssessment.objects.visible_to(user, COUNT).filter(
        scope.schools("pupil__school__"), filters.pupils("pupil__")
    )
    plans = EHCPlan.objects.visible_to(user, COUNT).filter(scope.schools("pupil__school__"), filters.pupils("pupil__"))
    return assessments, plans


def ehc_headline(user: Any, scope: Scope, filters: Filters, today: date) -> dict[str, Any]:
    """The EHC section's headline figures alone (the home page): 3 queries.

    New plans within 20 weeks (excluding exceptions) in the last full calendar year, counted as
    `ehc_process` counts the plans issued in that year's months, and the cases overdue now.
    """
    assessments, plans = _ehc_querysets(user, scope, filters)
    year = today.year - 1
    issued = _kept_within_20(user, scope, filters, year)
    if issued is None:
        excepted = Exists(EHCException.objects.filter(assessment=OuterRef("pk")))
        issued = (
            assessments.filter(final_issued_on__range=(date(year, 1, 1), date(year, 12, 31)))
            .annotate(
                issue_took=ExpressionWrapper(
                    F("final_issued_on") - F("request_received_on"), output_field=DurationField()
                ),
                excepted=excepted,
            )
            .aggregate(
                n_ex=Count("pk", filter=Q(excepted=False)),
                on_time_ex=Count("pk", filter=Q(issue_took__lte=TWENTY_WEEKS, excepted=False)),
            )
        )
    overdue_assessments = assessments.filter(_overdue_assessments(today)).count()
    overdue_reviews = _overdue_reviews(plans, today)
    return {
        "within_20": rate_cell(issued["on_time_ex"], issued["n_ex"]).display,
        "within_20_year": year,
        "overdue": overdue_assessments + overdue_reviews,
    }


def _kept_within_20(user: Any, scope: Scope, filters: Filters, year: int) -> dict[str, int] | None:
    """1 query: the new plans issued in a calendar year without an exception, and those within 20
    weeks, summed from the SEN2 counts PostgreSQL's triggers keep per school and year
    (pupils.EHCTimelinessCount, pupils/0013), or None where they cannot stand for the assessments.

    The counts are by the pupil's school, as the assessments here are: they serve on PostgreSQL, with
    no need filter (a count by school knows no needs), for the roles that see assessments by their
    pupils' school alone (not a SENCo, who also sees pupils placed in a hub at the school, nor a
    parent), the same condition as the timeliness page (pupils.ehc.selectors.timeliness_by_year).
    """
    if connection.vendor != "postgresql" or filters.need or access.reach(user).has(Role.SENCO, Role.PARENT):
        return None
    return (
        EHCTimelinessCount.objects.visible_to(user, COUNT)
        .filter(scope.schools("school__"), _school_filters(filters, "school__"), year=year)
        .aggregate(
            n_ex=Coalesce(Sum("plans_without_exception"), 0),
            on_time_ex=Coalesce(Sum("in_time_without_exception"), 0),
        )
    )


def _rate_row(label: str, part: int, whole: int) -> Row:
    counts = suppress([[part, whole]], row_totals=False, col_totals=False)[0]
    return Row(
        label,
        [Cell(part, "count", counts[0]), Cell(whole, "count", counts[1]), rate_cell(part, whole)],
    )


# --- Benchmarks --------------------------------------------------------------------------------


# --- Hub places ---------------------------------------------------------------------------------

PLACES_MEASURES = [
    Measure(
        "Places",
        "commissioned: places in the hub's agreement for the year; filled: pupils started and not left; "
        "offered: places arranged for a pupil who has not started; vacant: commissioned less filled and offered",
        "—",
        "on the first day of each half term, and today",
        "commissioning agreements and hub placements",
    ),
]


# Commissioned = filled + offered + vacant: suppression treats the derived column as an equation.
PLACES_RELATIONS = ((0, (1, 2, 3)),)


def hub_places(user: Any, scope: Scope, filters: Filters, today: date) -> tuple[Section, dict[str, Any]]:
    """3 queries: hubs with their agreements, half terms, placements counted per hub for each day."""
    label = filters.year
    first, last = filters.bounds
    # The hubs with their agreement's places for the year (one agreement per hub and year), in one query.
    hubs, agreements = {}, {}
    for pk, name, places in (
        Hub.objects.filter(kind=Hub.Kind.MAINSTREAM)
        .filter(scope.schools("host_school__"), _school_filters(filters, "host_school__"))
        .annotate(
            places=Subquery(
                CommissioningAgreement.objects.filter(hub=OuterRef("pk"), academic_year=label).values("places")[:1]
            )
        )
        .values_list("pk", "name", "places")
    ):
        hubs[pk] = name
        if places is not None:
            agreements[pk] = places
    terms = _half_terms(scope, label, scope.org.pk if scope.kind == "la" else None)
    points = [(t.name, t.starts_on) for t in terms]
    if first <= today <= last:
        points.append(("Today", today))
    counts: dict[str, Count] = {}
    for index, (_, day) in enumerate(points):
        counts[f"filled_{index}"] = Count("pk", filter=Q(starts_on__lte=day, held_until__gte=day))
        counts[f"offered_{index}"] = Count(
            "pk",
            filter=Q(offered_on__lte=day, starts_on__gt=day, starts_on__lte=last)
            & (Q(ended_on__isnull=True) | Q(ended_on__gt=day)),
        )
    per_hub = {
        row["hub_id"]: row
        for row in _with_last_day(Placement.objects.visible_to(user, COUNT).filter(hub__in=list(hubs)))
        .annotate(offered_on=TruncDate("created_at"))
        .order_by()
        .values("hub_id")
        .annotate(**counts)
    }
    current = len(points) - 1
    hub_rows = []
    for pk in sorted(hubs, key=hubs.get):
        row = per_hub.get(pk, {})
        commissioned = agreements.get(pk, 0)
        filled, offered = row.get(f"filled_{current}", 0), row.get(f"offered_{current}", 0)
        hub_rows.append((hubs[pk], [commissioned, filled, offered, max(0, commissioned - filled - offered)]))
    by_hub = count_table(
        "places_hubs",
        f"Places per hub, {points[current][0].lower() if points[current][0] == 'Today' else points[current][0]}",
        ["Commissioned", "Filled", "Offered", "Vacant"],
        hub_rows,
        first_heading="Hub",
        chart_column=1,
        relations=PLACES_RELATIONS,
    )
    term_rows = []
    total_commissioned = sum(agreements.values())
    for index, (name, day) in enumerate(points):
        filled = sum(r.get(f"filled_{index}", 0) for r in per_hub.values())
        offered = sum(r.get(f"offered_{index}", 0) for r in per_hub.values())
        term_rows.append(
            (
                f"{name} ({day:%-d %b %Y})",
                [total_commissioned, filled, offered, max(0, total_commissioned - filled - offered)],
            )
        )
    by_term = count_table(
        "places_terms",
        f"Places in all hubs, by half term, {label}",
        ["Commissioned", "Filled", "Offered", "Vacant"],
        term_rows,
        total_row=False,
        first_heading="Half term",
        chart_column=1,
        relations=PLACES_RELATIONS,
    )
    last_row = term_rows[-1][1] if term_rows else [0, 0, 0, 0]
    headline = {"commissioned": last_row[0], "filled": last_row[1], "vacant": last_row[3], "hubs": len(hubs)}
    return Section("places", "Places in mainstream SEND hubs", [by_hub, by_term], PLACES_MEASURES), headline


# --- District hubs -----------------------------------------------------------------------------

DISTRICT_MEASURES = [
    Measure(
        "Referrals by status",
        "referrals submitted in the year, by their status now",
        "—",
        "the academic year chosen (by submission)",
        "referrals",
    ),
    Measure(
        "Referrals by half term",
        "referrals submitted",
        "—",
        "each half term of the academic year (a holiday counts with the term before)",
        "referrals",
    ),
    Measure(
        "Days to first discussion",
        "calendar days from submission to the first panel meeting that discussed the referral: "
        "median and 90th percentile",
        "referrals submitted in the year and discussed",
        "the academic year chosen",
        "referrals and case discussions",
    ),
    Measure(
        "Actions that worked",
        "actions reviewed as having worked",
        "actions reviewed",
        "reviewed at meetings in the academic year chosen",
        "meeting minutes (actions)",
    ),
    Measure(
        "Escalations to the Locality Management Group",
        "case discussions whose outcome was to escalate",
        "—",
        "meetings in the academic year chosen",
        "meeting minutes",
    ),
    Measure("Referrals per school", "referrals submitted by each school", "—", "the academic year chosen", "referrals"),
]

REPORTED_STATUSES = [s for s in Referral.Status if s != Referral.Status.DRAFT]


def district_hubs(user: Any, scope: Scope, filters: Filters, today: date) -> tuple[Section, dict[str, Any]]:
    """6 queries: districts, half terms, referrals (status, half term, school), days (window), actions, escalations."""
    first, last = filters.bounds
    year_range = (_start(first), _end(last))
    referrals = _referrals(user, scope, filters)
    if scope.kind == "district":
        districts = {scope.org.pk: scope.org.name}
    else:
        districts = dict(scope.district_names)
    in_year = referrals.filter(submitted_at__range=year_range)
    district_ids = sorted(districts, key=districts.get)
    terms = _half_terms(scope, filters.year, scope.local_authority_id)
    windows = {}
    for index, term in enumerate(terms):
        start = first if index == 0 else term.starts_on
        end = terms[index + 1].starts_on if index + 1 < len(terms) else last + timedelta(days=1)
        windows[f"t{index}"] = Count("pk", filter=Q(submitted_at__gte=_start(start), submitted_at__lt=_start(end)))
    # One scan of the year's referrals, grouped by school, district and status, for three tables:
    # by status (added up over schools), by half term (over schools and statuses; the half terms
    # cover the year, so counting the year's referrals counts them all) and per school.
    status_rows: dict[tuple[int | None, str], int] = {}
    term_counts: dict[int | None, dict[str, int]] = {}
    school_counts: dict[int, list[Any]] = {}
    for r in (
        in_year.order_by()
        .values("school_id", "school__name", "hub__district_id", "status")
        .annotate(n=Count("pk"), **windows)
    ):
        key = (r["hub__district_id"], r["status"])
        status_rows[key] = status_rows.get(key, 0) + r["n"]
        district = term_counts.setdefault(r["hub__district_id"], dict.fromkeys(windows, 0))
        for name in windows:
            district[name] += r[name]
        school_counts.setdefault(r["school_id"], [r["school__name"], 0])[1] += r["n"]
    by_status = count_table(
        "referral_status",
        f"Referrals by status now, submitted in {filters.year}",
        [districts[d] for d in district_ids],
        [(s.label, [status_rows.get((d, s.value), 0) for d in district_ids]) for s in REPORTED_STATUSES],
        total_column=True,
        first_heading="Status",
        chart_column=len(district_ids),
    )
    by_term = count_table(
        "referral_terms",
        f"Referrals submitted by half term, {filters.year}",
        [districts[d] for d in district_ids],
        [(term.name, [term_counts.get(d, {}).get(f"t{i}", 0) for d in district_ids]) for i, term in enumerate(terms)],
        total_column=True,
        first_heading="Half term",
        chart_column=len(district_ids),
    )
    # The first discussion's meeting start is kept on the referral (`first_discussed_at`, by
    # referrals.meetings.services.discussion_record): the waits read the year's referrals alone.
    wait = ExpressionWrapper(F("first_discussed_at") - F("submitted_at"), output_field=DurationField())
    waits = (
        in_year.filter(first_discussed_at__isnull=False)
        .annotate(wait=wait)
        .annotate(rank=Window(CumeDist(), partition_by=[F("hub__district_id")], order_by=F("wait").asc()))
    )
    # The ranks are taken in a subquery: aggregating beside the window would group by the wait
    # itself (one row per distinct wait), so ties and several waits per district went wrong.
    # The median is the smallest wait ranked at or above 0.5, the 90th percentile the smallest at or
    # above 0.9 (a subset of the first): one query for both.
    medians = {
        r["hub__district_id"]: r
        for r in _at_or_above(waits, 0.5)
        .order_by()
        .values("hub__district_id")
        .annotate(
            median=Min("wait"),
            n=Count("pk"),
            p90=Min("wait", filter=Q(pk__in=waits.filter(rank__gte=0.9).values("pk"))),
        )
    }
    p90 = {d: r["p90"] for d, r in medians.items() if r["p90"] is not None}
    actions = {
        r["referral__hub__district_id"]: r
        for r in _reviewed_actions(user, referrals, year_range)
        .values("referral__hub__district_id")
        .annotate(total=Count("pk"), worked=Count("pk", filter=Q(review=Action.Review.WORKED)))
    }
    escalations = dict(
        CaseDiscussion.objects.visible_to(user, COUNT)
        .filter(
            referral__in=referrals.values("pk"),
            outcome=CaseDiscussion.Outcome.ESCALATE,
            agenda_item__meeting__starts_at__range=year_range,
        )
        .order_by()
        .values_list("referral__hub__district_id")
        .annotate(n=Count("pk"))
    )
    summary_rows = []
    for d in district_ids:
        act = actions.get(d, {"total": 0, "worked": 0})
        med = medians.get(d)
        summary_rows.append(
            Row(
                districts[d],
                [
                    _days(med["median"]) if med else Cell(None, "days"),
                    _days(p90.get(d)) if d in p90 else Cell(None, "days"),
                    count_cell(act["total"]),
                    rate_cell(act["worked"], act["total"]),
                    count_cell(escalations.get(d, 0)),
                ],
            )
        )
    summary = Table(
        "district_summary",
        f"District hubs: waits, actions and escalations, {filters.year}",
        [
            "Median days to first discussion",
            "90th percentile days",
            "Actions reviewed",
            "Share of reviewed actions that worked",
            "Escalations to the Locality Management Group",
        ],
        summary_rows,
        chart_column=0,
        first_heading="District",
    )
    per_school = [
        {"school_id": pk, "school__name": name, "n": n}
        for pk, (name, n) in sorted(school_counts.items(), key=lambda item: (-item[1][1], item[1][0], item[0]))
    ]
    schools = count_table(
        "referral_schools",
        f"Referrals per school, {filters.year}",
        ["Referrals"],
        [(r["school__name"], [r["n"]]) for r in per_school],
        first_heading="School",
    )
    total_referrals = sum(r["n"] for r in per_school)
    worked = sum(a["worked"] for a in actions.values())
    reviewed = sum(a["total"] for a in actions.values())
    headline = {
        "referrals": total_referrals,
        "worked": rate_cell(worked, reviewed).display,
        "escalations": sum(escalations.values()),
        "median": next((summary_rows[i].cells[0].display for i in range(len(summary_rows))), "no data")
        if len(summary_rows) == 1
        else "",
    }
    return Section(
        "districts", "District SEND and Inclusion hubs", [by_status, by_term, summary, schools], DISTRICT_MEASURES
    ), headline


def _referrals(user: Any, scope: Scope, filters: Filters) -> Any:
    """The submitted referrals the district figures count: the user's, the scope's, filtered."""
    referrals = Referral.objects.visible_to(user, COUNT).exclude(submitted_at=None).filter(filters.pupils("pupil__"))
    if scope.kind == "district":
        return referrals.filter(hub__district=scope.org)
    return referrals.filter(scope.schools("school__"))


def _reviewed_actions(user: Any, referrals: Any, year_range: tuple[datetime, datetime]) -> Any:
    """The actions on these referrals reviewed at meetings in the year."""
    return (
        Action.objects.visible_to(user, COUNT)
        .filter(referral__in=referrals.values("pk"), reviewed_at__agenda_item__meeting__starts_at__range=year_range)
        .exclude(review="")
        .order_by()
    )


def district_headline(user: Any, scope: Scope, filters: Filters, today: date) -> dict[str, Any]:
    """The district section's headline figures alone (the home page): 2 queries.

    Referrals submitted in the year (the total of `district_hubs`' referrals per school) and the
    share of actions reviewed at the year's meetings that worked.
    """
    first, last = filters.bounds
    year_range = (_start(first), _end(last))
    referrals = _referrals(user, scope, filters)
    actions = _reviewed_actions(user, referrals, year_range).aggregate(
        total=Count("pk"), worked=Count("pk", filter=Q(review=Action.Review.WORKED))
    )
    return {
        "referrals": referrals.filter(submitted_at__range=year_range).count(),
        "worked": rate_cell(actions["worked"], actions["total"]).display,
    }


def _at_or_above(ranked: Any, share: float) -> Any:
    """The referrals of `ranked` whose cumulative distribution `rank` is at least `share`, as a
    queryset without the window (their `wait` annotated again), ready to group and aggregate."""
    chosen = ranked.filter(rank__gte=share).values("pk")
    return ranked.model.objects.filter(pk__in=chosen).annotate(
        wait=ExpressionWrapper(F("first_discussed_at") - F("submitted_at"), output_field=DurationField())
    )


def _half_terms(scope: Scope, year: str, la_id: int | None) -> list[Any]:
    """The year's half terms (the authority's own where it has them), read once per page: the
    places and the referrals of an authority's or a trust's dashboard count by the same terms."""
    memo = scope.__dict__.setdefault("_half_terms", {})  # a Scope is frozen; the memo lives with it
    if (year, la_id) not in memo:
        memo[(year, la_id)] = half_terms(year, None if la_id is None else _la_of(la_id))
    return memo[(year, la_id)]


def _la_of(pk: int):
    from sendhub.models import LocalAuthority

    return LocalAuthority(pk=pk)


def _days(wait: Any) -> Cell:
    if wait is None:
        return Cell(None, "days")
    if isinstance(wait, timedelta):
        return Cell(round(wait.total_seconds() / 86400, 1), "days")
    return Cell(round(wait / 86_400_000_000, 1), "days")  # SQLite: microseconds


# --- Trends -----------------------------------------------------------------------------------

TREND_MEASURES = [
    Measure(
        "Pupils by SEN provision (census)",
        "pupils with an EHC plan and on SEN support at the year's latest census-day snapshot",
        "—",
        "school census days (autumn, spring, summer) of each year",
        "census snapshots (counts only)",
    ),
    Measure("Referrals submitted", "referrals submitted to district hubs", "—", "each academic year", "referrals"),
    Measure(
        "New plans within 20 weeks",
        "new EHC plans issued within 20 weeks, excluding exceptions",
        "new plans issued without an exception",
        "each academic year (by date of issue)",
        "EHC needs assessments",
    ),
]


def _trend_years(today: date) -> tuple[list[str], date]:
    """The trends' three academic years (labels) and the first day of the earliest."""
    start_year = int(academic_year(today)[:4])
    labels = [f"{y}/{(y + 1) % 100:02d}" for y in range(start_year - 2, start_year + 1)]
    return labels, academic_year_bounds(labels[0])[0]


def trends(
    user: Any, scope: Scope, filters: Filters, today: date, plans_by_year: dict[str, dict[str, int]] | None = None
) -> Section:
    """3 queries: snapshots (the latest day's as a subquery), referrals and plans, grouped by academic year.

    `plans_by_year`: the new plans by academic year of issue as `ehc_process` counted them; used
    (one query fewer) when no pupil filter is chosen, as the trends count every pupil's plans.
    """
    labels, earliest = _trend_years(today)
    snapshots = CensusSnapshot.objects.filter(
        scope.schools("school__"), _school_filters(filters, "school__"), academic_year__in=labels
    )
    # Each year's latest census day, found by the same query as a subquery (a day belongs to one
    # academic year, so the set of latest days picks each year's own).
    latest_days = snapshots.order_by().values("academic_year").annotate(day=Max("taken_on")).values("day")
    snapshot_rows = {
        r["academic_year"]: r
        for r in snapshots.filter(taken_on__in=latest_days)
        .order_by()
        .values("academic_year", "taken_on")
        .annotate(e=Sum("ehc_plan"), k=Sum("sen_support"))
    }
    referrals = Referral.objects.visible_to(user, COUNT).exclude(submitted_at=None)
    referrals = (
        referrals.filter(hub__district=scope.org)
        if scope.kind == "district"
        else referrals.filter(scope.schools("school__"))
    )
    year_case = _academic_year_case("submitted_at")
    ref_counts = dict(
        referrals.filter(submitted_at__gte=_start(earliest))
        .annotate(ay=year_case)
        .order_by()
        .values_list("ay")
        .annotate(n=Count("pk"))
    )
    plans = {}
    if plans_by_year is not None and not (filters.school or filters.district or filters.need):
        plans = plans_by_year
    elif scope.kind != "district":
        excepted = Exists(EHCException.objects.filter(assessment=OuterRef("pk")))
        plans = {
            r["ay"]: r
            for r in EHCAssessment.objects.visible_to(user, COUNT)
            .filter(scope.schools("pupil__school__"), final_issued_on__gte=earliest)
            .annotate(
                ay=_academic_year_case("final_issued_on"),
                excepted=excepted,
                took=ExpressionWrapper(F("final_issued_on") - F("request_received_on"), output_field=DurationField()),
            )
            .order_by()
            .values("ay")
            .annotate(
                n=Count("pk", filter=Q(excepted=False)),
                on_time=Count("pk", filter=Q(excepted=False, took__lte=TWENTY_WEEKS)),
            )
        }
    rows = []
    for label in labels:
        snap = snapshot_rows.get(label)
        p = plans.get(label, {"n": 0, "on_time": 0})
        rows.append(
            Row(
                label,
                [
                    count_cell(snap["e"]) if snap else Cell(None),
                    count_cell(snap["k"]) if snap else Cell(None),
                    count_cell(ref_counts.get(label, 0)),
                    rate_cell(p["on_time"], p["n"]),
                ],
            )
        )
    table = Table(
        "trends",
        "The last three academic years",
        [
            "EHC plans (census snapshot)",
            "SEN support (census snapshot)",
            "Referrals submitted",
            "New plans within 20 weeks (excluding exceptions)",
        ],
        rows,
        chart_column=2,
        first_heading="Academic year",
        note="“no data”: no census-day snapshot was taken that year.",
    )
    return Section("trends", "Trends", [table], TREND_MEASURES)


def _school_filters(filters: Filters, prefix: str) -> Q:
    """The school and district filters on a lookup to a School (figures with no pupil need)."""
    q = Q()
    if filters.school:
        q &= Q(**{prefix[:-2]: filters.school})
    if filters.district:
        q &= Q(**{f"{prefix}district": filters.district})
    return q


def _academic_year_case(field: str):
    """The academic year label of a date or datetime, as a SQL CASE over the last few years."""
    from django.db.models import Case, CharField, Value, When

    today = timezone.localdate()
    start = int(academic_year(today)[:4])
    whens = []
    for y in range(start - 3, start + 2):
        first, last = academic_year_bounds(f"{y}/{(y + 1) % 100:02d}")
        lower, upper = (first, last) if field.endswith("_on") else (_start(first), _end(last))
        whens.append(When(**{f"{field}__range": (lower, upper)}, then=Value(f"{y}/{(y + 1) % 100:02d}")))
    return Case(*whens, default=Value(""), output_field=CharField())
