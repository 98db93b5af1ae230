"""factory_boy factories for the core. Every person and place is invented."""

import factory
from factory.django import DjangoModelFactory

from sendhub.models import District, LocalAuthority, Membership, Role, School, Trust, User

TEST_PASSWORD = "correct-horse-battery"


class LocalAuthorityFactory(DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{800 + n % 190:03d}")
    name = factory.LazyAttribute(lambda o: f"Test Authority {o.code}")


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class TrustFactory(DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Test Learning Trust {n}")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{500000 + n:06d}")
    district = factory.SubFactory(DistrictFactory)
    local_authority = factory.LazyAttribute(lambda o: o.district.local_authority)
    laestab = factory.LazyAttributeSequence(lambda o, n: f"{o.local_authority.code}{2000 + n % 8000:04d}")
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    phase = School.Phase.PRIMARY
    trust = None


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role: str, user: User | None = None, **where) -> User:
    """A user (new unless given) holding `role` at the organisation in `where`."""
    user = user or UserFactory()
    Membership.objects.create(user=user, role=role, **where)
    return user


__all__ = [
    "TEST_PASSWORD",
    "DistrictFactory",
    "LocalAuthorityFactory",
    "Role",
    "SchoolFactory",
    "TrustFactory",
    "UserFactory",
    "member",
]


# --- Pupils -----------------------------------------------------------------------------

from datetime import date  # noqa: E402

from pupils.models import Contact, Pupil, SupportCycle  # noqa: E402
from pupils.statutory import upn_check_letter  # noqa: E402


def make_upn(la_code: str, establishment: str, serial: int, year: str = "19") -> str:
    body = f"{la_code}{establishment}{year}{serial % 1000:03d}"
    return upn_check_letter(body) + body


class PupilFactory(DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    upn = factory.LazyAttributeSequence(
        lambda o, n: make_upn(o.school.laestab[:3], o.school.laestab[3:], n, f"{n // 1000 % 100:02d}")
    )
    legal_first_name = factory.Sequence(lambda n: f"Pupil{n}")
    legal_last_name = factory.Sequence(lambda n: f"Testson{n}")
    date_of_birth = date(2017, 5, 14)
    year_group = "3"
    sen_provision = "K"
    primary_need = "SLCN"


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    pupil = factory.SubFactory(PupilFactory)
    name = factory.Sequence(lambda n: f"Parent {n}")
    relationship = Contact.Relationship.MOTHER
    has_parental_responsibility = True
    email = factory.Sequence(lambda n: f"parent{n}@example.org")


class SupportCycleFactory(DjangoModelFactory):
    class Meta:
        model = SupportCycle

    pupil = factory.SubFactory(PupilFactory)
    started_on = date(2025, 9, 15)
    needs = "Finds it hard to follow spoken instructions in class."
    created_by = factory.SubFactory(UserFactory)
