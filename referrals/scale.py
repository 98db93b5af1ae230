"""The referrals app's part of a scale data set (see sendhub/scale.py).

In the county: a hub panel meeting every half term for five academic years in every district
(held in the past, scheduled ahead), and `size.referrals` referrals to the district hubs from the
scale schools' pupils on SEN support, spread over those years, each with the parent's verbal
consent. Referrals of past half terms were discussed at their district's next meeting, with two
actions each, reviewed at the meeting after; some closed, some escalated, some still open. This
year's are submitted, waiting for more information or accepted for the next meeting. Invented,
set-based (bulk inserts), and topped up to the size asked for when run again.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction

from hubs.models import Hub
from pupils.models import Contact, Pupil
from sendhub.calendar.selectors import half_terms
from sendhub.dates import LONDON, academic_year
from sendhub.scale import ScaleContext, chunked

from .meetings.services import first_discussed_refresh
from .models import Action, AgendaItem, CaseDiscussion, Consent, Meeting, Referral, ReferralEvent

YEARS = 5
TUESDAY = 1


def _meeting_day(starts_on: date) -> date:
    day = starts_on + timedelta(weeks=3)
    return day + timedelta(days=(TUESDAY - day.weekday()) % 7)


def _meetings(ctx: ScaleContext, district, hub_creator) -> list[Meeting]:
    """One hub panel meeting per half term for the last five academic years and this one, made once."""
    wanted: dict[tuple[str, int], date] = {}
    for back in range(YEARS - 1, -1, -1):
        label = academic_year(date(ctx.today.year - back, ctx.today.month, 1))
        for term in half_terms(label):
            wanted[(label, term.number)] = _meeting_day(term.starts_on)
    have = {
        (m.academic_year, m.half_term): m
        for m in Meeting.objects.filter(
            district=district, kind=Meeting.Kind.HUB, academic_year__in={k[0] for k in wanted}
        )
    }
    new = [
        Meeting(
            district=district,
            kind=Meeting.Kind.HUB,
            academic_year=label,
            half_term=number,
            starts_at=datetime.combine(day, time(13, 30), tzinfo=LONDON),
            ends_at=datetime.combine(day, time(16, 0), tzinfo=LONDON),
            location=f"{district.name} Education Centre",
            status=Meeting.Status.HELD if day < ctx.today else Meeting.Status.SCHEDULED,
            created_by=hub_creator,
        )
        for (label, number), day in wanted.items()
        if (label, number) not in have
    ]
    Meeting.objects.bulk_create(new)
    return sorted([*have.values(), *new], key=lambda m: m.starts_at)


def seed(ctx: ScaleContext) -> None:
    county = ctx.county
    officer = county.officers[0]
    school_ids = [s.pk for s in county.schools]
    already = Referral.objects.filter(school_id__in=school_ids).count()
    wanted = ctx.size.referrals - already
    hubs = {h.district_id: h for h in Hub.objects.filter(kind=Hub.Kind.DISTRICT, district__in=ctx.districts)}
    meetings = {district.pk: _meetings(ctx, district, officer) for district in ctx.districts if district.pk in hubs}
    if wanted <= 0:
        ctx.say(f"{already} referrals already there")
        return
    rng = ctx.rng("referrals", already)
    candidates = list(
        Pupil.objects.filter(school_id__in=school_ids, sen_provision="K", school__district_id__in=list(meetings))
        .exclude(referrals__isnull=False)
        .order_by("pk")
        .values_list("pk", "school_id", "school__district_id")[: wanted * 3]
    )
    rng.shuffle(candidates)
    made = 0
    for batch in chunked(candidates[:wanted], 500):
        with transaction.atomic():
            made += _referral_batch(ctx, rng, batch, hubs, meetings)
    ctx.say(f"{made} referrals added ({ctx.size.referrals} in all), with meetings, discussions and actions")


def _referral_batch(ctx, rng, batch, hubs, meetings) -> int:
    today = ctx.today
    contacts = Contact.objects.bulk_create(
        Contact(
            pupil_id=pupil_id,
            name=f"Parent {rng.randint(1000, 9999)} Sample",
            relationship=Contact.Relationship.MOTHER if n % 2 else Contact.Relationship.FATHER,
            has_parental_responsibility=True,
        )
        for n, (pupil_id, _school, _district) in enumerate(batch)
    )
    referrals, plans = [], []
    for (pupil_id, school_id, district_id), contact in zip(batch, contacts, strict=True):
        district_meetings = meetings[district_id]
        held = [m for m in district_meetings if m.status == Meeting.Status.HELD]
        # Spread over five years: the meeting the referral went to (or none yet).
        at = rng.randrange(len(held) + 2)
        first = held[at] if at < len(held) else None
        submitted = (first.starts_at if first else datetime.combine(today, time(10), tzinfo=LONDON)) - timedelta(
            days=rng.randint(5, 40)
        )
        if first is None:
            status = rng.choice([Referral.Status.SUBMITTED, Referral.Status.MORE_INFORMATION, Referral.Status.ACCEPTED])
        else:
            later = district_meetings[district_meetings.index(first) + 1 :]
            if later and later[0].status == Meeting.Status.HELD:
                status = rng.choice([Referral.Status.CLOSED, Referral.Status.CLOSED, Referral.Status.ESCALATED])
            else:
                status = Referral.Status.DISCUSSED
        referrals.append(
            Referral(
                pupil_id=pupil_id,
                school_id=school_id,
                hub=hubs[district_id],
                status=status,
                concern="Progress in reading and in managing change has stalled despite support.",
                needs="Speech, language and communication; anxiety at transitions.",
                support_tried="Small-group phonics, visual timetable, a key adult at the start of the day.",
                outcomes_hoped="Reads with confidence; settles within ten minutes of arrival.",
                parent_views="The family would like advice on routines at home.",
                created_by=ctx.sencos[school_id],
                created_at=submitted - timedelta(days=2),
                submitted_at=submitted,
            )
        )
        plans.append((first, contact))
    Referral.objects.bulk_create(referrals)
    Consent.objects.bulk_create(
        Consent(
            referral=referral,
            given_by_contact=contact,
            method=Consent.Method.VERBAL,
            given_on=(referral.submitted_at - timedelta(days=1)).date(),
            covers_education=True,
            covers_health=True,
            covers_social_care=rng.random() < 0.7,
            taken_by="The school's SENCo",
            taken_at=referral.submitted_at - timedelta(days=1),
            explained="What the hub is, who sits on the panel and what they will see.",
            recorded_by=referral.created_by,
            recorded_at=referral.submitted_at - timedelta(days=1),
        )
        for referral, (_first, contact) in zip(referrals, plans, strict=True)
    )
    ReferralEvent.objects.bulk_create(
        ReferralEvent(
            referral=referral,
            at=referral.submitted_at,
            actor=referral.created_by,
            status=Referral.Status.SUBMITTED,
            title="Referral submitted",
        )
        for referral in referrals
    )
    _discussions(ctx, rng, referrals, plans, meetings)
    return len(referrals)


def _next_meeting(meetings, meeting) -> Meeting | None:
    district_meetings = meetings[meeting.district_id]
    later = district_meetings[district_meetings.index(meeting) + 1 :]
    return later[0] if later else None


def _discuss(items: list[tuple[AgendaItem, Referral, Meeting, str]]) -> list[CaseDiscussion]:
    AgendaItem.objects.bulk_create(item for item, _r, _m, _o in items)
    return CaseDiscussion.objects.bulk_create(
        CaseDiscussion(
            agenda_item=item,
            referral=referral,
            discussion="The panel heard the school's account and the family's views.",
            strategies="Visual timetable at home and school; speech and language advice.",
            outcome=outcome,
            parent_summary="The panel agreed some ideas to try at home and at school, and will look again next time.",
            recorded_by=meeting.created_by,
            recorded_at=meeting.ends_at,
        )
        for item, referral, meeting, outcome in items
    )


def _discussions(ctx, rng, referrals, plans, meetings) -> None:
    """Each discussed referral: a first discussion (continue) with two actions; closed and escalated
    ones were discussed again at the next meeting, which reviewed the actions and decided."""
    firsts, seconds = [], []
    for referral, (first, _contact) in zip(referrals, plans, strict=True):
        if first is None:
            continue
        item = AgendaItem(meeting=first, referral=referral, kind=AgendaItem.Kind.NEW, position=1)
        firsts.append((item, referral, first, CaseDiscussion.Outcome.CONTINUE))
        if referral.status in (Referral.Status.CLOSED, Referral.Status.ESCALATED):
            after = _next_meeting(meetings, first)
            outcome = (
                CaseDiscussion.Outcome.CLOSE
                if referral.status == Referral.Status.CLOSED
                else CaseDiscussion.Outcome.ESCALATE
            )
            seconds.append(
                (
                    AgendaItem(meeting=after, referral=referral, kind=AgendaItem.Kind.REVIEW, position=2),
                    referral,
                    after,
                    outcome,
                )
            )
    first_discussions = _discuss(firsts)
    reviewed_by = {d.referral_id: d for d in _discuss(seconds)}
    # The kept date of each referral's first discussion, as discussion_record keeps it.
    first_discussed_refresh(referral.pk for _item, referral, _m, _o in firsts)
    reviews = [Action.Review.WORKED, Action.Review.PARTLY, Action.Review.DID_NOT_WORK, Action.Review.NOT_DONE]
    actions = []
    for discussion, (_item, referral, first, _outcome) in zip(first_discussions, firsts, strict=True):
        after = _next_meeting(meetings, first)
        review = reviewed_by.get(referral.pk)
        for agency, what in (
            (Action.Agency.SCHOOL, "Daily check-in with a key adult"),
            (Action.Agency.HEALTH, "Speech and language assessment"),
        ):
            actions.append(
                Action(
                    referral=referral,
                    agreed_at=discussion,
                    description=what,
                    owner="Named at the meeting",
                    agency=agency,
                    due_on=(after.starts_at if after else first.starts_at + timedelta(weeks=6)).date(),
                    review=rng.choice(reviews) if review else "",
                    reviewed_at=review,
                )
            )
    Action.objects.bulk_create(actions)
