"""The smoke test's fixtures: where gunicorn listens (`make test-production` says)."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("SMOKE_BASE_URL")
    assert url, "Run the smoke test with `make test-production`: it starts gunicorn and sets SMOKE_BASE_URL"
    return url
