"""Every page each persona may see, in Chromium, scanned by axe-core (WCAG 2.2 A and AA).

The pages come from the route-by-role matrix: a route a persona gets a 200 from is
visited as that persona. Routes marked `validates` are also submitted empty, and the
page with its GOV.UK error summary is scanned too.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.routes import MATRIX
from tests.world import PERSONA_EMAILS, PERSONAS, build_world


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
    for name, url, validates in _pages_for(persona, world):
        response = page.goto(live_server.url + url)
        visited += 1
        if response is None or response.status != 200:
            problems.append(f"{url} ({name}): status {response.status if response else 'none'}")
            continue
        problems += [f"{url} ({name}): {line}" for line in axe_violations(page)]
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
    problems += [f"console: {text}" for text in page.problems.console_errors]
    assert visited > 0
    assert not problems, "\n".join(problems)
