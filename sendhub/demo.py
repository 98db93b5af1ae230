"""The invented demo world: organisations and accounts. Every person and place is made up.

Shaped like the seeds: a county (Wessex) with districts, each with a SEND and Inclusion
hub; a trust anchored by a special school; a primary school hosting a 14-place
mainstream SEND hub; another school in another district and trust.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sendhub.calendar.services import SAVED_FEED, bank_holidays_import, bank_holidays_read
from sendhub.models import Agency, BankHoliday, District, LocalAuthority, Membership, Role, School, Trust, User

DEMO_PASSWORD = "demo-sendhub"


@dataclass
class DemoWorld:
    """What each app's demo builder made, for the next one to build on."""

    la: LocalAuthority | None = None
    districts: dict[str, District] = field(default_factory=dict)
    trusts: dict[str, Trust] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


def _school(key: str, world: DemoWorld, **values: Any) -> School:
    school, _ = School.objects.update_or_create(urn=values.pop("urn"), defaults=values)
    world.schools[key] = school
    return school


def _user(world: DemoWorld, key: str, email: str, full_name: str, **flags: Any) -> User:
    user, _ = User.objects.update_or_create(email=email, defaults={"full_name": full_name, **flags})
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    world.users[key] = user
    return user


def _member(user: User, role: str, **where: Any) -> None:
    Membership.objects.get_or_create(user=user, role=role, **where)


def seed(world: DemoWorld) -> None:
    la, _ = LocalAuthority.objects.update_or_create(code="990", defaults={"name": "Wessex County Council"})
    world.la = la
    for name in ("Casterbridge", "Melchester", "Sandbourne"):
        world.districts[name], _ = District.objects.get_or_create(local_authority=la, name=name)
    world.trusts["heathland"], _ = Trust.objects.update_or_create(
        gias_code="TR90001", defaults={"name": "Heathland Learning Trust"}
    )
    world.trusts["vale"], _ = Trust.objects.update_or_create(
        gias_code="TR90002", defaults={"name": "Vale Academies Trust"}
    )
    casterbridge, melchester = world.districts["Casterbridge"], world.districts["Melchester"]
    heathland, vale = world.trusts["heathland"], world.trusts["vale"]

    _school(
        "a",
        world,
        urn="990101",
        laestab="9903101",
        name="St Aldhelm's CE Primary School",
        phase=School.Phase.PRIMARY,
        establishment_type="Academy converter",
        local_authority=la,
        district=casterbridge,
        trust=heathland,
        resourced_provision=School.ResourcedProvision.SEN_UNIT,
        sen_unit_capacity=14,
        sen_unit_on_roll=0,
    )
    _school(
        "b",
        world,
        urn="990102",
        laestab="9902102",
        name="Melchester Primary Academy",
        phase=School.Phase.PRIMARY,
        establishment_type="Academy sponsor led",
        local_authority=la,
        district=melchester,
        trust=vale,
    )
    _school(
        "anchor",
        world,
        urn="990103",
        laestab="9907001",
        name="Egdon Heath School",
        phase=School.Phase.NOT_APPLICABLE,
        establishment_type="Academy special converter",
        is_special=True,
        local_authority=la,
        district=casterbridge,
        trust=heathland,
    )
    _school(
        "secondary",
        world,
        urn="990104",
        laestab="9904001",
        name="Casterbridge Academy",
        phase=School.Phase.SECONDARY,
        establishment_type="Academy converter",
        local_authority=la,
        district=casterbridge,
        trust=heathland,
    )
    _school(
        "community",
        world,
        urn="990105",
        laestab="9902105",
        name="Sandbourne Community Primary School",
        phase=School.Phase.PRIMARY,
        establishment_type="Community school",
        local_authority=la,
        district=world.districts["Sandbourne"],
    )

    u = _user(world, "senco_a", "senco.a@example.org", "Hannah Okafor")
    _member(u, Role.SENCO, school=world.schools["a"])
    u = _user(world, "senco_b", "senco.b@example.org", "Tomasz Wilk")
    _member(u, Role.SENCO, school=world.schools["b"])
    u = _user(world, "head_a", "head.a@example.org", "Graham Pennington")
    _member(u, Role.SCHOOL_LEADER, school=world.schools["a"])
    u = _user(world, "school_staff", "school.staff@example.org", "Priya Desai")
    _member(u, Role.SCHOOL_STAFF, school=world.schools["a"])
    u = _user(world, "coordinator", "coordinator@example.org", "Ruth Adeyemi")
    _member(u, Role.HUB_COORDINATOR, district=casterbridge)
    u = _user(world, "panel", "panel@example.org", "Dr Imran Siddiqui")
    _member(u, Role.PANEL_MEMBER, district=casterbridge, agency=Agency.HEALTH)
    u = _user(world, "panel_education", "panel.education@example.org", "Claire Mbeki")
    _member(u, Role.PANEL_MEMBER, district=casterbridge, agency=Agency.EDUCATION)
    u = _user(world, "panel_social_care", "panel.socialcare@example.org", "Owen Price")
    _member(u, Role.PANEL_MEMBER, district=casterbridge, agency=Agency.SOCIAL_CARE)
    u = _user(world, "la_officer", "la.officer@example.org", "Sunita Rao")
    _member(u, Role.LA_OFFICER, local_authority=la)
    u = _user(world, "trust_lead", "trust.lead@example.org", "Marcus Bell")
    _member(u, Role.TRUST_SEND_LEAD, trust=heathland)
    u = _user(world, "parent", "parent@example.org", "Jo Whitlock")
    _member(u, Role.PARENT)
    u = _user(world, "admin", "admin@example.org", "Portal Administrator", is_staff=True, is_superuser=True)
    _member(u, Role.ADMINISTRATOR)
    _calendar()


def _calendar() -> None:
    """England and Wales bank holidays from the saved copy of GOV.UK's feed; half terms stay England's defaults."""
    feed = bank_holidays_read(SAVED_FEED.read_bytes())
    bank_holidays_import(feed=feed, divisions=[BankHoliday.Division.ENGLAND_AND_WALES])
