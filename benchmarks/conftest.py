import pytest
from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    """A county's worth of pupils: 300 schools, 60,000 pupils (set-based inserts)."""
    from datetime import date

    from pupils.models import Pupil
    from pupils.statutory import upn_check_letter
    from sendhub.models import District, LocalAuthority, Membership, Role, School, User

    with django_db_blocker.unblock():
        la = LocalAuthority.objects.create(code="992", name="Benchmark County Council")
        district = District.objects.create(local_authority=la, name="Bench")
        schools = School.objects.bulk_create(
            School(
                urn=f"{800000 + i:06d}",
                laestab=f"992{2000 + i:04d}",
                name=f"Bench School {i}",
                phase="primary",
                local_authority=la,
                district=district,
            )
            for i in range(300)
        )
        pupils = []
        for s_index, school in enumerate(schools):
            for n in range(200):
                body = f"{school.laestab}{10 + n // 1000:02d}{n % 1000:03d}"
                pupils.append(
                    Pupil(
                        upn=upn_check_letter(body) + body,
                        legal_first_name=f"Bench{n}",
                        legal_last_name=f"Pupil{s_index}",
                        date_of_birth=date(2016, 1, 1),
                        school=school,
                        year_group="4",
                        sen_provision="K",
                        primary_need="SLCN",
                    )
                )
        Pupil.objects.bulk_create(pupils, batch_size=2000)
        officer = User.objects.create_user("bench.officer@example.org", "x", full_name="Bench Officer")
        Membership.objects.create(user=officer, role=Role.LA_OFFICER, local_authority=la)
        yield officer
