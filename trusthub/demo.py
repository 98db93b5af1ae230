"""Demo trust SEND hub: this academic year's offer (published, with sessions, bookings,
attendance and feedback, and cadence to warn about) and next year's as a draft to publish."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from sendhub.calendar import half_terms
from sendhub.dates import academic_year
from sendhub.demo import DemoWorld, _member, _user
from sendhub.models import Role

from .models import Booking, Feedback, Offer, Session, Tier
from .offer_template import add_tiers


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def seed(world: DemoWorld) -> None:
    hub = world.extra["trust_hub"]
    today = timezone.localdate()
    year = academic_year(today)
    next_year = academic_year(date(int(year[:4]) + 1, 9, 1))
    la = world.la
    offer, _ = Offer.objects.get_or_create(hub=hub, academic_year=year)
    add_tiers(offer)
    if offer.status != Offer.Status.PUBLISHED:
        offer.status, offer.published_at, offer.published_by = (
            Offer.Status.PUBLISHED,
            timezone.now(),
            world.users["trust_lead"],
        )
        offer.save()
    offer.partner_schools.add(world.schools["community"])
    draft, _ = Offer.objects.get_or_create(hub=hub, academic_year=next_year)
    add_tiers(draft)

    # A partner school's SENCo, and more staff of school A to fill a clinic.
    partner = _user(world, "partner_senco", "senco.partner@example.org", "Nadia Hussain")
    _member(partner, Role.SENCO, school=world.schools["community"])

    tiers = {tier.kind: tier for tier in offer.tiers.all()}
    anchor, school_a, secondary = world.schools["anchor"], world.schools["a"], world.schools["secondary"]
    past = _weekday(today - timedelta(days=14))
    soon = _weekday(today + timedelta(days=14))
    later = _weekday(today + timedelta(days=35))
    terms = half_terms(year, la)
    upcoming = next((t for t in terms if t.starts_on > today), None)

    def session(kind: str, title: str, day: date, **values) -> Session:
        tier = tiers[kind]
        values.setdefault("starts_at", tier.default_starts_at)
        values.setdefault("ends_at", tier.default_ends_at)
        values.setdefault("leads", tier.leads)
        values.setdefault("venue_school", anchor)
        values.setdefault("capacity", 20)
        obj, _ = Session.objects.update_or_create(tier=tier, title=title, defaults={"day": day, **values})
        return obj

    # Only two SENCo network meetings of the three promised: a cadence warning.
    network_past = session(
        Tier.Kind.SENCO_NETWORK, "SENCo network: the graduated approach", past, venue_school=school_a
    )
    network_next = session(Tier.Kind.SENCO_NETWORK, "SENCo network: shared assessment", later, venue_school=secondary)
    for title, offset in (
        ("SENCo training: EHCP quality", 21),
        ("SENCo training: funding flows", 49),
        ("SENCo training: SEMH", 77),
    ):
        session(Tier.Kind.SENCO_TRAINING, title, _weekday(today + timedelta(days=offset)))
    for n, host in enumerate((school_a, secondary, anchor), start=1):
        session(
            Tier.Kind.CURRICULUM_VISIT,
            f"Curriculum visit {n}: {host.name}",
            _weekday(today + timedelta(days=20 * n)),
            venue_school=host,
        )
    # An INSET day with parallel sessions by strand.
    inset = session(Tier.Kind.INSET, "INSET day: adaptive teaching and communication", soon, capacity=None)
    for title, strand, start, end, places in (
        ("Scaffolding in the moment", "Adaptive teaching", time(9, 30), time(11, 0), 30),
        ("Symbol-supported systems", "Communication", time(9, 30), time(11, 0), 2),
        ("AAC in the classroom", "Communication", time(13, 0), time(14, 30), 25),
    ):
        Session.objects.update_or_create(
            tier=tiers[Tier.Kind.INSET],
            parent=inset,
            title=title,
            defaults={
                "strand": strand,
                "day": inset.day,
                "starts_at": start,
                "ends_at": end,
                "capacity": places,
                "venue_school": anchor,
                "leads": "Specialist partner team",
            },
        )
    # Two clinics in the same half term: a cadence warning. The first is full.
    if upcoming is not None:
        first = _weekday(upcoming.starts_on + timedelta(days=7))
        clinic = session(
            Tier.Kind.CLINIC, "Clinic: emotionally based school avoidance", first, capacity=2, venue_school=secondary
        )
        session(Tier.Kind.CLINIC, "Clinic: sensory profiles", _weekday(first + timedelta(days=14)), capacity=12)
        for key in ("head_a", "school_staff"):
            Booking.objects.get_or_create(
                session=clinic, person=world.users[key], status=Booking.Status.BOOKED, defaults={"school": school_a}
            )
    # School A's annual meeting is booked; Casterbridge Academy's and Egdon Heath's are not: warnings.
    session(
        Tier.Kind.ANNUAL_MEETING,
        f"Annual meeting: {school_a.name}",
        later,
        school=school_a,
        venue_school=school_a,
        capacity=2,
    )

    senco_a = world.users["senco_a"]
    attended, _ = Booking.objects.get_or_create(
        session=network_past, person=senco_a, status=Booking.Status.BOOKED, defaults={"school": school_a}
    )
    if attended.attended is None:
        attended.attended, attended.attendance_recorded_at = True, timezone.now()
        attended.save()
    Booking.objects.get_or_create(
        session=network_past,
        person=partner,
        status=Booking.Status.BOOKED,
        defaults={"school": world.schools["community"], "attended": True, "attendance_recorded_at": timezone.now()},
    )
    partner_booking = Booking.objects.get(session=network_past, person=partner, status=Booking.Status.BOOKED)
    Feedback.objects.get_or_create(booking=partner_booking, defaults={"useful": "yes", "confident": "partly"})
    Booking.objects.get_or_create(
        session=network_next, person=senco_a, status=Booking.Status.BOOKED, defaults={"school": school_a}
    )

    _advice(world)
    _reviews(world, hub)


def _advice(world: DemoWorld) -> None:
    """A case consultation about Maya (resting on her referral's consent) and a general question."""
    from pupils.models import Pupil
    from referrals.models import Consent

    from .advice import advice_ask
    from .models import AdviceRequest

    school_a = world.schools["a"]
    if AdviceRequest.objects.filter(school=school_a).exists():
        return
    maya = Pupil.objects.get(legal_first_name="Maya", legal_last_name="Thornton", school=school_a)
    consent = Consent.objects.filter(referral__pupil=maya, withdrawn_at__isnull=True).first()
    senco = world.users["senco_a"]
    advice_ask(
        actor=senco,
        school=school_a,
        kind=AdviceRequest.Kind.CASE,
        consent=consent,
        question="Maya's anxiety about transitions is rising since half term. What could we try before the hub meets?",
    )
    advice_ask(
        actor=world.users["head_a"],
        school=school_a,
        kind=AdviceRequest.Kind.GENERAL,
        question=(
            "Which assessment of phonics do the trust's schools use for pupils working well below their year group?"
        ),
    )


AREAS = [
    ("Access to learning", "Attendance, engagement, reductions in exclusions and suspensions"),
    ("Attainment and progress", "For pupils with SEND"),
    ("Quality of classroom practice", "Lesson visits, work review, access to the curriculum"),
    ("Parental confidence and pupil voice", ""),
    ("The graduated response and EHCP processes", "Their timeliness and quality"),
]
GRADES = ["Strong", "Secure", "Developing", "Needs urgent support"]


def _reviews(world: DemoWorld, hub) -> None:
    """The framework of seed 002's quality measures, and a review of school A with its action plan."""
    from .models import ActionProgress, Judgement, ReviewAction, ReviewArea, ReviewGrade, SchoolReview

    for order, (name, description) in enumerate(AREAS, start=1):
        ReviewArea.objects.get_or_create(hub=hub, name=name, defaults={"description": description, "order": order})
    for order, label in enumerate(GRADES, start=1):
        ReviewGrade.objects.get_or_create(hub=hub, label=label, defaults={"order": order})
    school_a = world.schools["a"]
    if SchoolReview.objects.filter(hub=hub, school=school_a).exists():
        return
    today = timezone.localdate()
    lead = world.users["trust_lead"]
    review = SchoolReview.objects.create(
        hub=hub,
        school=school_a,
        reviewed_on=today - timedelta(days=60),
        reviewers="Marcus Bell (trust SEND lead); a senior leader of Egdon Heath School",
        evidence="Lesson visits in six classes, SEN support plans, provision map, pupil and parent voice.",
        strengths="Adaptive teaching is consistent in key stage 1; parents feel listened to.",
        areas_for_development="Deployment of teaching assistants; timeliness of SEN support reviews.",
        created_by=lead,
    )
    grades = list(ReviewGrade.objects.filter(hub=hub))
    for n, area in enumerate(ReviewArea.objects.filter(hub=hub)):
        Judgement.objects.create(review=review, area=area, grade=grades[1 if n % 2 else 2])
    ReviewAction.objects.create(
        review=review,
        action="Audit teaching assistant deployment and agree a new model with class teachers.",
        owner="Hannah Okafor, SENCo",
        milestone_on=today - timedelta(days=10),
        evaluation_point="Lesson visits show teaching assistants supporting independence.",
    )
    on_track = ReviewAction.objects.create(
        review=review,
        action="Review every SEN support plan on time, with parents, three times a year.",
        owner="Graham Pennington, headteacher",
        milestone_on=today + timedelta(days=40),
        evaluation_point="Every plan reviewed within its cycle this term.",
    )
    ActionProgress.objects.create(
        action=on_track, rating=ActionProgress.Rating.ON_TRACK, note="Autumn reviews booked.", recorded_by=lead
    )
