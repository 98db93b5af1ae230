"""Issue 7 in the browser, on the demo world: the coordinator's half-termly cycle."""

from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.world import build_world


def test_coordinator_schedules_records_minutes_reviews_actions_and_escalates(live_server, page, transactional_db):
    world = build_world()
    base = live_server.url
    sign_in(page, base, "coordinator@example.org", DEMO_PASSWORD)

    # Schedule the next meeting: the form proposes a school day that is not a bank holiday.
    page.goto(f"{base}/meetings/schedule/")
    assert page.locator("#id_day_0").input_value() != ""
    page.get_by_label("Place (optional if it is online)").fill("Casterbridge Library, meeting room")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_selector("text=Meeting scheduled and invitations sent")
    assert axe_violations(page) == []
    with page.expect_download() as invitation:
        page.get_by_role("link", name="Add to your calendar (ICS)").click()
    assert invitation.value.suggested_filename.endswith(".ics")
    with page.expect_download() as pack:
        page.get_by_role("link", name="Download the meeting pack (PDF)").click()
    assert pack.value.suggested_filename.endswith(".pdf")

    # The recent meeting: minutes with an action for Maya (a new referral)...
    page.goto(f"{base}/meetings/{world.meeting_recent.pk}/")
    page.get_by_role("link", name="Maya Thornton").click()
    page.get_by_role("link", name="Record the discussion").click()
    page.get_by_label("Summary of the discussion").fill(
        "Maya's teacher and the panel shared what helps her follow instructions."
    )
    page.get_by_label("Strategies agreed (optional)").fill("Visual prompts; pre-teaching key words.")
    page.get_by_label("Summary for the parent (optional)").fill(
        "The team agreed to use pictures to help Maya in class."
    )
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What will be done?").fill("Speech and language therapy assessment")
    page.get_by_label("Who will do it?").fill("Claire Mbeki, specialist teacher")
    page.get_by_label("Education", exact=True).check()
    page.locator("#id_due_on_0").fill("28")
    page.locator("#id_due_on_1").fill("1")
    page.locator("#id_due_on_2").fill("2027")
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_selector("text=Action added")
    assert "Speech and language therapy assessment" in page.content()

    # ...and Harry, whose actions from the earlier meeting are due: review them, then escalate.
    page.goto(f"{base}/meetings/agenda/{world.item_harry.pk}/")
    page.get_by_role("link", name="Record the discussion").click()
    page.get_by_label("Summary of the discussion").fill("The lunchtime space helped a little; incidents continue.")
    page.get_by_role("button", name="Save the minutes").click()
    page.get_by_role("link", name="Review the 2 actions from earlier meetings").click()
    for group in page.locator("fieldset").all():
        group.get_by_label("Did not work").check()
    page.get_by_role("button", name="Save the review").click()
    page.get_by_role("link", name="Decide what happens next").click()
    page.get_by_label("Escalate to the Locality Management Group").check()
    page.get_by_role("button", name="Save the decision").click()
    page.wait_for_selector("text=Decision saved")
    assert axe_violations(page) == []

    # The Locality Management Group's meeting picks the escalated case up.
    page.goto(f"{base}/meetings/schedule/")
    page.get_by_label("Locality Management Group").check()
    page.get_by_label("Place (optional if it is online)").fill("County Hall")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_selector("text=Meeting scheduled")
    assert "Harry Quinn" in page.content() and "Escalated case" in page.content()
    assert page.problems.console_errors == []

    # The school sees the outcome and the actions; the parent a plain summary.
    browser = page.context.browser
    for email, present, absent in (
        ("senco.a@example.org", ["Speech and language therapy assessment", "Visual prompts"], []),
        ("parent@example.org", ["The team agreed to use pictures"], ["pre-teaching"]),
    ):
        context = browser.new_context()
        other = context.new_page()
        sign_in(other, base, email, DEMO_PASSWORD)
        other.goto(f"{base}/referrals/{world.referral_accepted.pk}/")
        html = other.content()
        assert all(text in html for text in present) and not any(text in html for text in absent), email
        context.close()
