"""Demo referrals in every status and an upcoming hub meeting (all people invented).

Made through the same services schools and coordinators use, so consent is checked.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from pupils.models import Contact
from referrals.intake import services
from referrals.models import Meeting, MeetingInvitee, Referral
from sendhub.calendar.selectors import half_term_of, is_bank_holiday
from sendhub.dates import LONDON, academic_year, add_years_clamped
from sendhub.demo import DemoWorld

# The smallest file a PDF reader (and the upload check) recognises as a PDF.
DEMO_CONSENT_PDF = (
    b"%PDF-1.4\n% Demo signed consent form (invented)\n1 0 obj << /Type /Catalog >> "
    b"endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)

CONTENT = {
    "concern": (
        "Despite two cycles of SEN support, {name} is struggling to stay in lessons and is falling further behind."
    ),
    "needs": "Speech, language and communication needs; anxiety in unstructured times.",
    "outcomes_hoped": "A shared plan with health and social care so that {name} can stay in class for whole lessons.",
    "parent_views": "We would like more help, and for everyone to work together.",
    "child_views": "I want to stay with my friends in class.",
}


def _past_meeting_day(before):
    """The latest school day on or before `before` that is in a half term and not a bank holiday."""
    day = before
    while day.weekday() >= 5 or half_term_of(day) is None or is_bank_holiday(day):
        day -= timedelta(days=1)
    return day


def _meeting(world: DemoWorld, district, day, kind=Meeting.Kind.HUB) -> Meeting:
    """A meeting as it was set up (demo meetings may be in the past, which the scheduling page refuses)."""
    meeting = Meeting.objects.create(
        district=district,
        kind=kind,
        academic_year=academic_year(day),
        half_term=half_term_of(day).number,
        starts_at=datetime.combine(day, time(13, 30), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(16, 0), tzinfo=LONDON),
        location="Casterbridge Education Centre, Room 2",
        created_by=world.users["coordinator"],
    )
    for key, agency in (
        ("coordinator", ""),
        ("panel", "health"),
        ("panel_education", "education"),
        ("panel_social_care", "social_care"),
    ):
        MeetingInvitee.objects.create(meeting=meeting, user=world.users[key], agency=agency)
    return meeting


def _draft(world: DemoWorld, key: str, senco_key: str = "senco_a") -> Referral | None:
    pupil = world.extra[key]
    if Referral.objects.filter(pupil=pupil).exists():
        return None  # already seeded
    actor = world.users[senco_key]
    referral = services.referral_start(actor=actor, pupil=pupil)
    name = pupil.legal_first_name
    services.referral_update(
        actor=actor,
        referral=referral,
        support_tried=f"Two cycles of SEN support for {name}, reviewed each term.",
        **{field: text.format(name=name) for field, text in CONTENT.items()},
    )
    return referral


def _verbal(world: DemoWorld, referral: Referral, contact: Contact, senco_key: str = "senco_a", **covers) -> None:
    today = timezone.localdate()
    services.consent_record(
        actor=world.users[senco_key],
        referral=referral,
        given_by_contact=contact,
        given_by_young_person=False,
        method="verbal",
        given_on=today - timedelta(days=3),
        covers_education=covers.get("education", True),
        covers_health=covers.get("health", True),
        covers_social_care=covers.get("social_care", True),
        taken_by=world.users[senco_key].full_name,
        taken_at=datetime.combine(today - timedelta(days=3), time(15, 20), tzinfo=LONDON),
        explained="What the district hub is, who sits on its panel, what would be shared, and that consent can be "
        "withdrawn at any time by telling the school or in the parent's own account.",
    )


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    casterbridge = world.districts["Casterbridge"]
    coordinator = world.users["coordinator"]

    # Maya: verbal consent from her mother (the demo parent), accepted for the next meeting.
    maya = _draft(world, "pupil_maya")
    if maya is not None:
        _verbal(world, maya, Contact.objects.get(pupil=maya.pupil, user=world.users["parent"]))
        services.referral_submit(actor=world.users["senco_a"], referral=maya)
        services.referral_accept(actor=coordinator, referral=maya)

    # Oliver: an earlier referral whose consent was withdrawn, and one waiting in the inbox with written consent.
    oliver = world.extra["pupil_oliver"]
    if not Referral.objects.filter(pupil=oliver).exists():
        dad = Contact.objects.get(pupil=oliver, name="Dean Pryce")
        earlier = _draft(world, "pupil_oliver")
        _verbal(world, earlier, dad, health=False)
        services.referral_submit(actor=world.users["senco_a"], referral=earlier)
        services.consent_withdraw(
            actor=world.users["senco_a"],
            referral=earlier,
            note="Mr Pryce phoned: the family is working with a private therapist for now.",
        )
        current = services.referral_start(actor=world.users["senco_a"], pupil=oliver)
        services.referral_update(
            actor=world.users["senco_a"],
            referral=current,
            support_tried="Nurture group; reading intervention.",
            **{field: text.format(name="Oliver") for field, text in CONTENT.items()},
        )
        services.consent_record(
            actor=world.users["senco_a"],
            referral=current,
            given_by_contact=dad,
            given_by_young_person=False,
            method="written",
            given_on=today - timedelta(days=6),
            covers_education=True,
            covers_health=True,
            covers_social_care=False,
            document=ContentFile(DEMO_CONSENT_PDF, name="signed-consent.pdf"),
        )
        services.referral_submit(actor=world.users["senco_a"], referral=current)

    # Finley: the hub asked for more information.
    finley = _draft(world, "pupil_finley")
    if finley is not None:
        _verbal(world, finley, Contact.objects.get(pupil=finley.pupil, name="Rhys Marsh"))
        services.referral_submit(actor=world.users["senco_a"], referral=finley)
        services.referral_request_information(
            actor=coordinator,
            referral=finley,
            message="Please add what the school has tried in class, and the outcome of the last review.",
        )

    # Zainab: a draft with her mother's signed consent form uploaded, not yet sent.
    zainab = _draft(world, "pupil_zainab")
    if zainab is not None:
        services.consent_record(
            actor=world.users["senco_a"],
            referral=zainab,
            given_by_contact=Contact.objects.get(pupil=zainab.pupil, name="Fatima Hussain"),
            given_by_young_person=False,
            method="written",
            given_on=today - timedelta(days=1),
            covers_education=True,
            covers_health=True,
            covers_social_care=True,
            document=ContentFile(DEMO_CONSENT_PDF, name="signed-consent.pdf"),
        )

    # Ruby at school B: waiting in the Melchester hub's inbox (not Casterbridge's).
    ruby = _draft(world, "pupil_ruby", senco_key="senco_b")
    if ruby is not None:
        _verbal(world, ruby, Contact.objects.get(pupil=ruby.pupil, name="Chris Castell"), senco_key="senco_b")
        services.referral_submit(actor=world.users["senco_b"], referral=ruby)

    # A referral the Casterbridge hub declined (the hub pupil Bella already has a place in the mainstream hub).
    if not Referral.objects.filter(status=Referral.Status.DECLINED).exists():
        bella = world.extra.get("hub_pupil_bella")
        if bella is not None:
            contact, _ = Contact.objects.get_or_create(
                pupil=bella,
                name="Ann Bramley",
                defaults={"relationship": Contact.Relationship.GRANDPARENT, "has_parental_responsibility": True},
            )
            world.extra["declined_pupil"] = bella
            declined = services.referral_start(actor=world.users["senco_a"], pupil=bella)
            services.referral_update(
                actor=world.users["senco_a"],
                referral=declined,
                support_tried="Hub place since September.",
                **{field: text.format(name="Bella") for field, text in CONTENT.items()},
            )
            _verbal(world, declined, contact)
            services.referral_submit(actor=world.users["senco_a"], referral=declined)
            services.referral_decline(
                actor=coordinator,
                referral=declined,
                reason="Bella's EHC plan is due its annual review next month: raise this there first.",
            )

    _meeting_history(world, casterbridge)


def _meeting_history(world: DemoWorld, district) -> None:
    """An earlier meeting, held, with minutes and actions; and the most recent one, whose agenda
    built itself (new referrals and cases to review) and whose minutes are still to be written."""
    if Meeting.objects.filter(district=district).exists():
        return
    from pupils.models import Pupil
    from referrals.meetings import services as meetings

    today = timezone.localdate()
    coordinator = world.users["coordinator"]
    recent_day = _past_meeting_day(today - timedelta(days=3))
    earlier_day = _past_meeting_day(recent_day - timedelta(days=42))
    while half_term_of(earlier_day).number == half_term_of(recent_day).number:
        earlier_day = _past_meeting_day(earlier_day - timedelta(days=7))
    school = world.schools["a"]
    cases = []
    for serial, (first, last, need, parent, covers_health) in enumerate(
        (("Harry", "Quinn", "SEMH", "Lisa Quinn", True), ("Isla", "Fenwick", "SLCN", "Mark Fenwick", False)), start=30
    ):
        pupil, _ = Pupil.objects.get_or_create(
            upn=_upn(school, serial),
            defaults={
                "legal_first_name": first,
                "legal_last_name": last,
                "date_of_birth": add_years_clamped(today, -9),
                "school": school,
                "year_group": "4",
                "sen_provision": "K",
                "primary_need": need,
            },
        )
        contact, _ = Contact.objects.get_or_create(
            pupil=pupil,
            name=parent,
            defaults={"relationship": Contact.Relationship.MOTHER, "has_parental_responsibility": True},
        )
        world.extra[f"pupil_{first.lower()}"] = pupil
        referral = services.referral_start(actor=world.users["senco_a"], pupil=pupil)
        services.referral_update(
            actor=world.users["senco_a"],
            referral=referral,
            support_tried="Two cycles of SEN support.",
            **{field: text.format(name=first) for field, text in CONTENT.items()},
        )
        _verbal(world, referral, contact, health=covers_health)
        services.referral_submit(actor=world.users["senco_a"], referral=referral)
        services.referral_accept(actor=coordinator, referral=referral)
        Referral.objects.filter(pk=referral.pk).update(
            submitted_at=datetime.combine(earlier_day - timedelta(days=20), time(10), tzinfo=LONDON)
        )
        cases.append(referral)
    earlier = _meeting(world, district, earlier_day)
    items = [meetings.agenda_add_case(meeting=earlier, referral=r, kind="new", actor=coordinator) for r in cases]
    for item, (strategy, actions) in zip(
        items,
        (
            (
                "A calm space at lunchtime; a shared home–school diary.",
                [
                    ("Set up a lunchtime calm space and a key adult", "Mrs Hale, class teacher", "school"),
                    ("Offer a CAMHS consultation to the family", "Dr Imran Siddiqui, health", "health"),
                ],
            ),
            (
                "Visual prompts in class; speech therapy advice to the class teacher.",
                [("Speech and language therapy assessment", "Claire Mbeki, education", "education")],
            ),
        ),
        strict=True,
    ):
        meetings.discussion_record(
            actor=coordinator,
            item=item,
            present=list(earlier.invitees.all()),
            others_present="Hannah Okafor, SENCo",
            discussion="The panel heard how the school has supported the child and what the family want.",
            strategies=strategy,
            parent_summary=(
                "The team agreed some practical steps with the school, and will check how they are going next time."
            ),
        )
        for description, owner, agency in actions:
            meetings.action_add(
                actor=coordinator, item=item, description=description, owner=owner, agency=agency, due_on=recent_day
            )
        meetings.case_decide(actor=coordinator, item=item, outcome="continue")
    recent = _meeting(world, district, recent_day)
    meetings.agenda_build(meeting=recent, actor=coordinator)


def _upn(school, serial: int) -> str:
    from pupils.records.upn import upn_check_letter

    body = f"{school.laestab}18{serial:03d}"
    return upn_check_letter(body) + body
