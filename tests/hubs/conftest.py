import pytest

from sendhub.models import Role
from tests.factories import LocalAuthorityFactory, member


@pytest.fixture
def wessex(db):
    """LA 990, the authority most rows of the GIAS fixture belong to."""
    return LocalAuthorityFactory(code="990", name="Wessex County Council")


@pytest.fixture
def wessex_officer(wessex):
    return member(Role.LA_OFFICER, local_authority=wessex)


@pytest.fixture
def admin(db):
    user = member(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user
