"""The term dates pages: who sees which authority's calendar, who changes it, and what the pages say."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sendhub.calendar.selectors import default_half_terms, school_year
from sendhub.calendar.services import half_terms_set
from sendhub.dates import LONDON
from sendhub.models import BankHoliday, HalfTerm
from tests.factories import DistrictFactory, LocalAuthorityFactory, SchoolFactory

YEAR = "2026/27"
CALENDAR = "/calendar/"


@pytest.fixture(autouse=True)
def november_2026():
    """Tuesday 24 November 2026: this academic year is 2026/27."""
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def bank_holidays(db):
    for day, title in [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day"),
        (date(2028, 1, 3), "New Year’s Day"),
        (date(2025, 12, 25), "Christmas Day"),
    ]:
        BankHoliday.objects.create(division="england-and-wales", date=day, title=title)
    BankHoliday.objects.create(division="scotland", date=date(2027, 1, 4), title="2nd January")


def edit_url(la, year: str = YEAR) -> str:
    return reverse("calendar_edit", kwargs={"code": la.code, "year": year})


def reset_url(la, year: str = YEAR) -> str:
    return reverse("calendar_reset", kwargs={"code": la.code, "year": year})


def own_dates(label: str = YEAR) -> list[tuple[date, date]]:
    dates = [(t.starts_on, t.ends_on) for t in default_half_terms(label)]
    dates[0] = (date(2026, 9, 9), dates[0][1]) if label == YEAR else dates[0]
    return dates


def form_data(dates: list[tuple[date, date]]) -> dict[str, str]:
    data = {}
    for number, pair in enumerate(dates, start=1):
        for which, day in zip(("starts_on", "ends_on"), pair, strict=True):
            data |= {
                f"term_{number}_{which}_0": str(day.day),
                f"term_{number}_{which}_1": str(day.month),
                f"term_{number}_{which}_2": str(day.year),
            }
    return data


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- Reading the calendar ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["senco_a", "head_a", "coordinator", "panel", "la_officer", "trust_lead"])
def test_staff_see_their_authoritys_half_terms_with_weekdays(personas, client_for, who):
    page = text(client_for(getattr(personas, who)).get(CALENDAR))
    assert '<h3 class="govuk-heading-m">Test County Council</h3>' in page
    assert "Other Borough Council" not in page
    assert "Wednesday 2 September 2026" in page and "Friday 23 October 2026" in page  # Autumn 1, England's
    assert "England default" in page
    assert "2026/27" in page and "2027/28" in page


def test_the_outsider_sees_their_own_authority_only(personas, client_for):
    page = text(client_for(personas.outsider).get(CALENDAR))
    assert "Other Borough Council" in page and "Test County Council" not in page


def test_a_trust_lead_sees_each_authority_of_the_trusts_schools(personas, client_for):
    SchoolFactory(district=personas.district_a, trust=personas.trust_a)  # same authority: listed once
    SchoolFactory(district=DistrictFactory(local_authority=personas.other_la), trust=personas.trust_a)
    page = text(client_for(personas.trust_lead).get(CALENDAR))
    assert page.count('<h3 class="govuk-heading-m">Test County Council</h3>') == 2  # once a year
    assert page.count('<h3 class="govuk-heading-m">Other Borough Council</h3>') == 2


def test_an_authoritys_own_dates_are_marked_as_set_by_it(personas, client_for):
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=own_dates())
    page = text(client_for(personas.senco_a).get(CALENDAR))
    assert "Set by Test County Council" in page
    assert "Wednesday 9 September 2026" in page
    assert "England default" in page  # 2027/28 is still England's


def test_the_england_and_wales_bank_holidays_of_both_years_are_listed(personas, client_for, bank_holidays):
    page = text(client_for(personas.senco_a).get(CALENDAR))
    assert "Friday 25 December 2026" in page and "Monday 28 December 2026" in page
    assert "Monday 3 January 2028" in page  # in 2027/28
    assert "Thursday 25 December 2025" not in page  # 2025/26 is not shown
    assert "2nd January" not in page  # Scotland's


def test_a_year_with_no_bank_holidays_imported_says_so(personas, client_for):
    page = text(client_for(personas.senco_a).get(CALENDAR))
    assert "No bank holidays are recorded for 2026/27" in page


def test_the_year_parameter_chooses_the_year_and_the_one_after(personas, client_for):
    page = text(client_for(personas.senco_a).get(CALENDAR, {"year": "2027/28"}))
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-8">2027/28</h2>' in page
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-8">2028/29</h2>' in page
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-8">2026/27</h2>' not in page


@pytest.mark.parametrize(
    "value", ["nonsense", "2027-28", "2027/29", "1999/00", "2040/41", "", "2027/28\x00", "9999/00"]
)
def test_a_bad_year_parameter_shows_this_year(personas, client_for, value):
    response = client_for(personas.senco_a).get(CALENDAR, {"year": value})
    assert response.status_code == 200
    page = text(response)
    assert '<h2 class="govuk-heading-l govuk-!-margin-top-8">2026/27</h2>' in page
    assert '<option value="2026/27" selected>' in page


@pytest.mark.parametrize("who", ["parent", "nobody"])
def test_people_without_a_staff_role_get_403(personas, client_for, who):
    assert client_for(getattr(personas, who)).get(CALENDAR).status_code == 403


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_administrator_chooses_any_authority(personas, client_for):
    client = client_for(personas.admin)
    first = text(client.get(CALENDAR))
    assert '<option value="896" selected>Other Borough Council (896)</option>' in first
    assert '<h3 class="govuk-heading-m">Other Borough Council</h3>' in first  # first by name
    chosen = text(client.get(CALENDAR, {"la": "838", "year": "2027/28"}))
    assert '<option value="838" selected>Test County Council (838)</option>' in chosen
    assert '<h3 class="govuk-heading-m">Test County Council</h3>' in chosen
    assert edit_url(personas.la, "2027/28") in chosen
    # An unknown authority shows the first, never an error.
    assert client.get(CALENDAR, {"la": "nope"}).status_code == 200


def test_only_those_who_set_the_dates_see_the_links_to_change_them(personas, client_for):
    assert edit_url(personas.la) in text(client_for(personas.la_officer).get(CALENDAR))
    assert edit_url(personas.la) not in text(client_for(personas.senco_a).get(CALENDAR))
    assert reset_url(personas.la) not in text(client_for(personas.la_officer).get(CALENDAR))
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=own_dates())
    assert reset_url(personas.la) in text(client_for(personas.la_officer).get(CALENDAR))


def test_the_page_takes_a_few_queries_however_many_authorities(personas, client_for):
    client = client_for(personas.trust_lead)
    with CaptureQueriesContext(connection) as one_authority:
        assert client.get(CALENDAR).status_code == 200
    for _ in range(3):
        la = LocalAuthorityFactory()
        SchoolFactory(district=DistrictFactory(local_authority=la), trust=personas.trust_a)
        half_terms_set(actor=personas.admin, local_authority=la, academic_year=YEAR, dates=own_dates())
    with CaptureQueriesContext(connection) as four_authorities:
        page = text(client.get(CALENDAR))
    assert page.count("Set by ") == 3
    # Session and user, the roles, the authorities, their half terms, the bank holidays, the header's
    # unread-notices count, and saving the session.
    assert len(four_authorities) == len(one_authority) <= 10


# --- Changing an authority's dates ----------------------------------------------------------------


def test_the_form_shows_the_current_dates(personas, client_for):
    page = text(client_for(personas.la_officer).get(edit_url(personas.la)))
    assert re.search(r'name="term_1_starts_on_0"[^>]*value="2"', page)  # England's Wednesday 2 September
    assert re.search(r'name="term_6_ends_on_0"[^>]*value="22"', page)
    assert "Test County Council has not set its own dates for 2026/27" in page
    assert "Last changed" not in page
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=own_dates())
    page = text(client_for(personas.la_officer).get(edit_url(personas.la)))
    assert re.search(r'name="term_1_starts_on_0"[^>]*value="9"', page)
    assert reset_url(personas.la) in page


def test_saving_the_form_sets_the_dates_and_returns_to_the_calendar(personas, client_for):
    client = client_for(personas.la_officer)
    response = client.post(edit_url(personas.la), form_data(own_dates()))
    assert response.status_code == 302
    assert response["Location"] == f"{CALENDAR}?year=2026%2F27&la=838"
    year = school_year(YEAR, personas.la)
    assert year.set_by == personas.la and year.half_terms[0].starts_on == date(2026, 9, 9)
    assert HalfTerm.history.filter(history_user=personas.la_officer).count() == 6
    page = text(client.get(response["Location"]))
    assert "Test County Council&#x27;s term dates for 2026/27 saved" in page
    page = text(client.get(edit_url(personas.la)))
    assert f"Last changed on 24 November 2026 by {personas.la_officer.full_name}." in page


def test_mistakes_are_shown_in_the_error_summary_and_nothing_is_saved(personas, client_for):
    dates = own_dates()
    dates[1] = (date(2026, 10, 20), dates[1][1])  # Autumn 2 starts before Autumn 1 ends
    dates[4] = (date(2027, 4, 10), dates[4][1])  # a Saturday
    data = form_data(dates) | {"term_6_ends_on_0": "31", "term_6_ends_on_1": "2"}  # not a real date
    response = client_for(personas.la_officer).post(edit_url(personas.la), data)
    assert response.status_code == 200
    page = text(response)
    assert "<title>Error: Term dates for 2026/27" in page
    summary = page[
        page.index("govuk-error-summary__list") : page.index("</ul>", page.index("govuk-error-summary__list"))
    ]
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary) == [
        ("id_term_2_starts_on_0", "Autumn 2 must start after Autumn 1 ends"),
        ("id_term_5_starts_on_0", "The first day of Summer 1 is a Saturday: enter a weekday"),
        ("id_term_6_ends_on_0", "The last day of Summer 2 must be a real date"),
    ]
    assert not HalfTerm.objects.exists()


def test_an_empty_form_asks_for_every_date(personas, client_for):
    page = text(client_for(personas.admin).post(edit_url(personas.la), {}))
    assert "Enter the first day of Autumn 1" in page and "Enter the last day of Summer 2" in page
    assert page.count('<a href="#id_term_') == 12


@pytest.mark.parametrize(
    "who, status",
    [
        ("outsider", 404),
        ("senco_a", 403),
        ("head_a", 403),
        ("coordinator", 403),
        ("panel", 403),
        ("trust_lead", 403),
        ("parent", 403),
        ("nobody", 403),
        ("la_officer", 200),
        ("admin", 200),
    ],
)
def test_who_may_change_an_authoritys_dates(personas, client_for, who, status):
    client = client_for(getattr(personas, who))
    assert client.get(edit_url(personas.la)).status_code == status
    assert client.post(edit_url(personas.la), form_data(own_dates())).status_code == (302 if status == 200 else status)
    assert client.get(reset_url(personas.la)).status_code == status


def test_an_administrator_may_change_any_authority_and_an_officer_only_their_own(personas, client_for):
    assert client_for(personas.admin).get(edit_url(personas.other_la)).status_code == 200
    assert client_for(personas.la_officer).get(edit_url(personas.other_la)).status_code == 404
    assert client_for(personas.outsider).get(edit_url(personas.other_la)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/999/2026-27/change/",
        "/calendar/838/2026-28/change/",
        "/calendar/838/2031-32/change/",
        "/calendar/838/2024-25/change/",
    ],
)
def test_an_unknown_authority_or_a_year_that_cannot_be_changed_is_404(personas, client_for, path):
    assert client_for(personas.admin).get(path).status_code == 404


def test_years_from_last_year_to_three_years_ahead_can_be_changed(personas, client_for):
    client = client_for(personas.la_officer)
    for year in ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]:
        assert client.get(edit_url(personas.la, year)).status_code == 200


# --- Going back to England's dates -----------------------------------------------------------------


def test_going_back_to_englands_dates_asks_first_then_removes_the_authoritys_own(personas, client_for):
    half_terms_set(actor=personas.la_officer, local_authority=personas.la, academic_year=YEAR, dates=own_dates())
    client = client_for(personas.la_officer)
    page = text(client.get(reset_url(personas.la)))
    assert "Use England's default dates for 2026/27?" in page
    assert "Wednesday 2 September 2026" in page  # England's Autumn 1, shown before confirming
    assert school_year(YEAR, personas.la).set_by == personas.la  # nothing changes on a GET
    response = client.post(reset_url(personas.la))
    assert response.status_code == 302 and response["Location"] == f"{CALENDAR}?year=2026%2F27&la=838"
    assert school_year(YEAR, personas.la).set_by is None
    page = text(client.get(response["Location"]))
    assert "Test County Council now uses England&#x27;s default dates for 2026/27" in page


def test_going_back_when_already_on_englands_dates(personas, client_for):
    client = client_for(personas.la_officer)
    page = text(client.get(reset_url(personas.la)))
    assert "Test County Council already uses England's default dates for 2026/27" in page
    assert "<form" not in page[page.index("<main") : page.index("</main>")]
    response = client.post(reset_url(personas.la), follow=True)
    assert "already uses England&#x27;s default dates" in text(response)


# --- The home page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, description",
    [
        ("la_officer", "Set your authority&#x27;s term dates"),
        ("admin", "Set any local authority&#x27;s term dates"),
        ("senco_a", "Half terms set by your local authority"),
    ],
)
def test_the_home_page_links_to_term_dates(personas, client_for, who, description):
    page = text(client_for(getattr(personas, who)).get("/"))
    assert f'<a class="govuk-link" href="{CALENDAR}">Term dates</a>' in page
    assert description in page


def test_a_parent_has_no_term_dates_link(personas, client_for):
    assert CALENDAR not in text(client_for(personas.parent).get("/"))
