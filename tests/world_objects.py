"""Named demo records that routes need in their URLs, found by their natural keys.

Each app adds its records here as it lands, so the matrix and the crawl can build URLs.
"""

from datetime import timedelta
from typing import Any

from hubs.models import CommissioningAgreement, GiasImport, Hub
from pupils.models import Contact, Placement, Pupil, PupilImport, SupportCycle
from pupils.records.imports import import_check
from referrals.models import AgendaItem, Meeting, Referral
from sendhub.models import LocalAuthority, School, User

PUPIL_IMPORT_CSV = b"UPN,Forename,Surname,Date of birth,Year,SEN provision,Primary need\n"


def load() -> dict[str, Any]:
    school_a = School.objects.get(urn="990101")
    maya = Pupil.objects.get(legal_first_name="Maya", legal_last_name="Thornton", school=school_a)
    open_cycle = SupportCycle.objects.get(pupil=maya, reviewed_on__isnull=True)
    senco_a = User.objects.get(email="senco.a@example.org")
    batch = PupilImport.objects.filter(school=school_a).first() or import_check(
        actor=senco_a,
        school=school_a,
        filename="demo.csv",
        raw=PUPIL_IMPORT_CSV + b"A990310119901,Test,Importer,01/02/2018,3,K,SLCN\n",
    )
    hub = Hub.objects.get(kind=Hub.Kind.MAINSTREAM, host_school=school_a)

    def referral(first_name: str, status: str) -> Referral:
        return Referral.objects.get(pupil__legal_first_name=first_name, pupil__school=school_a, status=status)

    meetings = Meeting.objects.filter(district__name="Casterbridge", kind=Meeting.Kind.HUB).order_by("starts_at")
    # The meeting that first discussed Harry and the latest one (the dashboards' demo adds two
    # more past meetings for other cases, before and after the earlier one).
    earlier = (
        AgendaItem.objects.filter(meeting__in=meetings, referral__pupil__legal_first_name="Harry")
        .order_by("meeting__starts_at")
        .first()
        .meeting
    )
    recent = meetings.last()

    def item(meeting: Meeting, first_name: str) -> AgendaItem:
        return AgendaItem.objects.get(
            meeting=meeting, referral__pupil__legal_first_name=first_name, removed_at__isnull=True
        )

    return {
        "meeting_recent": recent,
        "meeting_earlier": earlier,
        "item_maya": item(recent, "Maya"),
        "item_harry": item(recent, "Harry"),
        "item_isla": item(recent, "Isla"),
        "item_harry_earlier": item(earlier, "Harry"),
        "referral_accepted": referral("Maya", Referral.Status.ACCEPTED),
        "referral_submitted": referral("Oliver", Referral.Status.SUBMITTED),
        "referral_draft": referral("Zainab", Referral.Status.DRAFT),
        "referral_more_information": referral("Finley", Referral.Status.MORE_INFORMATION),
        "hub": hub,
        "agreement": CommissioningAgreement.objects.get(hub=hub, academic_year="2026/27"),
        "placement": Placement.objects.filter(hub=hub, ended_on__isnull=True).order_by("starts_on", "pk").first(),
        "school_a": school_a,
        "school_b": School.objects.get(urn="990102"),
        "pupil_a": maya,
        "contact_a": Contact.objects.get(pupil=maya, name="Jo Whitlock"),
        "cycle_a": open_cycle,
        "outcome_a": open_cycle.outcomes.first(),
        "provision_a": open_cycle.provisions.first(),
        "import_a": batch,
        "gias_import_a": _gias_import(User.objects.get(email="la.officer@example.org")),
        **_ehc(),
        **_consultations(),
        **_calendar(),
        **_trusthub(),
    }


# --- EHC: demo cases from pupils/demo_ehc.py, by their pupils' UPNs --------------------------


def _ehc() -> dict[str, Any]:
    from pupils.ehc.demo import demo_upns
    from pupils.models import AnnualReview, EHCAssessment, EHCPlan, Pupil

    upns = demo_upns()
    return {
        # Decided not to assess: a new request can be recorded.
        "ehc_pupil_for_request": Pupil.objects.get(upn=upns["not_assessed"]),
        "ehc_awaiting": EHCAssessment.objects.get(pupil__upn=upns["awaiting"]),
        "ehc_assessing": EHCAssessment.objects.get(pupil__upn=upns["assessing"]),
        "ehc_draft": EHCAssessment.objects.get(pupil__upn=upns["draft"]),
        "ehc_plan_naming_hub": EHCPlan.objects.get(pupil__upn=upns["final_on_time"]),
        "ehc_plan_with_transfer": EHCPlan.objects.get(pupil__upn=upns["phase_transfer"]),
        "ehc_review_amended": AnnualReview.objects.get(plan__pupil__upn=upns["amended"]),
        "ehc_review_transfer": AnnualReview.objects.get(
            plan__pupil__upn=upns["phase_transfer"], is_phase_transfer=True
        ),
    }


def _consultations() -> dict[str, Any]:
    from consultations import demo
    from consultations.models import Answer, Consultation, Question

    closed = Consultation.objects.get(slug=demo.CLOSED_SLUG)
    draft = Consultation.objects.get(slug=demo.DRAFT_SLUG)
    response = closed.responses.get(reference=demo.CLOSED_RESPONSES[0][0])
    open_document = Consultation.objects.get(slug=demo.OPEN_SLUG).documents.first()
    return {
        "consultation_open": Consultation.objects.get(slug=demo.OPEN_SLUG),
        "consultation_closed": closed,
        "consultation_draft": draft,
        "draft_question": draft.questions.first(),
        "open_document": open_document,
        "closed_response": response,
        "closed_text_answer": Answer.objects.get(response=response, question__kind=Question.Kind.FREE_TEXT),
        **_downloads(closed),
    }


def _downloads(closed) -> dict[str, Any]:
    """The head of school A's responses CSV: one ready, one still waiting for the worker."""
    from consultations.exports import KIND
    from sendhub.downloads.services import download_prepare, download_request
    from sendhub.models import PreparedDownload

    head = User.objects.get(email="head.a@example.org")
    ready = download_request(actor=head, kind=KIND, params={"consultation": closed.pk})
    download_prepare(download_id=ready.pk)
    queued = PreparedDownload.objects.create(
        requested_by=head,
        kind=KIND,
        params={"consultation": closed.pk},
        title=ready.title,
        filename=ready.filename,
        noun=ready.noun,
        back_url=ready.back_url,
        expires_at=ready.expires_at,
    )
    return {"download_ready": PreparedDownload.objects.get(pk=ready.pk), "download_queued": queued}


def _gias_import(la_officer: User) -> GiasImport:
    """A finished GIAS import by the Wessex LA officer, with skipped rows for the table."""
    record = GiasImport.objects.filter(uploaded_by=la_officer).first()
    if record is None:
        record = GiasImport.objects.create(
            uploaded_by=la_officer,
            filename="edubasealldata20261101.csv",
            status=GiasImport.Status.DONE,
            rows=4,
            created=1,
            updated=1,
            unchanged=0,
            skipped=2,
            skipped_rows=[
                {"row": 3, "urn": "", "reason": "No URN"},
                {"row": 5, "urn": "999012", "reason": "belongs to another local authority"},
            ],
        )
        record.local_authorities.set([LocalAuthority.objects.get(code="990")])
    return record


# --- Calendar (issue 7): Wessex (990) keeps England's default dates in the demo, except for the
# year after next, where the world gives it dates of its own (so the pages that change or reset
# an authority's own dates have something to show).


def _calendar() -> dict[str, Any]:
    from django.utils import timezone

    from sendhub.calendar.selectors import default_half_terms, school_year
    from sendhub.calendar.services import half_terms_set
    from sendhub.dates import academic_year

    wessex = LocalAuthority.objects.get(code="990")
    start = int(academic_year(timezone.localdate())[:4])
    this_year, own_year = f"{start}/{(start + 1) % 100:02d}", f"{start + 2}/{(start + 3) % 100:02d}"
    if school_year(own_year, wessex).set_by is None:
        dates = [(term.starts_on, term.ends_on) for term in default_half_terms(own_year)]
        # A week's later start in September: different from England's defaults.
        dates[0] = (dates[0][0] + timedelta(days=7), dates[0][1])
        half_terms_set(
            actor=User.objects.get(email="la.officer@example.org"),
            local_authority=wessex,
            academic_year=own_year,
            dates=dates,
        )
    return {"wessex": wessex, "calendar_this_year": this_year, "calendar_own_year": own_year}


# --- Trust SEND hub (trusthub/demo.py): this year's published offer, next year's draft ------


def _trusthub() -> dict[str, Any]:
    from trusthub.models import Booking, Offer, Session, Tier

    offers = Offer.objects.filter(hub__trust__gias_code="TR90001").order_by("academic_year")
    current, draft = offers[0], offers[1]

    def session(title: str) -> Session:
        return Session.objects.get(tier__offer=current, title=title)

    network_next = session("SENCo network: shared assessment")
    network_past = session("SENCo network: the graduated approach")
    from trusthub.models import AdviceRequest, ReviewAction, SchoolReview

    review = SchoolReview.objects.get(school__urn="990101")
    return {
        "trust_hub": current.hub,
        "advice_case": AdviceRequest.objects.get(kind=AdviceRequest.Kind.CASE, pupil__legal_first_name="Maya"),
        "trust_review": review,
        "trust_review_action": review.actions.filter(status=ReviewAction.Status.OPEN).order_by("milestone_on").first(),
        "trust_offer": current,
        "trust_offer_draft": draft,
        "trust_tier_clinic": Tier.objects.get(offer=current, kind=Tier.Kind.CLINIC),
        "trust_session": network_next,
        "trust_session_past": network_past,
        "trust_inset_day": Session.objects.get(tier__offer=current, title__startswith="INSET day"),
        "trust_parallel": session("AAC in the classroom"),
        "trust_booking": Booking.objects.get(session=network_next, person__email="senco.a@example.org"),
        "trust_booking_past": Booking.objects.get(session=network_past, person__email="senco.a@example.org"),
    }
