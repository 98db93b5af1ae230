"""People sign in by email and hold roles at organisations through memberships."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sendhub.access import reach
from sendhub.models import Agency, Membership, Role, User
from tests.factories import TEST_PASSWORD, DistrictFactory, SchoolFactory, TrustFactory, UserFactory


@pytest.mark.django_db
def test_email_is_the_username_and_is_stored_in_lower_case():
    user = User.objects.create_user("Someone.New@Example.ORG", "a-long-password", full_name="Someone New")
    assert user.email == "someone.new@example.org"
    assert User.USERNAME_FIELD == "email"


@pytest.mark.django_db
def test_two_accounts_cannot_share_an_email_whatever_the_capitals():
    User.objects.create_user("same@example.org", "x" * 12, full_name="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="SAME@example.org", full_name="Two")


@pytest.mark.django_db
def test_signing_in_ignores_the_capitals_of_the_email(rf):
    user = UserFactory(email="mixed@example.org")
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="Mixed@Example.org", password=TEST_PASSWORD) == user


@pytest.mark.django_db
def test_one_person_can_hold_several_memberships():
    user = UserFactory()
    school, district = SchoolFactory(), DistrictFactory()
    Membership.objects.create(user=user, role=Role.SENCO, school=school)
    Membership.objects.create(user=user, role=Role.SCHOOL_LEADER, school=school)
    Membership.objects.create(user=user, role=Role.PANEL_MEMBER, district=district, agency=Agency.EDUCATION)
    r = reach(user)
    assert r.roles == {Role.SENCO, Role.SCHOOL_LEADER, Role.PANEL_MEMBER}
    assert r.senco_schools == {school.pk} and r.leader_schools == {school.pk} and r.panel_districts == {district.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, where, field",
    [
        (Role.SENCO, {}, "school"),
        (Role.HUB_COORDINATOR, {}, "district"),
        (Role.LA_OFFICER, {}, "local_authority"),
        (Role.TRUST_SEND_LEAD, {}, "trust"),
    ],
)
def test_a_role_needs_its_kind_of_organisation(role, where, field):
    membership = Membership(user=UserFactory(), role=role, **where)
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert field in exc.value.message_dict


@pytest.mark.django_db
def test_a_senco_cannot_be_attached_to_a_trust():
    membership = Membership(user=UserFactory(), role=Role.SENCO, school=SchoolFactory(), trust=TrustFactory())
    with pytest.raises(ValidationError) as exc:
        membership.full_clean()
    assert "trust" in exc.value.message_dict


@pytest.mark.django_db
def test_a_panel_member_must_have_an_agency_and_nobody_else_may():
    district = DistrictFactory()
    with pytest.raises(ValidationError) as exc:
        Membership(user=UserFactory(), role=Role.PANEL_MEMBER, district=district).full_clean()
    assert "agency" in exc.value.message_dict
    with pytest.raises(ValidationError):
        Membership(user=UserFactory(), role=Role.HUB_COORDINATOR, district=district, agency=Agency.HEALTH).full_clean()


@pytest.mark.django_db
def test_the_database_refuses_a_membership_that_does_not_fit_its_role():
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), role=Role.LA_OFFICER, school=SchoolFactory())


@pytest.mark.django_db
def test_an_ended_membership_gives_no_reach():
    user = UserFactory()
    school = SchoolFactory()
    Membership.objects.create(
        user=user, role=Role.SENCO, school=school, ended_on=timezone.localdate() - timedelta(days=1)
    )
    assert reach(user).senco_schools == frozenset()


@pytest.mark.django_db
def test_a_deactivated_account_reaches_nothing():
    user = UserFactory(is_active=False)
    Membership.objects.create(user=user, role=Role.SENCO, school=SchoolFactory())
    assert reach(user).roles == frozenset()
