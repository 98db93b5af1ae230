"""Every page each persona may see, in Chromium, scanned by axe-core (WCAG 2.2 A and AA).

The pages come from the route-by-role matrix: a route a persona gets a 200 from is
visited as that persona. Routes marked `validates` are also submitted empty, and the
page with its GOV.UK error summary is scanned too; every link in that summary is then
followed, and focus must land on an input (the first radio or checkbox of a group, the day
box of a date). Every page is also laid out 375 px wide (a phone) and must not scroll sideways
(WCAG 1.4.10 Reflow). No two routes share a page title (each names its page, the record and
the section), and the navigation marks at most one link aria-current.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.routes import MATRIX
from tests.world import PERSONA_EMAILS, PERSONAS, build_world

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def _scrolls_sideways(page) -> bool:
    page.set_viewport_size(PHONE)
    try:
        return page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")
    finally:
        page.set_viewport_size(DESKTOP)


def _follow_error_links(page) -> tuple[list[str], dict[str, int]]:
    """Click each error summary link; (problems, how many links led to each kind of input)."""
    problems: list[str] = []
    kinds: dict[str, int] = {}
    links = page.locator(".govuk-error-summary__list a")
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        link.click()
        focused = page.evaluate(
            """() => {
              const el = document.activeElement;
              if (!el || !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return null;
              if (el.closest('.govuk-date-input')) return 'date';
              return el.type === 'radio' || el.type === 'checkbox' ? el.type : el.tagName.toLowerCase();
            }"""
        )
        if focused is None:
            problems.append(f"error link {href} ({link.inner_text()!r}) did not move focus to an input")
        else:
            kinds[focused] = kinds.get(focused, 0) + 1
    return problems, kinds


# People whose forms include radio groups and dates (so the crawl must have followed links to both).
FORMS_WITH_CHOICES_AND_DATES = ["senco_a", "coordinator", "la_officer"]


def _pages_for(persona: str, world) -> list[tuple[str, str, bool]]:
    pages = []
    for name, route in sorted(MATRIX.items()):
        for kwargs, expect in route.pages(world):
            if route.page and expect.get[persona] == 200:
                url = reverse(name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
                pages.append((name, url, expect.validates and expect.post[persona] == 200))
    return pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_passes_axe_for(persona, live_server, page, transactional_db):
    world = build_world()
    if PERSONA_EMAILS[persona]:
        sign_in(page, live_server.url, PERSONA_EMAILS[persona], DEMO_PASSWORD)
    problems: list[str] = []
    visited = 0
    followed: dict[str, int] = {}
    titles: dict[str, set[str]] = {}
    for name, url, validates in _pages_for(persona, world):
        response = page.goto(live_server.url + url)
        visited += 1
        if response is None or response.status != 200:
            problems.append(f"{url} ({name}): status {response.status if response else 'none'}")
            continue
        problems += [f"{url} ({name}): {line}" for line in axe_violations(page)]
        titles.setdefault(page.title(), set()).add(name)
        if page.locator("header [aria-current]").count() > 1:
            problems.append(f"{url} ({name}): more than one navigation link is aria-current")
        if _scrolls_sideways(page):
            problems.append(f"{url} ({name}): scrolls sideways at 375 px wide")
        if validates:
            # Empty the form (edit pages come pre-filled), then send it.
            page.evaluate(
                """() => {
                  const form = document.querySelector('main form[method=post]');
                  const typed = 'input[type=text], input[type=email], input[type=password], '
                      + 'input:not([type]), textarea';
                  form.querySelectorAll(typed).forEach(el => { el.value = ''; });
                  form.querySelectorAll('input[type=radio], input[type=checkbox]')
                      .forEach(el => { el.checked = false; });
                  form.querySelectorAll('select').forEach(el => { el.selectedIndex = 0; });
                }"""
            )
            page.locator("main form[method=post] button[type=submit]").first.click()
            page.wait_for_load_state()
            if not page.locator(".govuk-error-summary").is_visible():
                problems.append(f"{url} ({name}): an empty form showed no error summary")
            elif not page.title().startswith("Error: "):
                problems.append(f"{url} ({name}): the page title does not start with 'Error: '")
            problems += [f"{url} ({name}) with errors: {line}" for line in axe_violations(page)]
            if _scrolls_sideways(page):
                problems.append(f"{url} ({name}) with errors: scrolls sideways at 375 px wide")
            link_problems, kinds = _follow_error_links(page)
            problems += [f"{url} ({name}): {line}" for line in link_problems]
            for kind, count in kinds.items():
                followed[kind] = followed.get(kind, 0) + count
    problems += [
        f"pages of different routes share the title {t!r}: {sorted(n)}" for t, n in titles.items() if len(n) > 1
    ]
    problems += [f"console: {text}" for text in page.problems.console_errors]
    assert visited > 0
    if persona in FORMS_WITH_CHOICES_AND_DATES:
        # The crawl really followed links to radio groups and dates, not only to text boxes.
        assert followed.get("radio") and followed.get("date"), followed
    assert not problems, "\n".join(problems)
