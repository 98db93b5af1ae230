"""The pupils app's demo data: pupils and their SEN support, then hub places, then EHC cases."""

from __future__ import annotations

from pupils.ehc.demo import seed_ehc
from pupils.models import Pupil
from pupils.places.demo import seed_places
from pupils.records.demo import seed_records
from pupils.support.services import support_facts_refresh
from sendhub.demo import DemoWorld


def seed(world: DemoWorld) -> None:
    seed_records(world)
    # The demo writes cycles directly, not through the services: bring the pupils' facts up to date.
    support_facts_refresh(pupils=Pupil.objects.all())
    seed_places(world)
    seed_ehc(world)
