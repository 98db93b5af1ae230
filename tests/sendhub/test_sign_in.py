"""Signing in, out, resetting a password and being locked out after repeated failures."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from sendhub.models import OutboundEmail
from tests.factories import TEST_PASSWORD, UserFactory


@pytest.fixture
def person(db):
    return UserFactory(email="person@example.org", full_name="Pat Person")


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_signing_in_takes_you_to_your_home_page(client, person):
    response = sign_in(client, "person@example.org", TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Your home page" in client.get(reverse("home")).content.decode()


def test_a_wrong_password_shows_a_gov_uk_error_summary(client, person):
    response = sign_in(client, "person@example.org", "wrong-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in html and "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html


def test_empty_sign_in_form_says_what_to_enter(client, db):
    html = client.post(reverse("login"), {}).content.decode()
    assert "Enter your email address" in html and "Enter your password" in html


def test_a_pasted_wall_of_text_as_email_is_refused_with_a_message(client, person):
    response = sign_in(client, "person@example.org" + "x" * 60_000, TEST_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200 and 'class="govuk-error-summary"' in html
    assert "Email address must be 254 characters or fewer" in html
    assert "_auth_user_id" not in client.session


def test_five_wrong_passwords_lock_the_account_even_with_the_right_password_after(client, person):
    for _ in range(5):
        sign_in(client, "person@example.org", "wrong-password")
    response = sign_in(client, "Person@Example.org", TEST_PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_wrong_passwords_do_not_lock_the_account(client, person):
    for _ in range(4):
        sign_in(client, "person@example.org", "wrong-password")
    assert sign_in(client, "person@example.org", TEST_PASSWORD).status_code == 302


def test_signing_out_needs_a_post_and_ends_the_session(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_email_goes_through_the_outbox_after_commit(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "PERSON@example.org"})
    assert response.status_code == 302
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["person@example.org"]
    link = re.search(r"http://\S+/accounts/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a completely new passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 0


def test_an_expired_reset_link_says_so(client, db):
    html = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"})).content.decode()
    assert "This link has expired" in html
