"""The pupils app's part of a scale data set (see sendhub/scale.py).

In the county: pupils with SEN at every scale school, those on SEN support with a current cycle
(some with an earlier, reviewed one), provision and outcomes and this year's meetings with
parents; those with an EHC plan with the assessment that made it and its annual reviews (some
overdue); a few assessments still open; places in the county's mainstream hubs. At national
size, the other authorities' pupils with EHC plans, assessments and reviews. Invented, and
made school by school so that an interrupted run picks up where it stopped.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from sendhub.dates import academic_year_start_year, add_weeks, add_years_clamped
from sendhub.models import School, User
from sendhub.scale import ScaleAuthority, ScaleContext, chunked, share

from .ehc.services import plan_review_due_refresh
from .models import (
    AnnualReview,
    EHCAssessment,
    EHCPlan,
    ParentMeeting,
    Placement,
    Pupil,
    SupportCycle,
    SupportOutcome,
    SupportProvision,
)
from .records.upn import upn_check_letter
from .support.services import parent_meetings_refresh, support_facts_refresh

SUPPORT_NEEDS = ["SPLD", "MLD", "SEMH", "SLCN", "ASD", "NSA", "SPLD", "SLCN", "OTH"]
PLAN_NEEDS = ["ASD", "SLCN", "SEMH", "SLD", "MLD", "PD", "HI", "ASD", "SEMH"]
FIRST_NAMES = ["Alex", "Sam", "Jordan", "Riley", "Casey", "Morgan", "Taylor", "Jamie", "Robin", "Charlie"]
LAST_NAMES = ["Scale", "Sample", "Example", "Testwood", "Placeholder", "Dummy", "Mockley", "Synthe"]


def _year_groups(school: School) -> list[str]:
    return (
        ["7", "8", "9", "10", "11"] if school.phase == School.Phase.SECONDARY else ["R", "1", "2", "3", "4", "5", "6"]
    )


def _date_of_birth(rng: random.Random, year_group: str, today: date) -> date:
    """A birthday that puts the child in `year_group` this academic year (Reception: 4 on 31 August)."""
    offset = 0 if year_group == "R" else int(year_group)
    start = academic_year_start_year(today)
    return date(start - offset - 5, 9, 1) + timedelta(days=rng.randrange(365))


def _upn(school: School, serial: int) -> str:
    body = f"{school.laestab}{26 + serial // 1000:02d}{serial % 1000:03d}"
    return upn_check_letter(body) + body


def _pupils(ctx: ScaleContext, school: School, count: int, plans: int) -> list[Pupil]:
    rng = ctx.rng("pupils", school.urn)
    rows = []
    for n in range(count):
        year = rng.choice(_year_groups(school))
        has_plan = n < plans
        rows.append(
            Pupil(
                upn=_upn(school, n),
                legal_first_name=rng.choice(FIRST_NAMES),
                legal_last_name=f"{rng.choice(LAST_NAMES)}-{school.urn}-{n}",
                date_of_birth=_date_of_birth(rng, year, ctx.today),
                school=school,
                year_group=year,
                sen_provision="E" if has_plan else "K",
                primary_need=rng.choice(PLAN_NEEDS if has_plan else SUPPORT_NEEDS),
            )
        )
    return Pupil.objects.bulk_create(rows)


def _support(ctx: ScaleContext, pupils: list[Pupil], author: User) -> None:
    rng = ctx.rng("support", pupils[0].school_id)
    cycles, meetings = [], []
    year_start = date(academic_year_start_year(ctx.today), 9, 1)
    for pupil in pupils:
        if rng.random() < 0.3:
            started = ctx.today - timedelta(days=rng.randrange(200, 400))
            cycles.append(
                SupportCycle(
                    pupil=pupil,
                    started_on=started,
                    needs="Needs found at assessment (invented).",
                    responsible="Class teacher",
                    review_date=started + timedelta(weeks=12),
                    reviewed_on=started + timedelta(weeks=12),
                    review_summary="Some progress.",
                    next_step=SupportCycle.NextStep.CONTINUE,
                    created_by=author,
                )
            )
        started = ctx.today - timedelta(days=rng.randrange(0, 150))
        cycles.append(
            SupportCycle(
                pupil=pupil,
                started_on=started,
                needs="Needs found at assessment (invented).",
                responsible="Class teacher",
                review_date=started + timedelta(weeks=rng.choice([6, 10, 12, 16, 20])),
                created_by=author,
            )
        )
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 3])):
            held = year_start + timedelta(days=rng.randrange(max(1, (ctx.today - year_start).days + 1)))
            meetings.append(ParentMeeting(pupil=pupil, held_on=held, attendees="Parent and SENCo", recorded_by=author))
    cycles = SupportCycle.objects.bulk_create(cycles)
    outcomes, provisions = [], []
    for cycle in cycles:
        outcomes.append(SupportOutcome(cycle=cycle, description="Read 20 more words on sight"))
        cost = Decimal(rng.choice([600, 1200, 2400, 3600, 4800, 7200]))
        provisions.append(
            SupportProvision(
                cycle=cycle, description="Small-group teaching", provided_by="Teaching assistant", cost_per_year=cost
            )
        )
    SupportOutcome.objects.bulk_create(outcomes)
    SupportProvision.objects.bulk_create(provisions)
    ParentMeeting.objects.bulk_create(meetings)
    support_facts_refresh(pupils=[pupil.pk for pupil in pupils])
    parent_meetings_refresh(pupils=[pupil.pk for pupil in pupils], today=ctx.today)


def _plans(
    ctx: ScaleContext, pupils: list[Pupil], officer: User, hub_for: dict[int, object] | None = None
) -> list[EHCPlan]:
    """A completed assessment, a plan and its annual reviews for each pupil."""
    rng = ctx.rng("plans", pupils[0].school_id)
    assessments = []
    for pupil in pupils:
        received = ctx.today - timedelta(days=rng.randrange(22 * 7, 6 * 365))
        final = add_weeks(received, rng.choice([16, 18, 19, 20, 20, 21, 24, 30]))
        assessments.append(
            EHCAssessment(
                pupil=pupil,
                request_received_on=received,
                requested_by=EHCAssessment.Requester.SCHOOL,
                decision=EHCAssessment.Decision.ASSESS,
                decision_on=add_weeks(received, rng.choice([4, 5, 6, 7])),
                draft_served_on=add_weeks(received, 13),
                comments_received_on=add_weeks(received, 15),
                final_issued_on=final,
                named_school=None if hub_for and pupil.pk in hub_for else pupil.school,
                named_hub=hub_for.get(pupil.pk) if hub_for else None,
                created_by=officer,
            )
        )
    assessments = EHCAssessment.objects.bulk_create(assessments)
    plans = EHCPlan.objects.bulk_create(
        EHCPlan(
            pupil_id=a.pupil_id,
            assessment=a,
            issued_on=a.final_issued_on,
            named_school=a.named_school,
            named_hub=a.named_hub,
            # The officer who owns the school's cases; one case in twenty has no one named yet.
            case_officer=None if a.pupil_id % 20 == 0 else officer,
        )
        for a in assessments
    )
    reviews = []
    for plan in plans:
        meeting = add_years_clamped(plan.issued_on, 1) - timedelta(days=rng.randrange(0, 30))
        overdue = rng.random() < 0.08
        while meeting < ctx.today - timedelta(weeks=5):
            if overdue and add_years_clamped(meeting, 1) >= ctx.today - timedelta(weeks=5):
                break  # the latest review never happened: the plan is overdue for one
            reviews.append(
                AnnualReview(
                    plan=plan,
                    meeting_on=meeting,
                    notice_given_on=meeting - timedelta(weeks=3),
                    advice_circulated_on=meeting - timedelta(weeks=2),
                    report_sent_on=meeting + timedelta(days=10),
                    decision=AnnualReview.Decision.MAINTAIN,
                    decision_on=meeting + timedelta(weeks=3),
                    created_by=officer,
                )
            )
            meeting = add_years_clamped(meeting, 1) - timedelta(days=rng.randrange(0, 20))
    for batch in chunked(reviews):
        AnnualReview.objects.bulk_create(batch)
    for batch in chunked(plans):  # bulk_create skips save(): their next review dates, set-based
        plan_review_due_refresh(plans=EHCPlan.objects.filter(pk__in=[plan.pk for plan in batch]))
    return plans


def _open_assessments(ctx: ScaleContext, pupils: list[Pupil], officer: User) -> None:
    """Requests still going through the statutory process, at every step."""
    rng = ctx.rng("open", pupils[0].school_id)
    rows = []
    for pupil in pupils:
        received = ctx.today - timedelta(days=rng.randrange(1, 20 * 7))
        weeks = (ctx.today - received).days // 7
        decided = weeks >= 5
        rows.append(
            EHCAssessment(
                pupil=pupil,
                request_received_on=received,
                requested_by=EHCAssessment.Requester.PARENT,
                decision=EHCAssessment.Decision.ASSESS if decided else "",
                decision_on=add_weeks(received, 5) if decided else None,
                draft_served_on=add_weeks(received, 14) if weeks >= 15 else None,
                created_by=officer,
                case_officer=officer,
            )
        )
    EHCAssessment.objects.bulk_create(rows)


def _school_batch(ctx: ScaleContext, authority: ScaleAuthority, schools: list[tuple[School, int, int]]) -> int:
    """Make the pupils of these schools, each school only if it has none yet; returns pupils made."""
    have = set(
        Pupil.objects.filter(school__in=[s for s, _, _ in schools]).values_list("school_id", flat=True).distinct()
    )
    made = 0
    hubs_by_school = {hub.host_school_id: hub for hub in ctx.extra.get("mainstream_hubs", [])}
    for school, count, plans in schools:
        if school.pk in have or count == 0:
            continue
        officer = authority.officers[school.pk % len(authority.officers)]
        senco = ctx.sencos[school.pk]
        with transaction.atomic():
            pupils = _pupils(ctx, school, count, plans)
            with_plans, on_support = pupils[:plans], pupils[plans:]
            hub = hubs_by_school.get(school.pk)
            named = {p.pk: hub for p in with_plans[:16]} if hub else None
            if with_plans:
                made_plans = _plans(ctx, with_plans, officer, named)
                if hub:
                    _places(ctx, hub, made_plans[:16], officer)
            if on_support and authority.is_county:
                _support(ctx, on_support, senco)
                _open_assessments(ctx, on_support[: max(1, len(on_support) // 50)], officer)
        made += count
    return made


def _places(ctx: ScaleContext, hub, plans: list[EHCPlan], officer: User) -> None:
    """Most pupils whose plans name the hub hold a place; one is offered a place from next month."""
    rows = []
    for n, plan in enumerate(plans[:-2]):
        offered = n == 0
        starts = ctx.today + timedelta(days=30) if offered else ctx.today - timedelta(days=60 + n * 20)
        rows.append(
            Placement(
                pupil_id=plan.pupil_id,
                hub=hub,
                plan=plan,
                starts_on=starts,
                planned_end_on=starts + timedelta(days=365 * 2),
                created_by=officer,
            )
        )
    Placement.objects.bulk_create(rows)


def seed(ctx: ScaleContext) -> None:
    size = ctx.size
    county = ctx.county
    per_school = [
        (school, share(size.pupils, len(county.schools), n), share(size.ehc_plans, len(county.schools), n))
        for n, school in enumerate(county.schools)
    ]
    made = sum(_school_batch(ctx, county, batch) for batch in chunked(per_school, 50))
    ctx.say(f"{county.la.name}: {made} pupils added ({size.pupils} in all, {size.ehc_plans} with EHC plans)")
    total = 0
    for index, authority in enumerate(ctx.others):
        plans = share(size.national_plans - size.ehc_plans, size.national_authorities, index)
        rows = [
            (school, share(plans, len(authority.schools), n), share(plans, len(authority.schools), n))
            for n, school in enumerate(authority.schools)
        ]
        total += sum(_school_batch(ctx, authority, batch) for batch in chunked(rows, 50))
    if ctx.others:
        ctx.say(f"other authorities: {total} pupils with EHC plans added")
