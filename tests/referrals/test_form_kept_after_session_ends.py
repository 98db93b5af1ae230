"""Issue 18: a session that ends while someone types loses nothing (WCAG 2.2.1).

The form they send after the session ended is kept; once they sign in again as the same
person, the same page shows it filled in with what they typed. The browser test
(tests/browser/test_session_timeout.py) covers the warning dialog.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from sendhub.demo import DEMO_PASSWORD
from tests.factories import Role, member

pytestmark = pytest.mark.django_db

TYPED = "She leaves the classroom when it is noisy, most afternoons."


def _session_ends(client) -> None:
    Session.objects.all().delete()


def _sign_in(client, user, next_url):
    user.set_password(DEMO_PASSWORD)
    user.save()
    return client.post(
        reverse("login") + f"?next={next_url}",
        {"username": user.email, "password": DEMO_PASSWORD},
        follow=True,
    )


def test_a_form_sent_after_the_session_ended_is_filled_in_again_after_signing_in(client, personas, draft):
    url = reverse("referrals:step", kwargs={"pk": draft.pk, "step": "concern"})
    client.force_login(personas.senco_a)
    assert client.get(url).status_code == 200
    _session_ends(client)

    sent = client.post(url, {"concern": TYPED, "needs": "Speech and language"})
    assert sent.status_code == 302 and sent["Location"].startswith(reverse("login"))

    page = _sign_in(client, personas.senco_a, url)
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == url
    assert TYPED in html and "Speech and language" in html
    assert "We kept what you typed" in html
    # Only once: the next visit shows the saved draft again.
    assert TYPED not in client.get(url).content.decode()


def test_someone_else_signing_in_on_the_same_browser_does_not_get_it(client, personas, draft):
    url = reverse("referrals:step", kwargs={"pk": draft.pk, "step": "concern"})
    client.force_login(personas.senco_a)
    client.get(url)
    _session_ends(client)
    client.post(url, {"concern": TYPED})

    colleague = member(Role.SENCO, school=personas.school_a)  # may open the same draft
    page = _sign_in(client, colleague, url)
    assert page.redirect_chain[-1][0] == url and page.status_code == 200
    assert TYPED not in page.content.decode()
    assert "We kept what you typed" not in page.content.decode()


def test_passwords_are_never_kept(client, personas, draft):
    url = reverse("referrals:step", kwargs={"pk": draft.pk, "step": "concern"})
    client.force_login(personas.senco_a)
    client.get(url)
    _session_ends(client)
    client.post(url, {"concern": TYPED, "password": "secret-words"})
    kept = client.session["sendhub_kept_form"]
    assert kept["data"] == {"concern": [TYPED]}


def test_stay_signed_in_renews_the_session(client, personas):
    client.force_login(personas.senco_a)
    response = client.post(reverse("session_extend"))
    assert response.status_code == 200 and response.json() == {"expires_in": settings.SESSION_COOKIE_AGE}
    client.logout()
    assert client.post(reverse("session_extend")).status_code == 302
