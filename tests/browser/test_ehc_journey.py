"""In Chromium: the LA officer takes a demo pupil from a request to a final plan naming the demo hub, then
records an annual review with an amendment. Every page on the way is scanned with axe-core."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pupils.models import EHCAssessment
from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world


def _fill_date(page, name: str, day: date) -> None:
    page.fill(f"#id_{name}_0", str(day.day))
    page.fill(f"#id_{name}_1", str(day.month))
    page.fill(f"#id_{name}_2", str(day.year))


def test_la_officer_records_an_ehc_case_from_request_to_amended_plan(live_server, page, transactional_db):
    world = build_world()
    pupil = world.ehc_pupil_for_request
    today = timezone.localdate()
    received = today - timedelta(weeks=25)
    problems: list[str] = []

    def submit(expect_heading: str) -> None:
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".govuk-error-summary").count() == 0, page.locator("main").inner_text()[:1500]
        assert expect_heading in page.locator("h1").inner_text()
        problems.extend(f"{page.url}: {line}" for line in axe_violations(page))

    def open_step(link_text: str) -> None:
        page.locator("main .govuk-summary-list a", has_text=link_text).first.click()
        page.wait_for_load_state()
        problems.extend(f"{page.url}: {line}" for line in axe_violations(page))

    sign_in(page, live_server.url, "la.officer@example.org", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("pupils:ehc_request", kwargs={"pk": pupil.pk}))
    _fill_date(page, "request_received_on", received)
    page.get_by_label("Parent or carer").check()
    submit("EHC needs assessment")
    assert "Request recorded" in page.locator(".govuk-notification-banner").inner_text()

    open_step("Record the decision whether to assess")
    page.get_by_label("Yes, the local authority will assess").check()
    _fill_date(page, "decision_on", received + timedelta(weeks=6))
    submit("EHC needs assessment")

    open_step("Record the date the draft plan was served")
    _fill_date(page, "draft_served_on", received + timedelta(weeks=14))
    submit("EHC needs assessment")

    open_step("Record the date the parent's comments were received")
    _fill_date(page, "comments_received_on", received + timedelta(weeks=15))
    submit("EHC needs assessment")

    open_step("Record the consultation with a school")
    # The school, by the autocomplete over the whole register (issue 18): type, arrow down, Enter.
    # Each key asks the endpoint again: wait for the answer to the whole word, so the suggestions
    # are not redrawn under the arrow key by an earlier answer.
    with page.expect_response(lambda response: "find.json" in response.url and "q=aldhelm" in response.url):
        page.locator("#id_school_consulted").press_sequentially("aldhelm", delay=40)
    page.get_by_role("option", name="St Aldhelm's CE Primary School (URN 990101)").wait_for()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".autocomplete__option--focused")).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page.locator("#id_school_consulted")).to_have_value("St Aldhelm's CE Primary School (URN 990101)")
    _fill_date(page, "school_consulted_on", received + timedelta(weeks=14))
    _fill_date(page, "school_responded_on", received + timedelta(weeks=16))
    submit("EHC needs assessment")

    open_step("Issue the final plan")
    _fill_date(page, "final_issued_on", received + timedelta(weeks=21))
    page.get_by_label("A mainstream SEND hub", exact=True).check()
    # The hub's select is enhanced into an autocomplete over its own options.
    page.locator("#id_named_hub").press_sequentially("Aldhelm's Main", delay=40)
    page.get_by_role("option", name="St Aldhelm's Mainstream SEND Hub (St Aldhelm's CE Primary School)").wait_for()
    page.keyboard.press("Enter")
    submit("EHC needs assessment")

    deadlines = page.locator("main table").first.inner_text()
    assert "Met on the day" in deadlines  # decided in the sixth week
    assert "Missed by 7 days" in deadlines  # the final plan, a week late
    assert "Final plan issued" in page.locator("main").inner_text()

    page.get_by_role("link", name="View the EHC plan").click()
    page.wait_for_load_state()
    assert "St Aldhelm's Mainstream SEND Hub" in page.locator("main").inner_text()
    page.get_by_role("link", name="Add an annual review").click()
    meeting = received + timedelta(weeks=22)
    _fill_date(page, "meeting_on", meeting)
    _fill_date(page, "notice_given_on", meeting - timedelta(weeks=2))
    page.locator("#id_is_phase_transfer_2").check()  # No
    submit("Annual review")

    open_step("Record the date the report was sent")
    _fill_date(page, "report_sent_on", meeting + timedelta(days=7))
    submit("Annual review")
    open_step("Record the decision")
    page.get_by_label("Amend the plan").check()
    _fill_date(page, "decision_on", meeting + timedelta(days=7))
    submit("Annual review")
    open_step("Record the date of the amendment notice")
    _fill_date(page, "amendment_notice_on", meeting + timedelta(days=7))
    # Reg 22: the parent's representations are in, so the plan need not wait out the 15 days.
    _fill_date(page, "representations_received_on", meeting + timedelta(days=10))
    submit("Annual review")
    open_step("Record the amended plan")
    _fill_date(page, "amended_plan_issued_on", today)
    page.get_by_label("No, it names the same setting").check()
    submit("Annual review")

    review = page.locator("main").inner_text()
    assert "Amended plan issued" in review and "Missed" not in review
    assert (
        EHCAssessment.objects.get(pupil=pupil, final_issued_on__isnull=False).plan.reviews.get().amended_plan_issued_on
        == today
    )
    assert not problems, "\n".join(problems)
    assert not page.problems.console_errors
