"""The seeded demo world as the access matrix and the browser crawl see it.

`build_world()` runs `seed_demo` and adds an outsider: a person holding roles only at
another local authority's organisations, who must see none of the demo world's pupils.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.management import call_command

from sendhub.demo import DEMO_PASSWORD
from sendhub.models import District, LocalAuthority, Membership, Role, School, User

# Everyone the matrix asks about; None is the anonymous visitor.
PERSONA_EMAILS: dict[str, str | None] = {
    "anonymous": None,
    "senco_a": "senco.a@example.org",
    "senco_b": "senco.b@example.org",
    "head_a": "head.a@example.org",
    "school_staff": "school.staff@example.org",
    "coordinator": "coordinator@example.org",
    "panel": "panel@example.org",
    "la_officer": "la.officer@example.org",
    "trust_lead": "trust.lead@example.org",
    "parent": "parent@example.org",
    "admin": "admin@example.org",
    "outsider": "outsider@example.org",
}
PERSONAS = list(PERSONA_EMAILS)


@dataclass
class World:
    users: dict[str, User | None]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _outsider() -> User:
    la, _ = LocalAuthority.objects.get_or_create(code="991", defaults={"name": "Mercia Borough Council"})
    district, _ = District.objects.get_or_create(local_authority=la, name="Tamworthy")
    school, _ = School.objects.get_or_create(
        urn="991201",
        defaults={
            "laestab": "9912201",
            "name": "Tamworthy Primary School",
            "phase": "primary",
            "local_authority": la,
            "district": district,
        },
    )
    user, created = User.objects.get_or_create(email="outsider@example.org", defaults={"full_name": "Olu Outsider"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
        for role, where in (
            (Role.SENCO, {"school": school}),
            (Role.SCHOOL_LEADER, {"school": school}),
            (Role.LA_OFFICER, {"local_authority": la}),
            (Role.HUB_COORDINATOR, {"district": district}),
        ):
            Membership.objects.create(user=user, role=role, **where)
    return user


def build_world() -> World:
    call_command("seed_demo", verbosity=0)
    _outsider()
    users = {key: (User.objects.get(email=email) if email else None) for key, email in PERSONA_EMAILS.items()}
    world = World(users=users)
    from tests import world_objects

    world.objects.update(world_objects.load())
    return world
