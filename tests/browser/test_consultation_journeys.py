"""Consultations in Chromium: a parent responds on a phone; staff moderate. Every page scanned by axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from consultations import demo
from consultations.models import Answer, Consultation, Response
from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world


def _scan(page, problems: list[str]) -> None:
    problems += [f"{page.url}: {line}" for line in axe_violations(page)]


def test_a_parent_responds_on_a_phone_and_gets_a_reference(live_server, page, transactional_db):
    build_world()
    page.set_viewport_size({"width": 375, "height": 740})
    problems: list[str] = []
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Consultations", exact=True).click()
    _scan(page, problems)
    page.get_by_role("link", name="How is our mainstream SEND hub working? Have your say").click()
    _scan(page, problems)
    page.get_by_role("button", name="Respond to this consultation").click()
    _scan(page, problems)

    page.get_by_role("button", name="Send response").click()  # nothing chosen yet
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the answer to the post
    assert page.locator(".govuk-error-summary").is_visible()
    _scan(page, problems)

    page.get_by_label("Parent or carer").check()
    page.get_by_label("Agree", exact=True).check()
    page.get_by_label("Is there anything else you would like to tell us? (optional)").fill(
        "The hub has helped my son settle. More sensory breaks, please."
    )
    page.get_by_label("Email address (optional)").fill("jo.parent@example.org")
    page.get_by_role("button", name="Send response").click()
    expect(page).to_have_title(re.compile(r"^Response sent"))
    reference = re.search(r"CN-[0-9A-Z]{4}-[0-9A-Z]{4}", page.locator(".govuk-panel").inner_text()).group(0)
    _scan(page, problems)
    stored = Response.objects.get(reference=reference)
    assert stored.receipt_requested and not stored.suspected_spam

    page.goto(f"{live_server.url}/consultations/{demo.CLOSED_SLUG}/respond/")
    assert "This consultation has closed" in page.locator("h1").inner_text()
    _scan(page, problems)
    page.goto(f"{live_server.url}/consultations/{demo.OPEN_SLUG}/")
    _scan(page, problems)
    assert not page.problems.console_errors, page.problems.console_errors
    assert not problems, "\n".join(problems)


def test_a_school_leader_hides_an_abusive_answer(live_server, page, transactional_db):
    build_world()
    closed = Consultation.objects.get(slug=demo.CLOSED_SLUG)
    abusive = Answer.objects.get(response__consultation=closed, hidden=True)
    Answer.objects.filter(pk=abusive.pk).update(hidden=False, hidden_reason="", hidden_by=None, hidden_at=None)
    problems: list[str] = []
    sign_in(page, live_server.url, "head.a@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Consultations").first.click()
    _scan(page, problems)
    page.get_by_role("link", name=closed.title).click()
    page.get_by_role("link", name="Read and moderate responses").click()
    _scan(page, problems)
    page.get_by_role("link", name=abusive.response.reference).click()
    _scan(page, problems)
    page.get_by_role("link", name="Hide the answer to question 3").click()
    page.get_by_label("No, hide it from the published summary").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_title(re.compile(r"^Error: "))  # waits for the answer to the post
    _scan(page, problems)
    page.get_by_label("Why are you hiding it? (if hiding)").fill("Abusive language about a named teacher")
    page.get_by_role("button", name="Save").click()
    assert "Answer hidden from the published summary" in page.locator(".govuk-notification-banner").inner_text()
    _scan(page, problems)
    abusive.refresh_from_db()
    assert abusive.hidden and abusive.value
    assert not page.problems.console_errors, page.problems.console_errors
    assert not problems, "\n".join(problems)
