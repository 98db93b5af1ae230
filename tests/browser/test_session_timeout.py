"""Issue 18: the session timeout warning (WCAG 2.2.1), in Chromium.

The page's clock is Playwright's, moved forward by hand: nothing here waits for real time.
The session is short (SESSION_COOKIE_AGE) so the numbers are the ones a person would see.
"""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world

TYPED = "Finds the dinner hall overwhelming."


def test_two_minutes_before_the_end_a_dialog_offers_to_stay_signed_in(live_server, page, transactional_db, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    settings.SESSION_WARNING_SECONDS = 2 * 60
    world = build_world()
    page.clock.install()
    sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("referrals:step", kwargs={"pk": world.referral_draft.pk, "step": "concern"}))
    page.get_by_label("What is the concern?").fill(TYPED)
    dialog = page.get_by_role("dialog")
    assert not dialog.is_visible()

    page.clock.fast_forward("07:59")
    assert not dialog.is_visible()
    page.clock.fast_forward("00:02")
    assert dialog.is_visible()
    assert "You are about to be signed out" in dialog.inner_text()
    assert "2 minutes" in dialog.inner_text()
    assert page.evaluate("document.getElementById('session-timeout').contains(document.activeElement)")
    assert axe_violations(page) == []

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()  # once the renewal has answered
    assert page.get_by_label("What is the concern?").input_value() == TYPED

    # The session was renewed, so the warning comes again a full period later.
    page.clock.fast_forward("07:59")
    assert not dialog.is_visible()
    page.clock.fast_forward("00:02")
    assert dialog.is_visible()
    page.clock.fast_forward("00:59")
    assert "1 minute" in dialog.inner_text()
    page.clock.fast_forward("01:01")
    assert "You have been signed out" in dialog.inner_text()
    assert dialog.get_by_role("link", name="Sign in again").is_visible()
    dialog.get_by_role("button", name="Go back to the page").click()
    assert not dialog.is_visible()
    assert page.get_by_label("What is the concern?").input_value() == TYPED


def test_escape_keeps_the_person_signed_in(live_server, page, transactional_db, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60
    settings.SESSION_WARNING_SECONDS = 2 * 60
    build_world()
    page.clock.install()
    sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
    page.clock.fast_forward("08:01")
    dialog = page.get_by_role("dialog")
    assert dialog.is_visible()
    with page.expect_response(lambda r: r.url.endswith(reverse("session_extend"))) as extended:
        page.keyboard.press("Escape")
    assert extended.value.status == 200
    expect(dialog).to_be_hidden()


def test_without_javascript_there_is_no_dialog_and_forms_still_work(live_server, browser, transactional_db):
    world = build_world()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
        page.goto(
            live_server.url + reverse("referrals:step", kwargs={"pk": world.referral_draft.pk, "step": "concern"})
        )
        assert not page.get_by_role("dialog").is_visible()
        page.get_by_label("What is the concern?").fill(TYPED)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        world.referral_draft.refresh_from_db()
        assert world.referral_draft.concern == TYPED
    finally:
        context.close()
