"""Issue 4 in the browser: a SENCo adds a pupil, runs a whole SEN support cycle and sees the flags."""

from datetime import timedelta

from django.utils import timezone

from sendhub.dates import add_years_clamped
from sendhub.demo import DEMO_PASSWORD
from tests.browser.conftest import axe_violations, sign_in
from tests.factories import make_upn
from tests.world import build_world


def fill_date(page, name: str, day) -> None:
    page.locator(f"#id_{name}_0").fill(str(day.day))
    page.locator(f"#id_{name}_1").fill(str(day.month))
    page.locator(f"#id_{name}_2").fill(str(day.year))


def test_senco_adds_a_pupil_runs_a_support_cycle_and_sees_the_parent_meetings_flag(live_server, page, transactional_db):
    build_world()
    today = timezone.localdate()
    sign_in(page, live_server.url, "senco.a@example.org", DEMO_PASSWORD)
    page.get_by_role("link", name="Pupils", exact=True).first.click()
    page.get_by_role("button", name="Add a pupil").click()
    page.get_by_label("UPN (unique pupil number)").fill(make_upn("990", "3101", 321, "24"))
    page.get_by_label("Legal first name").fill("Robin")
    page.get_by_label("Legal last name").fill("Ashworth")
    fill_date(page, "date_of_birth", add_years_clamped(today, -8))
    page.get_by_label("National curriculum year").select_option("3")
    page.get_by_label("SEN support").check()
    page.get_by_label("Primary need").select_option("SPLD")
    page.get_by_role("button", name="Save pupil").click()
    page.wait_for_selector("h1:has-text('Robin Ashworth')")
    assert "0 of 3 meetings with parents" in page.content()

    page.get_by_role("button", name="Start a SEN support cycle").click()
    fill_date(page, "started_on", today)
    page.get_by_label("What did the assessment find?").fill("Reading is well below age-related expectations.")
    page.get_by_role("button", name="Start the cycle").click()
    page.wait_for_selector("h1:has-text('SEN support from')")
    page.get_by_role("link", name="Add an outcome").click()
    page.get_by_label("Outcome").fill("Read 20 high-frequency words")
    page.get_by_role("button", name="Add outcome").click()
    page.get_by_role("link", name="Add provision").click()
    page.get_by_label("Provision", exact=True).fill("Precision teaching")
    page.get_by_label("Cost per year, in pounds").fill("6500")
    page.get_by_role("button", name="Add provision").click()
    assert "above the £6,000 a pupil" in page.content()
    page.get_by_role("link", name="Change the assessment and plan").click()
    page.get_by_label("Who is responsible for the support?").fill("Class teacher")
    fill_date(page, "review_date", today + timedelta(days=42))
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_role("button", name="Review progress").click()
    fill_date(page, "reviewed_on", today)
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("What difference has the support made?").fill("Reads 22 words now.")
    page.get_by_label("Continue the same support").check()
    page.get_by_role("button", name="Save the review").click()
    page.wait_for_selector("text=Reviewed on")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Back to Robin Ashworth").click()
    page.get_by_role("link", name="Record a meeting with parents").click()
    fill_date(page, "held_on", today)
    page.get_by_label("Who attended?").fill("Mum and SENCo")
    page.get_by_role("button", name="Save meeting").click()
    assert "1 of 3 meetings with parents" in page.content()
    assert page.problems.console_errors == []


def test_another_schools_senco_is_told_the_page_is_not_found(live_server, page, transactional_db):
    world = build_world()
    sign_in(page, live_server.url, "senco.b@example.org", DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/pupils/{world.pupil_a.pk}/")
    assert response.status == 404 and "Page not found" in page.content()
