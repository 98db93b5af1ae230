"""Data sets at the scale of a county and of England, for benchmarks (`manage.py seed_scale`).

Built on top of the demo world, in PostgreSQL, with bulk inserts. The demo's local authority
(Wessex County Council, 990) becomes the big county, so the demo accounts see it; at national
size other, invented authorities hold the rest of England's EHC plans. Every row is invented.

Each app adds its part in a `scale.py` module with `seed(ctx: ScaleContext)`, called in
INSTALLED_APPS order (core first), like `demo.py`. Every part is idempotent: it makes only what
is missing, keyed on deterministic identifiers (URNs, UPNs, emails), so running a size again
changes nothing, and running a bigger size after a smaller one tops it up.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import models

from sendhub.models import District, LocalAuthority, Membership, Role, School, Trust, User

T = TypeVar("T")

BATCH = 5_000


@dataclass(frozen=True)
class ScaleSize:
    """How big each part is. Counts are for the big county unless they say national."""

    name: str
    schools: int  # schools in the county (the demo's are extra)
    pupils: int  # pupils with SEN in the county's scale schools
    ehc_plans: int  # of those pupils, how many have an EHC plan
    districts: int  # districts of the county, the demo's three included; each has a district hub
    mainstream_hubs: int  # mainstream SEND hubs at the county's scale schools
    referrals: int  # referrals to the county's district hubs over five years
    responses: int  # responses to consultations on the county's hubs
    national_plans: int = 0  # EHC plans in England in all, the county's included (0: county only)
    national_authorities: int = 0  # other local authorities at national size
    schools_per_authority: int = 0  # schools in each other authority


SIZES: dict[str, ScaleSize] = {
    "tenth": ScaleSize(
        "tenth",
        schools=45,
        pupils=6_000,
        ehc_plans=1_500,
        districts=3,
        mainstream_hubs=1,
        referrals=400,
        responses=2_000,
    ),
    "county": ScaleSize(
        "county",
        schools=450,
        pupils=60_000,
        ehc_plans=15_000,
        districts=8,
        mainstream_hubs=12,
        referrals=4_000,
        responses=20_000,
    ),
    "national": ScaleSize(
        "national",
        schools=450,
        pupils=60_000,
        ehc_plans=15_000,
        districts=8,
        mainstream_hubs=12,
        referrals=4_000,
        responses=20_000,
        national_plans=640_000,
        national_authorities=149,
        schools_per_authority=140,
    ),
}

# Invented district names for the county beyond the demo's three.
EXTRA_DISTRICTS = ["Shaston", "Anglebury", "Port Bredy", "Budmouth", "Kingsbere", "Sherton", "Stourcastle"]
COUNTY_CODE = "990"
# URNs of the county's scale schools start here; LAESTAB establishment numbers at 6000.
COUNTY_URN_BASE = 500_000
COUNTY_ESTAB_BASE = 6_000
# Other authorities: codes 600..748 (not real DfE codes), URNs from 600000.
NATIONAL_CODE_BASE = 600
NATIONAL_URN_BASE = 600_000


@dataclass
class ScaleAuthority:
    """One local authority of the data set and what the core made for it."""

    la: LocalAuthority
    schools: list[School]
    officers: list[User]
    is_county: bool = False


@dataclass
class ScaleContext:
    """What each app's scale part made, for the next one to build on."""

    size: ScaleSize
    today: date
    county: ScaleAuthority | None = None
    others: list[ScaleAuthority] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    # school id -> the SENCo who owns SEN support there
    sencos: dict[int, User] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)

    def rng(self, *key: Any) -> random.Random:
        """A random generator seeded by the key, so the same rows come out every time."""
        return random.Random("/".join(str(part) for part in (self.size.name, *key)))


def chunked(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def share(total: int, parts: int, index: int) -> int:
    """The index-th of `parts` near-equal shares of `total` (the shares add up to `total`)."""
    return total // parts + (1 if index < total % parts else 0)


def bulk_create_missing(model: type[models.Model], rows: list[models.Model], key: str) -> int:
    """Insert the rows whose `key` is not in the table yet; returns how many were added."""
    values = [getattr(row, key) for row in rows]
    have = set(model._base_manager.filter(**{f"{key}__in": values}).values_list(key, flat=True))
    new = [row for row in rows if getattr(row, key) not in have]
    for batch in chunked(new):
        model._base_manager.bulk_create(batch)
    return len(new)


def _users(emails_and_names: list[tuple[str, str]]) -> dict[str, User]:
    rows = [User(email=email, full_name=name, password="!") for email, name in emails_and_names]
    bulk_create_missing(User, rows, "email")
    return {u.email: u for u in User.objects.filter(email__in=[email for email, _ in emails_and_names])}


def _memberships(rows: list[Membership]) -> None:
    """Add the memberships not there yet (the same person, role and organisation)."""
    users = {m.user_id for m in rows}
    have = set(
        Membership.objects.filter(user__in=users).values_list(
            "user_id", "role", "school_id", "district_id", "local_authority_id"
        )
    )
    new = [m for m in rows if (m.user_id, m.role, m.school_id, m.district_id, m.local_authority_id) not in have]
    for batch in chunked(new):
        Membership.objects.bulk_create(batch)


def _schools(la: LocalAuthority, urns: list[int], estabs: list[int], districts: list[District], trusts) -> list[School]:
    phases = [School.Phase.PRIMARY] * 5 + [School.Phase.SECONDARY]
    rows = []
    for n, (urn, estab) in enumerate(zip(urns, estabs, strict=True)):
        phase = phases[n % len(phases)]
        kind = "Academy" if phase == School.Phase.SECONDARY else "Primary School"
        rows.append(
            School(
                urn=f"{urn:06d}",
                laestab=f"{la.code}{estab:04d}",
                name=f"{la.name.split()[0]} {kind} {n + 1}",
                phase=phase,
                establishment_type="Academy converter" if trusts and n % 3 == 0 else "Community school",
                local_authority=la,
                district=districts[n % len(districts)] if districts else None,
                trust=trusts[n % len(trusts)] if trusts and n % 3 == 0 else None,
            )
        )
    bulk_create_missing(School, rows, "urn")
    by_urn = {s.urn: s for s in School.objects.filter(urn__in=[row.urn for row in rows])}
    return [by_urn[row.urn] for row in rows]


def _officers(la: LocalAuthority, count: int) -> list[User]:
    people = [(f"officer{n + 1}.la{la.code}@scale.example.org", f"Officer {n + 1} of {la.name}") for n in range(count)]
    users = _users(people)
    _memberships([Membership(user=users[email], role=Role.LA_OFFICER, local_authority=la) for email, _ in people])
    return [users[email] for email, _ in people]


def _sencos(ctx: ScaleContext, schools: list[School]) -> None:
    people = [(f"senco.{s.urn}@scale.example.org", f"SENCo of {s.name}") for s in schools]
    users = _users(people)
    _memberships(
        [
            Membership(user=users[email], role=Role.SENCO, school=s)
            for s, (email, _) in zip(schools, people, strict=True)
        ]
    )
    for school, (email, _) in zip(schools, people, strict=True):
        ctx.sencos[school.pk] = users[email]


def seed(ctx: ScaleContext) -> None:
    """The core's part: the county's districts, schools, officers and SENCos; other authorities."""
    size = ctx.size
    la = LocalAuthority.objects.get(code=COUNTY_CODE)
    demo_districts = list(District.objects.filter(local_authority=la).order_by("pk")[:3])
    extra = [
        District.objects.get_or_create(local_authority=la, name=name)[0]
        for name in EXTRA_DISTRICTS[: max(0, size.districts - len(demo_districts))]
    ]
    ctx.districts = demo_districts + extra
    trusts = [
        Trust.objects.get_or_create(gias_code=f"TR99{n:03d}", defaults={"name": f"Wessex Scale Trust {n + 1}"})[0]
        for n in range(max(1, size.schools // 30))
    ]
    urns = [COUNTY_URN_BASE + n for n in range(size.schools)]
    estabs = [COUNTY_ESTAB_BASE + n for n in range(size.schools)]
    schools = _schools(la, urns, estabs, ctx.districts, trusts)
    officers = _officers(la, max(1, size.ehc_plans // 750))
    demo_officer = User.objects.filter(email="la.officer@example.org").first()
    if demo_officer:
        officers = [demo_officer, *officers]
    ctx.county = ScaleAuthority(la=la, schools=schools, officers=officers, is_county=True)
    _sencos(ctx, schools)
    ctx.say(f"{la.name}: {len(ctx.districts)} districts, {len(schools)} scale schools, {len(officers)} officers")

    for n in range(size.national_authorities):
        code = f"{NATIONAL_CODE_BASE + n:03d}"
        other, _ = LocalAuthority.objects.get_or_create(code=code, defaults={"name": f"Scale Authority {code}"})
        district, _ = District.objects.get_or_create(local_authority=other, name=f"Scale District {code}")
        base = NATIONAL_URN_BASE + n * size.schools_per_authority
        schools = _schools(
            other,
            [base + i for i in range(size.schools_per_authority)],
            [1000 + i for i in range(size.schools_per_authority)],
            [district],
            [],
        )
        _sencos(ctx, schools)
        plans = share(size.national_plans - size.ehc_plans, size.national_authorities, n)
        ctx.others.append(ScaleAuthority(la=other, schools=schools, officers=_officers(other, max(1, plans // 750))))
    if ctx.others:
        ctx.say(f"{len(ctx.others)} other authorities, {sum(len(a.schools) for a in ctx.others)} schools")
