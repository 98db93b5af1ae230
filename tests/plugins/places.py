"""Fixtures for hubs and their places, shared by every test directory (a pytest plugin, see tests/conftest.py)."""

from datetime import date
from decimal import Decimal

import pytest

from hubs.models import CommissioningAgreement, Hub
from pupils.models import EHCPlan
from tests.factories import PupilFactory


@pytest.fixture
def hub(personas):
    return Hub.objects.create(kind=Hub.Kind.MAINSTREAM, name="Test Mainstream Hub", host_school=personas.school_a)


@pytest.fixture
def commission(hub):
    def make(label: str = "2025/26", places: int = 14) -> CommissioningAgreement:
        first = date(int(label[:4]), 9, 1)
        return CommissioningAgreement.objects.create(
            hub=hub,
            academic_year=label,
            places=places,
            place_funding=Decimal("10000"),
            top_up_per_place=Decimal("5000"),
            covers=["teachers"],
            starts_on=first,
            ends_on=date(first.year + 1, 8, 31),
        )

    return make


@pytest.fixture
def named_pupils(personas, hub):
    """`named_pupils(n)`: pupils of school A whose current EHC plans name the hub."""

    def make(n: int, school=None):
        pupils = []
        for _ in range(n):
            pupil = PupilFactory(school=school or personas.school_a, sen_provision="E", primary_need="ASD")
            EHCPlan.objects.create(pupil=pupil, issued_on=date(2025, 3, 1), named_hub=hub)
            pupils.append(pupil)
        return pupils

    return make
