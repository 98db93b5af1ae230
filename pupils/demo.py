"""The pupils app's demo data: pupils and their SEN support, then hub places, then EHC cases."""

from __future__ import annotations

from pupils.ehc.demo import seed_ehc
from pupils.places.demo import seed_places
from pupils.records.demo import seed_records
from sendhub.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    seed_records(world)
    seed_places(world)
    seed_ehc(world)
