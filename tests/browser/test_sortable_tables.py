"""In Chromium, with and without JavaScript's help: the caseload, the referral list and the inbox sort from
their column headers and filter from their forms; each state passes axe and does not scroll sideways at 375 px."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import PERSONA_EMAILS, build_world

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def _check(page, problems: list[str]) -> None:
    problems.extend(f"{page.url}: {line}" for line in axe_violations(page))
    page.set_viewport_size(PHONE)
    if page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth"):
        problems.append(f"{page.url}: scrolls sideways at 375 px wide")
    page.set_viewport_size(DESKTOP)


@pytest.mark.parametrize(
    "persona, route, column, filter_label",
    [
        ("la_officer", "pupils:ehc_caseload", "Pupil", "Stage"),
        ("senco_a", "referrals:list", "Child", "Status"),
        ("coordinator", "referrals:inbox", "Child", "Hub"),
    ],
)
def test_a_list_sorts_from_its_headers_and_keeps_its_filters(
    persona, route, column, filter_label, live_server, page, transactional_db
):
    build_world()
    sign_in(page, live_server.url, PERSONA_EMAILS[persona], DEMO_PASSWORD)
    page.goto(live_server.url + reverse(route))
    problems: list[str] = []
    _check(page, problems)
    header = page.locator("main th[aria-sort]", has_text=column)
    assert header.get_attribute("aria-sort") == "none"

    # Sort, then both ways; applying the filters keeps the sort (a hidden field).
    header.locator("a").click()
    page.wait_for_load_state()
    assert header.get_attribute("aria-sort") == "ascending"
    _check(page, problems)
    header.locator("a").click()
    page.wait_for_load_state()
    assert header.get_attribute("aria-sort") == "descending"
    sort = page.url.split("sort=")[1].split("&")[0]
    assert sort.startswith("-")
    select = page.get_by_label(filter_label, exact=True)
    value = select.locator("option").nth(1).get_attribute("value")
    select.select_option(value)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert f"sort={sort}" in page.url
    assert page.get_by_label(filter_label, exact=True).input_value() == value
    _check(page, problems)

    # A date written wrong: the filter says so, the page still works.
    page.locator("main form input[name$='_from_0']").fill("31")
    page.locator("main form input[name$='_from_1']").fill("2")
    page.locator("main form input[name$='_from_2']").fill("2026")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "must be a real date" in page.locator("main form").inner_text()
    _check(page, problems)
    assert not problems, "\n".join(problems)
