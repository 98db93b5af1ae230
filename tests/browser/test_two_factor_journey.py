"""Issue 14 in the browser: a SENCo sets up two-factor sign-in at first sign-in, then signs in with a code."""

import base64
import re

from django_otp.oath import totp

from sendhub.models import Role
from tests.browser.conftest import axe_violations
from tests.factories import TEST_PASSWORD, SchoolFactory, UserFactory, member


def _password_step(page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_senco_sets_up_an_app_then_signs_in_with_a_recovery_code(live_server, page, transactional_db, settings):
    settings.TWO_FACTOR_REQUIRED = True
    member(Role.SENCO, user=UserFactory(email="new.senco@example.org"), school=SchoolFactory())
    base = live_server.url

    _password_step(page, base, "new.senco@example.org")
    assert page.url == f"{base}/accounts/two-factor/set-up/"
    assert page.get_by_role("img", name="QR code for your authenticator app").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error: ") and page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []

    key = page.locator("#typed-key").inner_text().replace(" ", "")
    secret = base64.b32decode(key + "=" * (-len(key) % 8))
    page.get_by_role("textbox", name="Code").fill(f"{totp(secret):06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/accounts/two-factor/recovery-codes/")
    codes = re.findall(r"\b[a-z2-7]{8}\b", page.locator("#recovery-codes").inner_text())
    assert len(codes) == 10
    assert axe_violations(page) == []

    page.get_by_role("button", name="Sign out").click()
    _password_step(page, base, "new.senco@example.org")
    assert page.url == f"{base}/accounts/login/code/"
    assert axe_violations(page) == []
    page.locator("input[name=otp_token]").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("button", name="Sign out").is_visible()
