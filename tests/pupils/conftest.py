import pytest

from pupils.models import Contact
from tests.factories import ContactFactory, PupilFactory


@pytest.fixture
def pupil_a(personas):
    """A pupil at school A whose parent is the `parent` persona."""
    pupil = PupilFactory(school=personas.school_a, legal_first_name="Ada", legal_last_name="Lovelace-Test")
    ContactFactory(pupil=pupil, name="Parent Persona", user=personas.parent, email="pp@example.org")
    ContactFactory(pupil=pupil, name="Other Parent", relationship=Contact.Relationship.FATHER, phone="01632 960 999")
    return pupil


@pytest.fixture
def pupil_b(personas):
    return PupilFactory(school=personas.school_b, legal_first_name="Bea", legal_last_name="Other-School")
