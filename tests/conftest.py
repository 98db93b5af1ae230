"""Shared fixtures: the personas every view test speaks of, and test-wide settings."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from sendhub.models import Agency, District, LocalAuthority, Role, School, Trust, User
from tests.factories import DistrictFactory, LocalAuthorityFactory, SchoolFactory, TrustFactory, UserFactory, member

# Fixtures used in more than one test directory.
pytest_plugins = ["tests.plugins.places"]

# The production smoke test talks to a running gunicorn: only `make test-production` runs it,
# with its own configuration (tests/production/pytest.ini).
collect_ignore = ["production"]


def pytest_configure(config) -> None:
    import tempfile

    from django.conf import settings

    # Hashing passwords properly takes a third of a second each; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files go to one directory for the whole run (worlds seeded once per module
    # write files that later tests read), never into the checkout.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="sendhub-test-media-")


def _database_vendor() -> str:
    from django.conf import settings

    return "postgresql" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"


def pytest_collection_modifyitems(config, items) -> None:
    """PostgreSQL-only tests are deselected (not skipped) on SQLite; `make test` runs both passes."""
    if _database_vendor() == "postgresql":
        return
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker("postgres") or item.get_closest_marker("celery_worker") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_report_header(config) -> str:
    return f"database: {_database_vendor()} (PostgreSQL-only tests run in the PostgreSQL pass)"


@pytest.fixture
def isolated_media(settings, tmp_path):
    """A media directory of the test's own, for tests that count the files left behind."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager_propagates():
    """Eager tasks raise in tests, so a failing task fails its test instead of passing quietly."""
    from sendhub.celery import app

    old = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_eager_propagates = old


@dataclass
class Personas:
    la: LocalAuthority
    other_la: LocalAuthority
    district_a: District
    district_b: District
    trust_a: Trust
    trust_b: Trust
    school_a: School
    school_b: School
    other_school: School
    senco_a: User
    senco_b: User
    head_a: User
    coordinator: User
    panel: User
    la_officer: User
    trust_lead: User
    parent: User
    outsider: User
    admin: User
    nobody: User  # signed in, but holds no role anywhere


@pytest.fixture
def personas(db) -> Personas:
    """Two schools in one LA (different districts and trusts) and a stranger in another LA."""
    la = LocalAuthorityFactory(code="838", name="Test County Council")
    other_la = LocalAuthorityFactory(code="896", name="Other Borough Council")
    district_a = DistrictFactory(local_authority=la, name="North")
    district_b = DistrictFactory(local_authority=la, name="South")
    trust_a, trust_b = TrustFactory(name="Trust A"), TrustFactory(name="Trust B")
    school_a = SchoolFactory(district=district_a, trust=trust_a, name="School A", urn="100001", laestab="8382001")
    school_b = SchoolFactory(district=district_b, trust=trust_b, name="School B", urn="100002", laestab="8382002")
    other_district = DistrictFactory(local_authority=other_la, name="Elsewhere")
    other_school = SchoolFactory(district=other_district, name="Other School", urn="100003", laestab="8962003")
    outsider = member(Role.SENCO, school=other_school)
    member(Role.LA_OFFICER, user=outsider, local_authority=other_la)
    member(Role.HUB_COORDINATOR, user=outsider, district=other_district)
    admin = member(Role.ADMINISTRATOR)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return Personas(
        la=la,
        other_la=other_la,
        district_a=district_a,
        district_b=district_b,
        trust_a=trust_a,
        trust_b=trust_b,
        school_a=school_a,
        school_b=school_b,
        other_school=other_school,
        senco_a=member(Role.SENCO, school=school_a),
        senco_b=member(Role.SENCO, school=school_b),
        head_a=member(Role.SCHOOL_LEADER, school=school_a),
        coordinator=member(Role.HUB_COORDINATOR, district=district_a),
        panel=member(Role.PANEL_MEMBER, district=district_a, agency=Agency.HEALTH),
        la_officer=member(Role.LA_OFFICER, local_authority=la),
        trust_lead=member(Role.TRUST_SEND_LEAD, trust=trust_a),
        parent=member(Role.PARENT),
        outsider=outsider,
        admin=admin,
        nobody=UserFactory(),
    )


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user (or anonymous for None)."""

    def sign_in(user: User | None):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
