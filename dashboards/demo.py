"""Demo figures for the dashboards (all invented): census-day snapshots for the last three
academic years, an invented copy of the published LA-level timeliness file and invented
statistical neighbours for Wessex, so that the trends and the benchmarks have something to show.
Counts only; no pupil."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db.models import Count, Q
from django.utils import timezone

from dashboards.forms import read_timeliness_csv
from dashboards.models import CensusSnapshot, StatisticalNeighbour
from dashboards.neighbours import known_codes, read_neighbours_csv
from dashboards.services import census_days, statistical_neighbours_import, timeliness_import
from pupils.ehc import services as ehc_services
from pupils.models import Contact, EHCAssessment, Pupil, SupportCycle, SupportProvision
from pupils.records.upn import upn_check_letter
from pupils.support.services import support_facts_refresh
from referrals.models import Meeting, Referral
from sendhub.dates import LONDON, academic_year, add_years_clamped
from sendhub.demo import DemoWorld

DEMO_FILE = Path(__file__).parent / "data" / "ehcp_timeliness_demo.csv"
# Wessex's invented statistical neighbours, all in the demo timeliness file.
NEIGHBOURS_FILE = Path(__file__).parent / "data" / "statistical_neighbours_demo.csv"


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    counts = {
        row["school_id"]: row
        for row in Pupil.objects.order_by()
        .values("school_id")
        .annotate(
            e=Count("pk", filter=Q(sen_provision="E")),
            k=Count("pk", filter=Q(sen_provision="K")),
            n=Count("pk", filter=Q(sen_provision="N")),
        )
    }
    days: list[tuple[date, str]] = []
    for year in range(today.year - 3, today.year + 1):
        days += [(day, term) for day, term in census_days(year).items() if day < today]
    oldest = int(academic_year(today)[:4]) - 2
    days = [(day, term) for day, term in days if int(academic_year(day)[:4]) >= oldest]
    rows = []
    for steps_back, (day, term) in enumerate(sorted(days, reverse=True)):
        for school_id, row in counts.items():
            # Fewer plans and more SEN support further back, as the national trend went the other way.
            rows.append(
                CensusSnapshot(
                    school_id=school_id,
                    taken_on=day,
                    academic_year=academic_year(day),
                    term=term,
                    ehc_plan=max(0, row["e"] - steps_back // 2),
                    sen_support=row["k"] + steps_back // 3,
                    no_sen=row["n"],
                )
            )
    CensusSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    published, problems = read_timeliness_csv(DEMO_FILE.read_bytes())
    if not problems:
        timeliness_import(rows=published, filename=DEMO_FILE.name)
    if not StatisticalNeighbour.objects.exists():
        neighbours, problems = read_neighbours_csv(NEIGHBOURS_FILE.read_bytes(), known_codes())
        if not problems:
            statistical_neighbours_import(neighbours=neighbours)
    seed_figures(world)


def seed_figures(world: DemoWorld) -> None:
    """What the other apps' demos leave at nought on a dashboard, added with invented people:
    an overdue SEN support review, an assessment past 20 weeks, two Casterbridge cases whose
    actions were reviewed (one worked and closed, one escalated), training feedback from school A
    and a school review action done. Runs once (the pupils' UPNs mark it)."""
    school = world.schools["a"]
    if Pupil.objects.filter(upn=_demo_upn(school, 40)).exists():
        return
    today = timezone.localdate()
    senco = world.users["senco_a"]
    leo = _pupil(school, 40, "Leo", "Barnes", today, "SEMH")
    poppy = _pupil(school, 41, "Poppy", "Ashdown", today, "ASD")
    isaac = _pupil(school, 42, "Isaac", "Penrose", today, "SLCN")
    cycle = SupportCycle.objects.create(
        pupil=leo,
        started_on=today - timedelta(days=100),
        needs="Leo finds it hard to settle after break times and to start written work.",
        responsible="Mrs Hale, class teacher",
        review_date=today - timedelta(days=14),
        created_by=senco,
    )
    SupportProvision.objects.create(
        cycle=cycle,
        description="Check-in with a key adult after break",
        frequency="Every day",
        cost_per_year=Decimal("1200"),
    )
    support_facts_refresh(pupils=[leo.pk])  # the pupil's maintained support facts (written directly here)
    _assessment_overdue(world, isaac, today)
    _cases_reviewed(world, [leo, poppy])
    _trust_hub_figures(world, today)


def _demo_upn(school, serial: int) -> str:
    body = f"{school.laestab}17{serial:03d}"
    return upn_check_letter(body) + body


def _pupil(school, serial: int, first: str, last: str, today: date, need: str) -> Pupil:
    pupil = Pupil.objects.create(
        upn=_demo_upn(school, serial),
        legal_first_name=first,
        legal_last_name=last,
        date_of_birth=add_years_clamped(today, -8),
        school=school,
        year_group="3",
        sen_provision="K",
        primary_need=need,
    )
    Contact.objects.create(
        pupil=pupil,
        name=f"Alex {last}",
        relationship=Contact.Relationship.CARER,
        has_parental_responsibility=True,
        email=f"alex.{last.lower()}@example.net",
    )
    return pupil


def _assessment_overdue(world: DemoWorld, pupil: Pupil, today: date) -> None:
    """Requested 24 weeks ago, agreed at 6 weeks, no plan yet: overdue now."""
    la = world.users["la_officer"]
    received = today - timedelta(weeks=24)
    assessment = ehc_services.assessment_request(
        actor=la, pupil=pupil, request_received_on=received, requested_by=EHCAssessment.Requester.SCHOOL
    )
    ehc_services.assessment_decide(
        actor=la,
        assessment=assessment,
        decision=EHCAssessment.Decision.ASSESS,
        decision_on=received + timedelta(weeks=6),
    )


def _cases_reviewed(world: DemoWorld, pupils: list[Pupil]) -> None:
    """Discussed at a meeting before the demo's held one, reviewed at another after it: one case's
    actions worked and it closed, the other's did not and it went to the Locality Management Group."""
    from referrals.demo import CONTENT, _meeting, _past_meeting_day, _verbal
    from referrals.intake import services as intake
    from referrals.meetings import services as meetings

    district = world.districts["Casterbridge"]
    coordinator, senco = world.users["coordinator"], world.users["senco_a"]
    held = Meeting.objects.filter(district=district, status=Meeting.Status.HELD).order_by("starts_at").first()
    if held is None:
        return
    held_day = timezone.localtime(held.starts_at).date()
    first_day = _past_meeting_day(held_day - timedelta(days=28))
    review_day = _past_meeting_day(held_day + timedelta(days=14))
    first, review = _meeting(world, district, first_day), _meeting(world, district, review_day)
    referrals = []
    for pupil, waited in zip(pupils, (16, 9), strict=True):
        referral = intake.referral_start(actor=senco, pupil=pupil)
        intake.referral_update(
            actor=senco,
            referral=referral,
            support_tried="One cycle of SEN support.",
            **{field: text.format(name=pupil.legal_first_name) for field, text in CONTENT.items()},
        )
        _verbal(world, referral, pupil.contacts.first())
        intake.referral_submit(actor=senco, referral=referral)
        intake.referral_accept(actor=coordinator, referral=referral)
        Referral.objects.filter(pk=referral.pk).update(
            submitted_at=datetime.combine(first_day - timedelta(days=waited), time(10), tzinfo=LONDON)
        )
        referrals.append(referral)
    items = [meetings.agenda_add_case(meeting=first, referral=r, kind="new", actor=coordinator) for r in referrals]
    later = [meetings.agenda_add_case(meeting=review, referral=r, kind="review", actor=coordinator) for r in referrals]
    for item in items:
        meetings.discussion_record(
            actor=coordinator,
            item=item,
            present=list(first.invitees.all()),
            others_present="Hannah Okafor, SENCo",
            discussion="The panel heard what the school has tried and what the family hope for.",
            strategies="A key adult at break times; a visual timetable.",
            parent_summary="The team agreed some steps with the school and will check how they went.",
        )
        meetings.action_add(
            actor=coordinator,
            item=item,
            description="Set up a key adult check-in after break",
            owner="Mrs Hale, class teacher",
            agency="school",
            due_on=review_day,
        )
    for item, (review_outcome, decision) in zip(
        later, (("worked", "close"), ("did_not_work", "escalate")), strict=True
    ):
        meetings.discussion_record(
            actor=coordinator,
            item=item,
            present=list(review.invitees.all()),
            others_present="Hannah Okafor, SENCo",
            discussion="The panel heard how the agreed steps went.",
            strategies="",
            parent_summary="The team looked at how the agreed steps went and decided what happens next.",
        )
        due = list(meetings.open_actions_for(item))
        meetings.actions_review(
            actor=coordinator, item=item, reviews={a.pk: (review_outcome, "As the school reported.") for a in due}
        )
        meetings.case_decide(actor=coordinator, item=item, outcome=decision)


def _trust_hub_figures(world: DemoWorld, today: date) -> None:
    """School A's headteacher attended the past network meeting and gave feedback; a review action done."""
    from trusthub.models import Booking, Feedback, ReviewAction, SchoolReview

    school = world.schools["a"]
    attended = Booking.objects.filter(school=school, attended=True).select_related("session").first()
    if attended is not None:
        booking, _ = Booking.objects.get_or_create(
            session=attended.session,
            person=world.users["head_a"],
            status=Booking.Status.BOOKED,
            defaults={"school": school, "attended": True, "attendance_recorded_at": timezone.now()},
        )
        Feedback.objects.get_or_create(booking=booking, defaults={"useful": "yes", "confident": "yes"})
    review = SchoolReview.objects.filter(school=school).first()
    if review is not None:
        ReviewAction.objects.create(
            review=review,
            action="Publish an updated SEN information report on the school's website.",
            owner="Hannah Okafor, SENCo",
            milestone_on=today - timedelta(days=30),
            evaluation_point="The report names the hub and the support on offer.",
            status=ReviewAction.Status.DONE,
        )
