"""Two-factor sign-in: set up at first sign-in, a code at each sign-in, recovery codes, resets."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sendhub import twofactor
from sendhub.models import AuditEvent, Role
from tests.factories import TEST_PASSWORD, SchoolFactory, UserFactory, member


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def unthrottle(device) -> None:
    """django-otp makes the next try wait a moment after a wrong code; a person would be slower."""
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()


def sign_in(client, user, password=TEST_PASSWORD):
    return client.post(reverse("login"), {"username": user.email, "password": password})


@pytest.fixture
def senco(db):
    return member(Role.SENCO, user=UserFactory(email="senco@example.org"), school=SchoolFactory())


@pytest.fixture
def required(settings):
    settings.TWO_FACTOR_REQUIRED = True


@pytest.fixture
def enrolled(senco):
    device = twofactor.enrol_key(user=senco)
    codes = twofactor.new_recovery_codes(user=senco)
    return device, codes


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def test_without_the_setting_staff_sign_in_with_their_password_alone(client, senco):
    response = sign_in(client, senco)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in_as(client) == str(senco.pk)


def test_when_required_staff_set_up_an_app_at_first_sign_in_before_they_are_signed_in(client, senco, required):
    response = sign_in(client, senco)
    assert response["Location"] == reverse("two_factor_setup")
    assert signed_in_as(client) is None
    assert client.get(reverse("home")).status_code == 200  # the public home page, not theirs
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and 'aria-label="QR code for your authenticator app"' in page
    typed = re.search(r'id="typed-key">([A-Z2-7 ]+)<', page).group(1)
    device = TOTPDevice.objects.get(user=senco)
    assert typed.replace(" ", "") == twofactor.base32_key(device) and not device.confirmed

    wrong = client.post(reverse("two_factor_setup"), {"otp_token": "000000"}).content.decode()
    assert 'class="govuk-error-summary"' in wrong and "The code is not right" in wrong
    unthrottle(device)
    response = client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)})
    assert response["Location"] == reverse("two_factor_recovery_codes")
    assert signed_in_as(client) == str(senco.pk)
    shown = client.get(reverse("two_factor_recovery_codes")).content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    again = client.get(reverse("two_factor_recovery_codes")).content.decode()
    assert codes[0] not in again and "10 recovery codes left" in again


def test_someone_with_an_app_enters_its_code_at_sign_in(client, senco, enrolled):
    device, _ = enrolled
    response = sign_in(client, senco)
    assert response["Location"] == reverse("two_factor_verify") and signed_in_as(client) is None
    page = client.get(reverse("two_factor_verify")).content.decode()
    assert 'name="otp_token"' in page and "Enter the code from your authenticator app" in page
    wrong = client.post(reverse("two_factor_verify"), {"otp_token": "123456"})
    assert "The code is not right" in wrong.content.decode() and signed_in_as(client) is None
    unthrottle(device)
    response = client.post(reverse("two_factor_verify"), {"otp_token": code_for(device)})
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == str(senco.pk)
    assert "Your home page" in client.get(reverse("home")).content.decode()


def test_the_sign_in_goes_on_to_the_page_asked_for(client, senco, enrolled):
    device, _ = enrolled
    client.post(reverse("login") + "?next=/pupils/", {"username": senco.email, "password": TEST_PASSWORD})
    response = client.post(reverse("two_factor_verify"), {"otp_token": code_for(device)})
    assert response["Location"] == "/pupils/"


def test_a_recovery_code_works_once(client, senco, enrolled):
    _, codes = enrolled
    sign_in(client, senco)
    assert client.post(reverse("two_factor_verify"), {"otp_token": codes[0]}).status_code == 302
    assert StaticToken.objects.filter(device__user=senco).count() == 9
    client.post(reverse("logout"))
    sign_in(client, senco)
    reused = client.post(reverse("two_factor_verify"), {"otp_token": codes[0]})
    assert reused.status_code == 200 and signed_in_as(client) is None


def test_five_wrong_codes_end_the_attempt_and_the_right_code_then_waits(client, senco, enrolled, settings):
    device, codes = enrolled
    sign_in(client, senco)
    for _ in range(5):
        response = client.post(reverse("two_factor_verify"), {"otp_token": "999999"})
    assert "too many wrong codes" in response.content.decode()
    assert client.get(reverse("two_factor_verify"))["Location"] == reverse("login")
    sign_in(client, senco)
    response = client.post(reverse("two_factor_verify"), {"otp_token": codes[1]})
    assert "too many wrong codes" in response.content.decode() and signed_in_as(client) is None


def test_the_password_step_still_locks_out_after_five_wrong_passwords(client, senco, enrolled):
    for _ in range(5):
        sign_in(client, senco, "wrong-password")
    response = sign_in(client, senco)
    assert response.status_code == 429 and twofactor.PENDING_KEY not in client.session


def test_a_session_without_the_second_factor_is_signed_out_when_it_is_required(client, senco, required):
    client.force_login(senco)
    response = client.get(reverse("pupils:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert signed_in_as(client) is None


def test_parents_need_no_second_factor_but_may_opt_in_and_out(client, db, required):
    parent = member(Role.PARENT, user=UserFactory(email="carer@example.org"))
    assert sign_in(client, parent)["Location"] == reverse("home")
    account = client.get(reverse("account")).content.decode()
    assert "Set up two-factor sign-in" in account
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=parent)
    assert client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)}).status_code == 302
    assert "Turn off two-factor sign-in" in client.get(reverse("account")).content.decode()
    client.post(reverse("logout"))
    assert sign_in(client, parent)["Location"] == reverse("two_factor_verify")
    client.post(reverse("two_factor_verify"), {"otp_token": code_for(device, offset=1)})
    assert client.post(reverse("two_factor_turn_off"))["Location"] == reverse("account")
    assert not TOTPDevice.objects.filter(user=parent).exists()


def test_staff_who_must_use_it_cannot_turn_it_off(client, senco, enrolled, required):
    device, _ = enrolled
    sign_in(client, senco)
    client.post(reverse("two_factor_verify"), {"otp_token": code_for(device)})
    assert "cannot be turned off" in client.get(reverse("account")).content.decode()
    assert client.post(reverse("two_factor_turn_off")).status_code == 403


def test_an_administrators_reset_removes_the_devices_and_is_audited(client, senco, enrolled):
    admin = member(Role.ADMINISTRATOR, user=UserFactory(email="boss@example.org"))
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("admin:sendhub_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [senco.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=senco).exists()
    assert not StaticToken.objects.filter(device__user=senco).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.TWO_FACTOR_RESET)
    assert event.user == admin and event.model == "sendhub.user" and event.object_pk == str(senco.pk)


def test_the_admin_sign_in_page_is_the_portals_own(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("login") + "?next=/admin/"


def test_the_operator_command_prints_a_key_that_signs_in(client, senco, capsys):
    call_command("two_factor_enrol", "SENCO@example.org", "--key-only")
    key = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[A-Z2-7]+", key)
    device = TOTPDevice.objects.get(user=senco, confirmed=True)
    assert twofactor.base32_key(device) == key
    sign_in(client, senco)
    assert client.post(reverse("two_factor_verify"), {"otp_token": code_for(device)})["Location"] == reverse("home")


def test_an_app_enrolled_meanwhile_signs_in_from_the_set_up_page(client, senco, required):
    """The production smoke test answers the first sign-in's code with a key from two_factor_enrol."""
    sign_in(client, senco)
    assert 'name="otp_token"' in client.get(reverse("two_factor_setup")).content.decode()
    device = twofactor.enrol_key(user=senco)
    response = client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)})
    assert response["Location"] == reverse("home") and signed_in_as(client) == str(senco.pk)
