"""Fixtures for the consultations tests: a hub at school A and consultations on it."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from consultations.models import Consultation
from hubs.models import Hub
from tests.consultations.builders import make_consultation


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """The rate limit counts in the cache: each test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hub(personas) -> Hub:
    return Hub.objects.create(kind=Hub.Kind.MAINSTREAM, host_school=personas.school_a, name="School A SEND Hub")


@pytest.fixture
def consultation(hub) -> Consultation:
    return make_consultation(hub)
