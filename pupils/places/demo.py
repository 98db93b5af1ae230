"""Demo places in the mainstream SEND hub at school A (all people invented).

2026/27 and 2027/28 are commissioned at 14 places; 2025/26 is left for an officer to
commission. Pupils whose EHC plans name the hub either hold a place, have been offered one,
or wait for one to be arranged. Places are made through the same services officers use.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hubs.models import CommissioningAgreement
from hubs.services import agreement_create
from pupils.models import EHCPlan, Placement, Pupil
from pupils.places.services import placement_create
from pupils.records.upn import upn_check_letter
from sendhub.demo import DemoWorld

FIRST_NAMES = [
    "Alfie",
    "Bella",
    "Caleb",
    "Daisy",
    "Ethan",
    "Freya",
    "George",
    "Hana",
    "Isaac",
    "Jasmine",
    "Kai",
    "Lily",
    "Mason",
    "Nadia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Sofia",
    "Theo",
    "Willow",
]
LAST_NAMES = [
    "Abbott",
    "Bramley",
    "Cheung",
    "Dawson",
    "Ellery",
    "Fairbairn",
    "Gorman",
    "Hadley",
    "Iqbal",
    "Jennings",
    "Kowal",
    "Lacey",
    "Moreno",
    "Nwosu",
    "Osborne",
    "Penhale",
    "Quayle",
    "Rawlings",
    "Sutcliffe",
    "Trevelyan",
]
NEEDS = ["ASD", "SLCN", "SEMH"]


def _agreement(world: DemoWorld, hub, label: str) -> None:
    if CommissioningAgreement.objects.filter(hub=hub, academic_year=label).exists():
        return
    agreement_create(
        actor=world.users["la_officer"],
        hub=hub,
        academic_year_label=label,
        places=14,
        place_funding=Decimal("10000"),
        top_up_per_place=Decimal("8500"),
        covers=list(CommissioningAgreement.Covers.values),
        notes="Staffing: 2 qualified teachers, 4 teaching assistants; enhanced leadership and SENCo time.",
    )


def seed_places(world: DemoWorld) -> None:
    hub, school = world.extra["hub"], world.schools["a"]
    officer = world.users["la_officer"]
    for label in ("2026/27", "2027/28"):
        _agreement(world, hub, label)
    for index in range(20):
        body = f"{school.laestab}20{500 + index:03d}"
        pupil, _ = Pupil.objects.update_or_create(
            upn=upn_check_letter(body) + body,
            defaults={
                "legal_first_name": FIRST_NAMES[index],
                "legal_last_name": LAST_NAMES[index],
                "date_of_birth": date(2016 + index % 5, 1 + index % 12, 1 + index),
                "school": school,
                "year_group": str(6 - index % 5),
                "sen_provision": "E",
                "primary_need": NEEDS[index % 3],
            },
        )
        if index == 1:
            world.extra["hub_pupil_bella"] = pupil
        plan = EHCPlan.objects.filter(pupil=pupil).first() or EHCPlan.objects.create(
            pupil=pupil, issued_on=date(2025, 3, 3 + index), named_hub=hub
        )
        if index >= 12 or Placement.objects.filter(pupil=pupil, hub=hub).exists():
            continue  # pupils 12 to 19 wait for a place to be arranged
        if index < 9:  # in the hub since September
            placement_create(
                actor=officer, hub=hub, pupil=pupil, starts_on=date(2026, 9, 2), planned_end_on=date(2027, 7, 21)
            )
        elif index < 11:  # offered: starting after Christmas
            placement_create(
                actor=officer, hub=hub, pupil=pupil, starts_on=date(2027, 1, 4), planned_end_on=date(2028, 7, 21)
            )
        else:  # left the hub in October, when the EHC plan ceased
            place = placement_create(
                actor=officer, hub=hub, pupil=pupil, starts_on=date(2026, 9, 2), planned_end_on=date(2027, 7, 21)
            )
            place.ended_on, place.end_reason = date(2026, 10, 23), Placement.EndReason.PLAN_CEASED
            place.save()
            plan.ceased_on = date(2026, 10, 23)
            plan.save()
            pupil.sen_provision = "K"
            pupil.save()
