"""Issues 18 and 19 in the browser: choosing a pupil with the accessible autocomplete, by keyboard.

With few pupils the start page's select becomes an autocomplete over its own options; with
many the server renders a text box and the autocomplete asks the scoped `pupils:find`.
Either way: type, pick with the arrow keys and Enter, start the referral, land on its first step.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from referrals.intake.forms import StartForm
from sendhub.demo import DEMO_PASSWORD
from sendhub.models import Membership, Role
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import PupilFactory
from tests.world import build_world


def _new_pupil():
    school = Membership.objects.get(user__email="senco.a@example.org", role=Role.SENCO).school
    return PupilFactory(school=school, legal_first_name="Wren", legal_last_name="Quillfeather", year_group="4")


def _choose_and_start(page, base_url: str, pupil, *, endpoint: bool = False) -> None:
    sign_in(page, base_url, "senco.a@example.org", DEMO_PASSWORD)
    page.goto(f"{base_url}/referrals/new/")
    field = page.get_by_role("combobox", name="Which child are you referring?")
    field.focus()
    if endpoint:
        # Each key asks the endpoint again: wait for the answer to the whole word, so the
        # suggestions are not redrawn under the arrow key by an earlier answer.
        with page.expect_response(lambda response: "find.json" in response.url and "q=quillfea" in response.url):
            field.press_sequentially("quillfea", delay=40)
    else:
        field.press_sequentially("quillfea", delay=40)  # the select's own options, filtered here
    option = page.get_by_role("option", name=f"Wren Quillfeather, Year 4 (UPN {pupil.upn})")
    option.wait_for()
    assert axe_violations(page) == []  # with the suggestions open
    page.keyboard.press("ArrowDown")
    expect(page.locator(".autocomplete__option--focused")).to_have_count(1)  # the highlighted suggestion
    page.keyboard.press("Enter")
    expect(field).to_have_value(f"Wren Quillfeather, Year 4 (UPN {pupil.upn})")
    page.get_by_role("button", name="Start the referral").click()
    page.wait_for_selector("h1:has-text('The concern and the child')")
    assert "/concern/" in page.url and "Wren Quillfeather" in page.content()
    assert page.problems.console_errors == []


def test_a_senco_picks_a_pupil_from_the_enhanced_select(live_server, page, transactional_db):
    build_world()
    pupil = _new_pupil()
    _choose_and_start(page, live_server.url, pupil)


@pytest.fixture
def many_pupils(monkeypatch):
    monkeypatch.setattr(StartForm, "PUPIL_SELECT_LIMIT", 1)


def test_past_the_limit_suggestions_come_from_the_scoped_endpoint(live_server, page, transactional_db, many_pupils):
    build_world()
    pupil = _new_pupil()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/pupils/find.json" in r.url else None)
    _choose_and_start(page, live_server.url, pupil, endpoint=True)
    assert requests and all("for=referral" in url for url in requests)
