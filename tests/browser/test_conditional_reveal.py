"""In Chromium: a follow-up question opens beneath its answer with the keyboard, its error summary
link moves focus to the revealed field, and without JavaScript every follow-up is shown."""

from __future__ import annotations

from django.urls import reverse

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world


def _shown(page, selector: str) -> bool:
    return page.locator(selector).is_visible()


def test_consent_details_open_with_the_keyboard_and_the_error_link_focuses_the_revealed_field(
    live_server, page, transactional_db
):
    world = build_world()
    url = live_server.url + reverse("referrals:step", kwargs={"pk": world.referral_draft.pk, "step": "consent"})
    sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
    page.goto(url)
    # The draft's consent is written: its upload is shown, the verbal details are not.
    assert page.locator("#id_method_1").is_checked()
    assert _shown(page, "#id_document") and not _shown(page, "#id_taken_by")
    assert page.locator("#id_method_1").get_attribute("aria-expanded") is None  # radios do not support it
    assert axe_violations(page) == []

    # Arrow keys move the choice within the radio group: "Verbal" opens its follow-up, "Written" closes.
    page.locator("#id_method_1").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator("#id_method_2").is_checked()
    page.wait_for_selector("#id_taken_by", state="visible")
    assert not _shown(page, "#id_document")
    assert axe_violations(page) == []

    # Leave who took it empty and send the form with the keyboard.
    page.locator("#id_taken_by").fill("")
    page.locator("#id_taken_by").press("Enter")
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    assert page.locator("#id_method_2").is_checked() and _shown(page, "#id_taken_by")
    page.get_by_role("link", name="Enter who took the consent").press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_taken_by'")
    assert page.locator("#id_taken_by").is_visible()
    assert axe_violations(page) == []
    assert page.problems.console_errors == []


def test_without_javascript_every_follow_up_is_shown(live_server, browser, transactional_db):
    world = build_world()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
        page.goto(
            live_server.url + reverse("referrals:step", kwargs={"pk": world.referral_draft.pk, "step": "consent"})
        )
        assert page.locator("#id_document").is_visible() and page.locator("#id_taken_by").is_visible()
    finally:
        context.close()
