"""Demo pupils (all invented) in every state of SEN support. EHC cases come from demo_ehc."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from pupils.models import Contact, ParentMeeting, Pupil, SupportCycle, SupportOutcome, SupportProvision
from pupils.records.upn import upn_check_letter
from pupils.support.services import parent_meetings_refresh
from sendhub.demo import DemoWorld
from sendhub.models import School


def demo_upn(school: School, serial: int, year: str = "19") -> str:
    body = f"{school.laestab}{year}{serial:03d}"
    return upn_check_letter(body) + body


def _pupil(
    world: DemoWorld,
    key: str,
    school: School,
    serial: int,
    first: str,
    last: str,
    born: date,
    year: str,
    provision: str,
    primary: str = "",
    secondary: str = "",
) -> Pupil:
    pupil, _ = Pupil.objects.update_or_create(
        upn=demo_upn(school, serial),
        defaults={
            "legal_first_name": first,
            "legal_last_name": last,
            "date_of_birth": born,
            "school": school,
            "year_group": year,
            "sen_provision": provision,
            "primary_need": primary,
            "secondary_need": secondary,
        },
    )
    world.extra[key] = pupil
    return pupil


def _cycle(
    pupil: Pupil,
    by,
    *,
    started: date,
    needs: str,
    outcomes: list[str],
    provisions: list[tuple[str, str, str, str]],
    responsible: str = "",
    review: date | None = None,
    reviewed: date | None = None,
    next_step: str = "",
    progress: list[str] | None = None,
    parent_views: str = "",
    child_views: str = "",
) -> SupportCycle:
    cycle, created = SupportCycle.objects.get_or_create(
        pupil=pupil,
        started_on=started,
        defaults={
            "needs": needs,
            "parent_views": parent_views,
            "child_views": child_views,
            "responsible": responsible,
            "review_date": review,
            "reviewed_on": reviewed,
            "review_summary": "Good progress with reading; still finds spoken instructions hard in busy lessons."
            if reviewed
            else "",
            "next_step": next_step,
            "created_by": by,
        },
    )
    if created:
        for index, text in enumerate(outcomes):
            SupportOutcome.objects.create(cycle=cycle, description=text, progress=(progress or [""] * 9)[index])
        for description, frequency, provided_by, cost in provisions:
            SupportProvision.objects.create(
                cycle=cycle,
                description=description,
                frequency=frequency,
                provided_by=provided_by,
                cost_per_year=Decimal(cost),
            )
    return cycle


def _meetings(pupil: Pupil, by, days_ago: list[int]) -> None:
    today = timezone.localdate()
    for days in days_ago:
        ParentMeeting.objects.get_or_create(
            pupil=pupil,
            held_on=today - timedelta(days=days),
            defaults={"attendees": "Parent, class teacher and SENCo", "recorded_by": by},
        )
    parent_meetings_refresh(pupils=[pupil.pk])


def seed_records(world: DemoWorld) -> None:
    today = timezone.localdate()
    a, b = world.schools["a"], world.schools["b"]
    senco_a, senco_b = world.users["senco_a"], world.users["senco_b"]

    maya = _pupil(world, "pupil_maya", a, 1, "Maya", "Thornton", date(2018, 2, 11), "3", "K", "SLCN")
    contact, _ = Contact.objects.get_or_create(
        pupil=maya,
        name="Jo Whitlock",
        defaults={
            "relationship": Contact.Relationship.MOTHER,
            "has_parental_responsibility": True,
            "email": "parent@example.org",
            "phone": "01632 960 184",
        },
    )
    if contact.user_id is None:
        contact.user = world.users["parent"]
        contact.save()
    Contact.objects.get_or_create(
        pupil=maya,
        name="Sam Thornton",
        defaults={
            "relationship": Contact.Relationship.FATHER,
            "has_parental_responsibility": True,
            "email": "sam.thornton@example.net",
        },
    )
    _cycle(
        maya,
        senco_a,
        started=today - timedelta(days=50),
        needs="Maya understands far more than she can say. She finds multi-step spoken instructions hard to follow.",
        parent_views="Maya is anxious about reading aloud at home and at school.",
        child_views="I like it when the teacher shows me with pictures.",
        outcomes=[
            "Follow a two-step spoken instruction in class without a prompt",
            "Take part in a small-group discussion, speaking at least twice",
        ],
        provisions=[
            ("Speech and language group", "2 sessions of 30 minutes a week", "Teaching assistant", "1800"),
            ("Visual timetable and prompt cards", "Every day", "Class teacher", "150"),
        ],
        responsible="Mr Ellis, Year 3 class teacher",
        review=today + timedelta(days=30),
    )
    _meetings(maya, senco_a, [20])

    oliver = _pupil(world, "pupil_oliver", a, 2, "Oliver", "Pryce", date(2016, 6, 3), "5", "K", "SEMH", "SPLD")
    _cycle(
        oliver,
        senco_a,
        started=today - timedelta(days=200),
        needs="Oliver finds unstructured times hard and leaves the classroom when upset.",
        outcomes=["Use his calm-down plan instead of leaving the room"],
        progress=["partly"],
        provisions=[("Nurture group", "Every morning", "Learning mentor", "4200")],
        responsible="Ms Carter, Year 4 class teacher",
        review=today - timedelta(days=80),
        reviewed=today - timedelta(days=80),
        next_step=SupportCycle.NextStep.CHANGE,
    )
    _cycle(
        oliver,
        senco_a,
        started=today - timedelta(days=75),
        needs="Oliver is using his calm-down plan more often, but reading is now two years behind.",
        outcomes=["Use his calm-down plan at lunchtime", "Read a book at his level with 95% accuracy"],
        provisions=[
            ("Nurture group", "Every morning", "Learning mentor", "4200"),
            ("One-to-one reading intervention", "4 sessions of 20 minutes a week", "Teaching assistant", "2600"),
            ("Educational psychologist consultation", "Once a term", "Traded EP service", "900"),
        ],
        responsible="Mrs Hale, Year 5 class teacher",
        review=today + timedelta(days=10),
    )
    _meetings(oliver, senco_a, [60, 35, 7])

    amara = _pupil(world, "pupil_amara", a, 3, "Amara", "Okoye", date(2021, 10, 19), "R", "K", "NSA")
    _cycle(
        amara,
        senco_a,
        started=today - timedelta(days=12),
        needs="Amara is not yet joining in play with other children; the cause is not yet clear.",
        outcomes=["Play alongside another child for five minutes"],
        provisions=[],
    )

    _pupil(world, "pupil_finley", a, 4, "Finley", "Marsh", date(2017, 1, 22), "4", "N")

    zainab = _pupil(world, "pupil_zainab", a, 5, "Zainab", "Hussain", date(2015, 4, 30), "6", "K", "ASD", "SLCN")
    _cycle(
        zainab,
        senco_a,
        started=today - timedelta(days=150),
        needs="Zainab's needs have grown despite two cycles of support.",
        outcomes=["Manage transitions between lessons with a visual prompt"],
        progress=["not_achieved"],
        provisions=[("Individual support at transitions", "Every day", "Teaching assistant", "5200")],
        responsible="Mr Osei, Year 6 class teacher",
        review=today - timedelta(days=20),
        reviewed=today - timedelta(days=20),
        next_step=SupportCycle.NextStep.REQUEST_EHC_ASSESSMENT,
    )
    _meetings(zainab, senco_a, [70, 40, 21, 5])

    ruby = _pupil(world, "pupil_ruby", b, 1, "Ruby", "Castell", date(2019, 3, 8), "2", "K", "MLD")
    _cycle(
        ruby,
        senco_b,
        started=today - timedelta(days=30),
        needs="Ruby needs more time and practice to learn number facts.",
        outcomes=["Recall number bonds to 10"],
        provisions=[("Maths catch-up group", "3 times a week", "Teaching assistant", "900")],
        responsible="Miss Rahman, Year 2 class teacher",
        review=today + timedelta(days=45),
    )
    _pupil(world, "pupil_noah", b, 2, "Noah", "Whitby", date(2018, 12, 1), "3", "N")

    for key, name, relationship, email in (
        ("pupil_oliver", "Dean Pryce", Contact.Relationship.FATHER, "dean.pryce@example.net"),
        ("pupil_amara", "Grace Okoye", Contact.Relationship.MOTHER, "grace.okoye@example.net"),
        ("pupil_zainab", "Fatima Hussain", Contact.Relationship.MOTHER, "fatima.hussain@example.net"),
        ("pupil_finley", "Rhys Marsh", Contact.Relationship.CARER, "rhys.marsh@example.net"),
        ("pupil_ruby", "Chris Castell", Contact.Relationship.FATHER, "chris.castell@example.net"),
    ):
        Contact.objects.get_or_create(
            pupil=world.extra[key],
            name=name,
            defaults={"relationship": relationship, "has_parental_responsibility": True, "email": email},
        )
