"""The portal works with the keyboard alone, and GOV.UK Frontend's scripts run under the CSP."""

from sendhub.demo import DEMO_PASSWORD
from sendhub.models import Role
from tests.factories import SchoolFactory, UserFactory, member


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(live_server, page, transactional_db):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_sign_in_and_out_with_the_keyboard_alone(live_server, page, transactional_db):
    user = member(
        Role.SENCO, user=UserFactory(email="keys@example.org", full_name="Kay Boardman"), school=SchoolFactory()
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    page.goto(live_server.url + "/accounts/login/")
    page.locator("#id_username").focus()
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert "Kay Boardman" in page.content()
    # Tab to "Sign out" in the header and press it.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Sign out":
            break
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Your home page", state="detached")
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    assert "Kay Boardman" not in page.content()


def test_an_error_summary_takes_focus_and_its_links_move_to_the_field(live_server, page, transactional_db):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="Sign in").press("Enter")
    page.wait_for_load_state()
    # GOV.UK Frontend's error summary script focuses the summary on load.
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    page.get_by_role("link", name="Enter your email address").press("Enter")
    page.wait_for_function("document.activeElement.id === 'id_username'")


def test_gov_uk_frontend_scripts_run_under_the_content_security_policy(live_server, page, transactional_db):
    page.goto(live_server.url + "/")
    classes = page.evaluate("document.body.className")
    assert "js-enabled" in classes and "govuk-frontend-supported" in classes
    page.wait_for_function(
        "document.querySelector('[data-module=govuk-service-navigation]').hasAttribute('data-govuk-service-navigation-init')"
    )
    assert page.problems.console_errors == []
