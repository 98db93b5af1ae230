"""The home page's headline cards: the dashboard's own cards, from only the queries they need."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.dashboard import build, headline_cards
from dashboards.scope import KIND_MODELS, Scope, dashboards_for
from dashboards.selectors import Filters
from sendhub.dates import academic_year
from sendhub.models import User

pytestmark = pytest.mark.django_db

KINDS = [("la_officer", "la", "la"), ("trust_lead", "trust", "trust_a"), ("senco_a", "school", "school_a")]
KINDS.append(("coordinator", "district", "district_a"))


def _same_cards(user, scope, filters, today):
    expected = build(user, scope, filters, today, only_cards=True).cards
    assert headline_cards(user, scope, filters, today) == expected
    # And the full dashboard shows the same cards first.
    assert build(user, scope, filters, today).cards[: len(expected)] == expected
    return expected


def test_the_demo_personas_headlines_equal_their_dashboards_cards():
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    filters = Filters(year=academic_year(today))
    seen = 0
    for email in ("trust.lead@example.org", "la.officer@example.org", "coordinator@example.org", "senco.a@example.org"):
        user = User.objects.get(email=email)
        for kind, ids in dashboards_for(user).items():
            for org in KIND_MODELS[kind].objects.filter(pk__in=ids):
                cards = _same_cards(user, Scope(kind, org), filters, today)
                seen += 1
                assert cards and any(card.value not in ("no data", "0") for card in cards), (email, kind)
    assert seen >= 4


@pytest.mark.parametrize("who, kind, org", KINDS)
def test_headlines_equal_the_cards_with_filters(grown, who, kind, org):
    personas = grown(2, 7)
    user, scope = getattr(personas, who), Scope(kind, getattr(personas, org))
    today = timezone.localdate()
    year = academic_year(today)
    previous = f"{int(year[:4]) - 1}/{int(year[:4]) % 100:02d}"
    for filters in (Filters(year=year), Filters(year=previous), Filters(year=year, need="SEMH")):
        _same_cards(user, scope, filters, today)


@pytest.mark.parametrize("who", ["la_officer", "trust_lead", "senco_a", "coordinator"])
def test_the_home_page_runs_the_same_queries_whatever_the_size(grown, client_for, who, django_assert_max_num_queries):
    personas = grown(1, 3)
    client = client_for(getattr(personas, who))
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as small:
        page = client.get(reverse("home"))
    assert page.status_code == 200 and "at a glance" in page.content.decode()
    grown(3, 6)
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse("home")).status_code == 200


def test_annual_reviews_within_12_months_at_the_edges(personas):
    """Within 12 months: on or before the same date a year after the plan or the review before."""
    from datetime import date

    from pupils.models import AnnualReview, EHCPlan
    from tests.factories import PupilFactory

    cases = [  # (plan made, reviews before, the year's review, in time)
        (date(2024, 2, 29), [], date(2025, 2, 28), True),
        (date(2024, 2, 29), [], date(2025, 3, 1), False),
        (date(2024, 1, 31), [], date(2025, 1, 31), True),
        (date(2024, 1, 31), [], date(2025, 2, 1), False),
        (date(2023, 6, 1), [date(2024, 6, 15)], date(2025, 6, 15), True),
        (date(2023, 6, 1), [date(2024, 6, 15)], date(2025, 6, 16), False),
        (date(2022, 3, 31), [date(2023, 3, 1), date(2024, 8, 31)], date(2025, 8, 31), True),
    ]
    for issued, before, held, _ in cases:
        plan = EHCPlan.objects.create(pupil=PupilFactory(school=personas.school_a, sen_provision="E"), issued_on=issued)
        for day in [*before, held]:
            AnnualReview.objects.create(plan=plan, meeting_on=day, created_by=personas.admin)
    board = build(personas.la_officer, Scope("la", personas.la), Filters(year="2024/25"), date(2025, 8, 31))
    row = board.table("ehc_statutory").rows[0]
    assert [row.cells[0].value, row.cells[1].value] == [sum(1 for c in cases if c[3]), len(cases)]
