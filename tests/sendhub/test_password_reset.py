"""Asking for a reset link tells nobody whether an account exists, and is limited."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def person(db):
    return UserFactory(email="person@example.org")


def ask(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def test_the_answer_is_the_same_and_the_work_is_left_for_after_it_either_way(
    client, person, django_capture_on_commit_callbacks
):
    answers = []
    for email in ["person@example.org", "nobody-here@example.org"]:
        sent = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = ask(client, email)
        answers.append((response.status_code, response["Location"], len(callbacks)))
        assert len(mail.outbox) == sent  # nothing found, made or sent before the answer
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks:
                callback()
    assert answers[0] == answers[1] == (302, reverse("password_reset_done"), 1)
    assert [m.to for m in mail.outbox] == [["person@example.org"]]


def test_a_few_links_per_account_then_a_message_to_wait(client, person, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = "3/h"
    for _ in range(3):
        assert ask(client, "person@example.org").status_code == 302
    response = ask(client, "Person@example.org")
    html = response.content.decode()
    assert response.status_code == 200 and 'class="govuk-error-summary"' in html
    assert "You have asked for too many reset links" in html
    assert ask(client, "someone-else@example.org").status_code == 302  # other accounts are not held up


def test_a_limit_per_client_address_whatever_the_account(client, db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_ADDRESS = "2/h"
    assert ask(client, "a@example.org").status_code == 302
    assert ask(client, "b@example.org").status_code == 302
    assert "too many reset links" in ask(client, "c@example.org").content.decode()
    other = client.post(reverse("password_reset"), {"email": "c@example.org"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302
