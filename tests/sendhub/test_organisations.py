"""Organisations are validated with messages a person can act on."""

import pytest
from django.core.exceptions import ValidationError

from sendhub.models import District, LocalAuthority, School
from tests.factories import DistrictFactory, LocalAuthorityFactory


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["83", "8380", "ABC", "83a", " 838", ""])
def test_local_authority_code_must_be_three_digits(code):
    errors = errors_of(LocalAuthority(code=code, name="Somewhere"))
    assert "code" in errors


@pytest.mark.django_db
def test_local_authority_with_three_digit_code_is_valid():
    LocalAuthority(code="838", name="Dorset").full_clean()


@pytest.mark.django_db
def test_district_names_are_unique_within_a_local_authority_only():
    la, other = LocalAuthorityFactory(code="860"), LocalAuthorityFactory(code="933")
    District.objects.create(local_authority=la, name="East")
    District.objects.create(local_authority=other, name="East")
    assert "__all__" in errors_of(District(local_authority=la, name="East"))


@pytest.mark.django_db
class TestSchool:
    def school(self, **overrides) -> School:
        la = LocalAuthorityFactory(code="838", name="Dorset Council")
        values = {
            "urn": "113462",
            "laestab": "8382001",
            "name": "A School",
            "phase": "primary",
            "local_authority": la,
            "district": DistrictFactory(local_authority=la),
        }
        values.update(overrides)
        return School(**values)

    def test_a_correct_school_is_valid(self):
        self.school().full_clean()

    @pytest.mark.parametrize("urn", ["11346", "1134620", "11346A", "１１３４６２"])
    def test_urn_must_be_six_digits(self, urn):
        assert errors_of(self.school(urn=urn))["urn"] == ["Enter the URN as 6 digits, like 113462"]

    def test_a_missing_urn_says_enter_the_urn(self):
        assert errors_of(self.school(urn=""))["urn"] == ["Enter the URN"]

    @pytest.mark.parametrize("laestab", ["838200", "83820011", "838-2001"])
    def test_laestab_must_be_seven_digits(self, laestab):
        assert "7 digits" in errors_of(self.school(laestab=laestab))["laestab"][0]

    def test_laestab_must_start_with_the_schools_la_code(self):
        message = errors_of(self.school(laestab="8602001"))["laestab"][0]
        assert "must start with 838" in message and "Dorset Council" in message

    def test_district_must_belong_to_the_schools_la(self):
        elsewhere = DistrictFactory(local_authority=LocalAuthorityFactory(code="860"))
        assert errors_of(self.school(district=elsewhere))["district"] == ["Choose a district of Dorset Council"]

    def test_trust_and_district_are_optional(self):
        self.school(district=None, trust=None).full_clean()
