"""The tiers of seed 002's "SEND Hub Training Offer 2025-26", the shape of a new year's offer."""

from __future__ import annotations

from datetime import time
from typing import Any

from sendhub.models import Role

from .models import Offer, Tier

SENCOS = [Role.SENCO]
SCHOOL_ROLES = [Role.SENCO, Role.SCHOOL_LEADER, Role.SCHOOL_STAFF]

TIERS: list[dict[str, Any]] = [
    dict(
        kind=Tier.Kind.SENCO_NETWORK,
        label="Tier 1",
        name="SENCo network meetings",
        audience="SENCos",
        audience_roles=SENCOS,
        format="Face to face, 2:00pm to 4:00pm",
        cadence="3 times a year",
        leads="Trust SEND lead and team",
        purpose=(
            "Work strategically as a trust SENCo network; align on the graduated approach and shared "
            "assessment systems."
        ),
        min_per_year=3,
        max_per_year=3,
        default_starts_at=time(14, 0),
        default_ends_at=time(16, 0),
    ),
    dict(
        kind=Tier.Kind.SENCO_TRAINING,
        label="Tier 2a",
        name="SENCo training",
        audience="SENCos",
        audience_roles=SENCOS,
        format="Face to face, half-day sessions",
        cadence="3 to 6 times a year",
        leads="Trust SEND lead with specialist contributors",
        purpose="Deepen practice and ensure learning is disseminated effectively back in school.",
        min_per_year=3,
        max_per_year=6,
        default_starts_at=time(13, 0),
        default_ends_at=time(16, 0),
    ),
    dict(
        kind=Tier.Kind.WORKING_PARTY,
        label="Tier 2b",
        name="SENCo and maths joint working party",
        audience="SENCos and maths leads",
        audience_roles=[Role.SENCO, Role.SCHOOL_LEADER, Role.SCHOOL_STAFF],
        format="Face to face, half-day sessions",
        cadence="3 to 6 times a year",
        leads="Trust SEND lead and trust maths lead with representatives from host schools",
        purpose=(
            "Strategies to keep pupils learning in chronological year groups in maths when attainment gaps "
            "exceed two years."
        ),
        min_per_year=3,
        max_per_year=6,
        default_starts_at=time(9, 0),
        default_ends_at=time(12, 0),
    ),
    dict(
        kind=Tier.Kind.CURRICULUM_VISIT,
        label="Tier 2c",
        name="Curriculum in schools with hubs",
        audience="SENCos, curriculum leads and hub class teachers",
        audience_roles=SCHOOL_ROLES,
        format="Face to face, full-day visits rotating between host schools",
        cadence="3 to 6 times a year",
        leads="Trust SEND lead with teams at designated hub schools",
        purpose="Co-develop the hub-class curriculum; see live practice and implementation across schools.",
        min_per_year=3,
        max_per_year=6,
        default_starts_at=time(9, 0),
        default_ends_at=time(15, 0),
    ),
    dict(
        kind=Tier.Kind.INSET,
        label="Tier 3",
        name="Trust-wide SEND training (INSET at the specialist partner site)",
        audience="All the trust's schools (staff the school selects)",
        audience_roles=SCHOOL_ROLES,
        format="Full INSET days at the specialist partner site, with parallel sessions by strand",
        cadence="3 INSET days a year",
        leads="Trust SEND lead and specialist partner team",
        purpose=(
            "Build mainstream capacity with specialist modelling and practical tools teachers can use the next "
            "day. Emphases: adaptive teaching; communication (verbal and written communication, AAC, technology "
            "and symbol-supported systems)."
        ),
        min_per_year=3,
        max_per_year=3,
        default_starts_at=time(9, 0),
        default_ends_at=time(15, 30),
    ),
    dict(
        kind=Tier.Kind.CLINIC,
        label="Tier 4",
        name="Targeted clinics",
        audience="Any school of the trust (invitations go trust-wide)",
        audience_roles=SCHOOL_ROLES,
        format="Face to face, 10:00am to 1:00pm",
        cadence="Up to one a half term",
        leads="Trust SEND team with specialist colleagues as required",
        purpose="Rapid, needs-led support on emerging priorities.",
        max_per_half_term=1,
        default_starts_at=time(10, 0),
        default_ends_at=time(13, 0),
    ),
    dict(
        kind=Tier.Kind.ANNUAL_MEETING,
        label="Tier 5",
        name="Individual SENCo and school meeting",
        audience="The SENCo and headteacher of each school",
        audience_roles=[Role.SENCO, Role.SCHOOL_LEADER],
        format="Half a day, in school",
        cadence="Once an academic year, by the spring term",
        leads="Trust SEND lead",
        purpose="Review the lived experience of SEND in context and agree next steps.",
        default_starts_at=time(9, 0),
        default_ends_at=time(12, 0),
    ),
    dict(
        kind=Tier.Kind.ONE_TO_ONE,
        label="Tier 6",
        name="1:1 support",
        audience="Any member of staff (headteacher, SENCo, class teacher and others)",
        audience_roles=SCHOOL_ROLES,
        format="An initial visit by the trust SEND lead; follow-up in person or online, time scaled to need",
        cadence="On request",
        leads="Trust SEND lead",
        purpose="Support for one person or one school, on request.",
    ),
]


def add_tiers(offer: Offer) -> None:
    """Give an offer the seed's tiers (kept as they are where it has them)."""
    for order, values in enumerate(TIERS, start=1):
        values = dict(values)
        kind = values.pop("kind")
        Tier.objects.get_or_create(offer=offer, kind=kind, defaults={**values, "order": order})
