"""Fixtures of the EHC tests: a frozen clock on TODAY and a mainstream hub at school A."""

from datetime import datetime

import pytest
import time_machine

from hubs.models import Hub
from sendhub.dates import LONDON
from tests.pupils.ehc.helpers import TODAY


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=LONDON), tick=False):
        yield TODAY


@pytest.fixture
def hub(personas) -> Hub:
    return Hub.objects.create(kind=Hub.Kind.MAINSTREAM, name="School A Hub", host_school=personas.school_a)
