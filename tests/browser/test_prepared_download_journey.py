"""Issue 19: the responses CSV is prepared in the background; its page shows progress without refreshing."""

from __future__ import annotations

from consultations import demo
from consultations.models import Consultation
from sendhub.demo import DEMO_PASSWORD
from sendhub.downloads.services import download_prepare
from sendhub.models import PreparedDownload
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world


def test_a_school_leader_prepares_the_responses_csv_and_downloads_it(live_server, page, transactional_db):
    world = build_world()
    closed = Consultation.objects.get(slug=demo.CLOSED_SLUG)
    sign_in(page, live_server.url, "head.a@example.org", DEMO_PASSWORD)
    problems: list[str] = []

    # Waiting for the worker: the page says so in a polite live region, and updates itself by script.
    queued = world.download_queued
    page.goto(f"{live_server.url}/downloads/{queued.pk}/")
    live = page.locator("[aria-live=polite]")
    assert live.inner_text() == "Waiting to start."
    assert page.get_by_role("link", name="Check again").is_visible()
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    problems += axe_violations(page)
    PreparedDownload.objects.filter(pk=queued.pk).update(status=PreparedDownload.Status.QUEUED)
    assert download_prepare(download_id=queued.pk)
    page.get_by_role("link", name=f"Download {queued.filename}").wait_for(state="visible")
    assert live.inner_text().startswith("Your file is ready:")
    assert page.get_by_role("link", name="Check again").count() == 0
    problems += axe_violations(page)

    # From the consultation's page: the button prepares it (tasks run after commit here) and shows it ready.
    page.goto(f"{live_server.url}/consultations/manage/{closed.pk}/")
    page.get_by_role("button", name="Download all responses (CSV)").click()
    assert page.locator("h1").inner_text() == "Your file is ready"
    problems += axe_violations(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {closed.slug}-responses.csv").click()
    assert download.value.suggested_filename == f"{closed.slug}-responses.csv"
    assert not page.problems.console_errors, page.problems.console_errors
    assert not problems, "\n".join(problems)
