"""Behind reverse proxies the lock-out counts the person's address, not the proxy's.

TRUSTED_PROXY_COUNT is read into django-ipware's settings (AXES_IPWARE_*) once, at start-up; these
tests set the values it gives for zero and one proxy.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from sendhub.clientip import client_ip
from tests.factories import TEST_PASSWORD, UserFactory

PROXY = "10.0.0.1"  # nginx: every request arrives from it


def trust_proxies(settings, count: int) -> None:
    """What settings.py makes of TRUSTED_PROXY_COUNT=count."""
    settings.TRUSTED_PROXY_COUNT = count
    settings.AXES_IPWARE_PROXY_COUNT = count - 1 if count else None
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if count else ("REMOTE_ADDR",)


def request_from(remote_addr: str, forwarded_for: str | None = None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


def sign_in(client, email, password, *, remote_addr=PROXY, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_with_no_trusted_proxy_a_forged_forwarded_for_is_ignored(settings):
    trust_proxies(settings, 0)
    assert client_ip(request_from("198.51.100.7", "203.0.113.66")) == "198.51.100.7"


def test_behind_one_proxy_the_address_is_the_one_the_proxy_wrote(settings):
    trust_proxies(settings, 1)
    assert client_ip(request_from(PROXY, "198.51.100.7")) == "198.51.100.7"
    # A client that sends its own header gets the proxy's entry appended: its invention is not read.
    assert client_ip(request_from(PROXY, "203.0.113.66, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_address_is_second_from_the_right(settings):
    trust_proxies(settings, 2)
    assert client_ip(request_from(PROXY, "203.0.113.66, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


@pytest.mark.django_db
def test_behind_one_proxy_five_wrong_passwords_from_one_address_do_not_lock_out_other_addresses(client, settings):
    trust_proxies(settings, 1)
    UserFactory(email="guesser.target@example.org")
    UserFactory(email="colleague@example.org")
    for _ in range(5):
        sign_in(client, "guesser.target@example.org", "wrong-password", forwarded_for="198.51.100.7")

    # Someone else, at another address behind the same proxy, signs in as usual.
    response = sign_in(client, "colleague@example.org", TEST_PASSWORD, forwarded_for="198.51.100.8")
    assert response.status_code == 302 and response["Location"] == reverse("home")

    # The guessing address itself is locked, whichever account it tries next.
    client.logout()
    locked = sign_in(client, "colleague@example.org", TEST_PASSWORD, forwarded_for="198.51.100.7")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_with_no_trusted_proxy_forging_forwarded_for_does_not_dodge_the_lock_out(client, settings):
    trust_proxies(settings, 0)
    UserFactory(email="guesser.target@example.org")
    UserFactory(email="colleague@example.org")
    for n in range(5):  # a new invented address each time, from one real connection
        sign_in(client, f"nobody{n}@example.org", "wrong", remote_addr="198.51.100.7", forwarded_for=f"203.0.113.{n}")
    locked = sign_in(
        client, "colleague@example.org", TEST_PASSWORD, remote_addr="198.51.100.7", forwarded_for="203.0.113.99"
    )
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    # Another real address is not affected.
    assert sign_in(client, "colleague@example.org", TEST_PASSWORD, remote_addr="198.51.100.8").status_code == 302
