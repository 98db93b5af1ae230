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
    "TEST_PASSWORD", "DistrictFactory", "LocalAuthorityFactory", "Role", "SchoolFactory", "TrustFactory",
    "UserFactory", "member",
]
