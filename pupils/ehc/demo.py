"""Demo EHC cases: invented pupils at school A in every state of the statutory process, and one at school B.

Built through the services, as the local authority officer would (the SENCo adds the
school's advice), with dates relative to today. A pupil that already exists (by UPN)
is left as it is, so seeding again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from pupils.ehc import services
from pupils.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException, EHCPlan, Pupil
from pupils.records.upn import upn_check_letter
from sendhub.codes import SENProvision
from sendhub.dates import academic_year_start_year, add_weeks, add_years_clamped
from sendhub.demo import DemoWorld
from sendhub.models import School

# UPNs of the demo EHC pupils: year of issue "16", serials from 901, so they stay clear of
# other demo pupils.
UPN_YEAR = "16"
SERIALS = {
    "awaiting": 901,
    "awaiting_overdue": 902,
    "not_assessed": 903,
    "assessing": 904,
    "not_to_issue": 905,
    "draft": 906,
    "final_on_time": 907,
    "final_late": 908,
    "exception": 909,
    "amended": 910,
    "phase_transfer": 911,
    "ceased": 912,
    "review_overdue": 913,
    "review_due_soon": 914,
    "school_b": 915,
}


def demo_upn(case: str, school_laestab: str = "9903101") -> str:
    """The UPN of a demo EHC pupil (school A unless another LAESTAB is given)."""
    body = f"{school_laestab}{UPN_YEAR}{SERIALS[case]:03d}"
    return upn_check_letter(body) + body


def demo_upns() -> dict[str, str]:
    return {case: demo_upn(case, "9902102" if case == "school_b" else "9903101") for case in SERIALS}


@dataclass(frozen=True)
class DemoPupil:
    case: str
    first: str
    last: str
    year_group: int
    need: str
    born_month: int
    born_day: int


PUPILS = [
    DemoPupil("awaiting", "Amira", "Castell", 2, "SLCN", 10, 3),
    DemoPupil("awaiting_overdue", "Ben", "Hollis", 4, "SEMH", 1, 22),
    DemoPupil("not_assessed", "Cora", "Penrith", 1, "SPLD", 6, 9),
    DemoPupil("assessing", "Dev", "Anand", 3, "ASD", 4, 17),
    DemoPupil("not_to_issue", "Ellie", "Marsh", 5, "MLD", 12, 1),
    DemoPupil("draft", "Farhan", "Qureshi", 2, "ASD", 2, 28),
    DemoPupil("final_on_time", "Grace", "Liddell", 3, "SLCN", 9, 30),
    DemoPupil("final_late", "Harry", "Tolland", 4, "SEMH", 7, 12),
    DemoPupil("exception", "Isla", "Brook", 1, "HI", 5, 5),
    DemoPupil("amended", "Jack", "Ferris", 5, "ASD", 11, 19),
    DemoPupil("phase_transfer", "Kezia", "Moore", 6, "SLCN", 3, 8),
    DemoPupil("ceased", "Leo", "Grant", 5, "SPLD", 8, 2),
    DemoPupil("review_overdue", "Maya", "Singh", 4, "PD", 10, 26),
    DemoPupil("review_due_soon", "Noah", "Whitby", 3, "SEMH", 1, 15),
    DemoPupil("school_b", "Olivia", "Dunn", 2, "SLCN", 6, 30),
]


def _born(year_group: int, academic_start: int, month: int, day: int) -> date:
    """A birthday that puts the pupil in `year_group` in the academic year beginning `academic_start`."""
    year = academic_start - year_group - 5 + (1 if month < 9 else 0)
    return date(year, month, day)


def _weeks(day: date, weeks: int) -> date:
    return add_weeks(day, weeks)


class _Builder:
    def __init__(self, world: DemoWorld, today: date) -> None:
        self.world, self.today = world, today
        self.la = world.users["la_officer"]
        self.senco_a = world.users["senco_a"]
        self.hub = world.extra["hub"]
        self.school_a: School = world.schools["a"]

    def ago(self, weeks: int = 0, days: int = 0) -> date:
        return self.today - timedelta(weeks=weeks, days=days)

    def request(
        self, pupil: Pupil, received: date, by: str = EHCAssessment.Requester.PARENT, name: str = ""
    ) -> EHCAssessment:
        return services.assessment_request(
            actor=self.la, pupil=pupil, request_received_on=received, requested_by=by, requester_name=name
        )

    def assess(self, a: EHCAssessment, weeks: int) -> None:
        services.assessment_decide(
            actor=self.la,
            assessment=a,
            decision=EHCAssessment.Decision.ASSESS,
            decision_on=_weeks(a.request_received_on, weeks),
        )

    def to_final(
        self,
        pupil: Pupil,
        received: date,
        *,
        decide: int,
        draft: int,
        final: int,
        comments: int | None = None,
        hub: bool = False,
    ) -> EHCPlan:
        """An assessment from request to final plan; steps given in weeks from the request."""
        a = self.request(pupil, received)
        self.assess(a, decide)
        services.assessment_serve_draft(actor=self.la, assessment=a, draft_served_on=_weeks(received, draft))
        if comments is not None:
            services.assessment_record_comments(
                actor=self.la, assessment=a, comments_received_on=_weeks(received, comments)
            )
        services.assessment_consult_school(
            actor=self.la,
            assessment=a,
            school_consulted=self.school_a,
            school_consulted_on=_weeks(received, draft),
            school_responded_on=_weeks(received, draft) + timedelta(days=10),
        )
        return services.assessment_issue_final(
            actor=self.la,
            assessment=a,
            final_issued_on=_weeks(received, final),
            named_hub=self.hub if hub else None,
            named_school=None if hub else self.school_a,
        )

    def school_advice(
        self, *, assessment: EHCAssessment | None = None, review: AnnualReview | None = None, given_on: date, text: str
    ) -> None:
        services.advice_add(
            actor=self.senco_a,
            source=EHCAdvice.Source.SCHOOL,
            advice=text,
            given_on=given_on,
            assessment=assessment,
            review=review,
        )


def _cases(b: _Builder) -> dict[str, Callable[[Pupil], None]]:
    la = b.la

    def awaiting(p: Pupil) -> None:
        b.request(p, b.ago(weeks=3), EHCAssessment.Requester.SCHOOL, "St Aldhelm's CE Primary School")

    def awaiting_overdue(p: Pupil) -> None:
        b.request(p, b.ago(weeks=8), EHCAssessment.Requester.PARENT, "Mrs R Hollis")

    def not_assessed(p: Pupil) -> None:
        a = b.request(p, b.ago(weeks=20))
        services.assessment_decide(
            actor=la,
            assessment=a,
            decision=EHCAssessment.Decision.NOT_ASSESS,
            decision_on=_weeks(a.request_received_on, 5),
        )

    def assessing(p: Pupil) -> None:
        a = b.request(p, b.ago(weeks=10), EHCAssessment.Requester.SCHOOL)
        b.assess(a, 5)
        b.school_advice(
            assessment=a,
            given_on=b.ago(weeks=3),
            text=(
                "Dev is working at the expected standard in reading but finds unstructured times very hard. He has a "
                "visual timetable and a daily check-in with a teaching assistant, and still leaves the "
                "classroom two or "
                "three times a week. We think he needs a small, calm space for part of the day."
            ),
        )
        services.advice_add(
            actor=la,
            source=EHCAdvice.Source.EDUCATIONAL_PSYCHOLOGIST,
            given_on=b.ago(weeks=2),
            assessment=a,
            advice=(
                "Observed in class and at lunchtime. Dev's anxiety rises quickly with noise and change. "
                "Recommendations: "
                "a predictable routine, advance warning of changes, and access to a low-stimulus space."
            ),
        )

    def not_to_issue(p: Pupil) -> None:
        a = b.request(p, b.ago(weeks=25))
        b.assess(a, 6)
        services.assessment_decline_to_issue(actor=la, assessment=a, not_to_issue_on=_weeks(a.request_received_on, 15))

    def draft(p: Pupil) -> None:
        a = b.request(p, b.ago(weeks=16), EHCAssessment.Requester.PARENT, "Mr S Qureshi")
        b.assess(a, 5)
        services.assessment_serve_draft(actor=la, assessment=a, draft_served_on=b.ago(days=5))
        services.assessment_consult_school(
            actor=la, assessment=a, school_consulted=b.school_a, school_consulted_on=b.ago(days=5)
        )

    def final_on_time(p: Pupil) -> None:
        b.to_final(p, b.ago(weeks=40), decide=5, draft=14, comments=15, final=19, hub=True)

    def final_late(p: Pupil) -> None:
        b.to_final(p, b.ago(weeks=60), decide=7, draft=18, final=23)

    def exception(p: Pupil) -> None:
        received = b.ago(weeks=50)
        a = b.request(p, received)
        b.assess(a, 6)
        services.exception_add(
            actor=la,
            assessment=a,
            kind=EHCException.Kind.PERSONAL_CIRCUMSTANCES,
            starts_on=_weeks(received, 8),
            ends_on=_weeks(received, 14),
            reason="A close family member was seriously ill; the family asked to pause appointments for six weeks.",
        )
        services.assessment_serve_draft(actor=la, assessment=a, draft_served_on=_weeks(received, 20))
        services.assessment_issue_final(
            actor=la, assessment=a, final_issued_on=_weeks(received, 24), named_school=b.school_a
        )

    def amended(p: Pupil) -> None:
        plan = b.to_final(p, b.ago(weeks=90), decide=5, draft=14, comments=15, final=19)
        review = services.review_add(
            actor=la,
            plan=plan,
            meeting_on=b.ago(weeks=20),
            notice_given_on=b.ago(weeks=23),
            advice_circulated_on=b.ago(weeks=22),
        )
        services.review_record(actor=la, review=review, report_sent_on=b.ago(weeks=18))
        services.review_record(
            actor=la, review=review, decision=AnnualReview.Decision.AMEND, decision_on=b.ago(weeks=17)
        )
        services.review_record(actor=la, review=review, amendment_notice_on=b.ago(weeks=17))
        services.review_record(
            actor=la, review=review, amended_plan_issued_on=b.ago(weeks=10), new_named_school=None, new_named_hub=b.hub
        )

    def phase_transfer(p: Pupil) -> None:
        plan = b.to_final(p, b.ago(weeks=80), decide=5, draft=15, final=20)
        first = services.review_add(
            actor=la,
            plan=plan,
            meeting_on=b.ago(weeks=30),
            notice_given_on=b.ago(weeks=33),
            advice_circulated_on=b.ago(weeks=33),
        )
        services.review_record(
            actor=la,
            review=first,
            report_sent_on=b.ago(weeks=29),
            decision=AnnualReview.Decision.MAINTAIN,
            decision_on=b.ago(weeks=28),
        )
        # Year 6 this academic year: the move to secondary school is next September.
        services.plan_set_transfer(
            actor=la, plan=plan, transfer_year=academic_year_start_year(b.today) + 1, transfer_to_post16=False
        )
        review = services.review_add(
            actor=la, plan=plan, meeting_on=b.ago(weeks=3), notice_given_on=b.ago(weeks=6), is_phase_transfer=True
        )
        b.school_advice(
            review=review,
            given_on=b.ago(weeks=4),
            text=(
                "Kezia has settled well with the hub's speech and language sessions. For secondary school "
                "she will need "
                "a named key adult and visits before September."
            ),
        )
        # The report is late and the decision is due: both still to record.

    def ceased(p: Pupil) -> None:
        plan = b.to_final(p, b.ago(weeks=160), decide=6, draft=14, final=18)
        first = services.review_add(actor=la, plan=plan, meeting_on=b.ago(weeks=95))
        services.review_record(
            actor=la,
            review=first,
            report_sent_on=b.ago(weeks=94),
            decision=AnnualReview.Decision.MAINTAIN,
            decision_on=b.ago(weeks=93),
        )
        second = services.review_add(actor=la, plan=plan, meeting_on=b.ago(weeks=50), notice_given_on=b.ago(weeks=53))
        services.review_record(
            actor=la,
            review=second,
            report_sent_on=b.ago(weeks=49),
            decision=AnnualReview.Decision.CEASE,
            decision_on=b.ago(weeks=47),
        )

    def review_overdue(p: Pupil) -> None:
        b.to_final(p, b.ago(weeks=80), decide=6, draft=16, final=20)

    def review_due_soon(p: Pupil) -> None:
        issued = add_years_clamped(b.today, -1) + timedelta(weeks=4)
        b.to_final(p, _weeks(issued, -18), decide=5, draft=14, final=18)

    def school_b(p: Pupil) -> None:
        a = b.request(p, b.ago(weeks=9), EHCAssessment.Requester.SCHOOL, "Melchester Primary Academy")
        b.assess(a, 4)

    return {
        "awaiting": awaiting,
        "awaiting_overdue": awaiting_overdue,
        "not_assessed": not_assessed,
        "assessing": assessing,
        "not_to_issue": not_to_issue,
        "draft": draft,
        "final_on_time": final_on_time,
        "final_late": final_late,
        "exception": exception,
        "amended": amended,
        "phase_transfer": phase_transfer,
        "ceased": ceased,
        "review_overdue": review_overdue,
        "review_due_soon": review_due_soon,
        "school_b": school_b,
    }


def seed_ehc(world: DemoWorld) -> None:
    today = timezone.localdate()
    builder = _Builder(world, today)
    cases = _cases(builder)
    upns = demo_upns()
    start = academic_year_start_year(today)
    for demo in PUPILS:
        upn = upns[demo.case]
        if Pupil.objects.filter(upn=upn).exists():
            continue
        pupil = Pupil.objects.create(
            upn=upn,
            legal_first_name=demo.first,
            legal_last_name=demo.last,
            date_of_birth=_born(demo.year_group, start, demo.born_month, demo.born_day),
            school=world.schools["b" if demo.case == "school_b" else "a"],
            year_group=str(demo.year_group),
            sen_provision=SENProvision.SEN_SUPPORT,
            primary_need=demo.need,
        )
        cases[demo.case](pupil)
