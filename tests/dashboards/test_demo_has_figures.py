"""The demo data gives every chart and table of every demo persona's dashboard something to show."""

from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from dashboards.scope import dashboards_for
from sendhub.dates import LONDON
from sendhub.models import User

pytestmark = pytest.mark.django_db

# The demo personas with a dashboard, and the dashboard kind each opens (README "Demo accounts").
PERSONAS = [
    ("trust.lead@example.org", "trust"),
    ("la.officer@example.org", "la"),
    ("coordinator@example.org", "district"),
    ("senco.a@example.org", "school"),
]


def _has_figure(table) -> bool:
    """At least one non-zero number (shown or hidden) in the table's body."""
    return any(_number(cell) for row in table.rows if not row.is_total for cell in row.cells)


# Tables whose rows are the measures (each row must have a figure), and tables whose columns are
# places (districts) rather than measures (only their total column must).
ROWS_ARE_MEASURES = {"ehc_statutory", "ehc_overdue", "trends"}
COLUMNS_ARE_PLACES = {"referral_status", "referral_terms"}


def _number(cell) -> bool:
    return (
        cell.is_number and isinstance(cell.value, int | float) and not isinstance(cell.value, bool) and cell.value != 0
    )


def _empty_measures(table) -> list[str]:
    """The table's measures (columns, or rows where rows are measures) with no non-zero figure."""
    empty = []
    if table.key in ROWS_ARE_MEASURES:
        empty += [f"row {row.label!r}" for row in table.rows if not any(_number(c) for c in row.cells)]
    columns = list(enumerate(table.columns))
    if table.key in COLUMNS_ARE_PLACES:
        columns = columns[-1:]
    for index, name in columns:
        cells = [row.cells[index] for row in table.rows if index < len(row.cells)]
        if any(c.is_number for c in cells) and not any(_number(c) for c in cells):
            empty.append(f"column {name!r}")
    return empty


# What a date far from the demo's own year cannot show: the places demo commissions 2026/27 and
# 2027/28 with fixed dates (its offers start in January 2027), and England's published figures
# (`ENGLAND_WITHIN_20_WEEKS`) end at 2024.
FIXED_DATES = {
    ("places_hubs", "column 'Offered'"),
    ("places_terms", "column 'Offered'"),
    ("ehc_years", "column 'England: within 20 weeks (excluding exceptions)'"),
}


@pytest.mark.parametrize(
    "moment, allowed",
    [
        (datetime(2026, 11, 20, 9, 0, tzinfo=LONDON), set()),  # the demo's year, autumn term
        (datetime(2028, 2, 29, 9, 0, tzinfo=LONDON), FIXED_DATES),  # a leap day, in the spring term
    ],
    ids=["autumn", "29-february"],
)
def test_every_measure_of_each_demo_dashboard_has_a_non_zero_figure(client, moment, allowed):
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", verbosity=0)
        problems = []
        for email, kind in PERSONAS:
            user = User.objects.get(email=email)
            client.force_login(user)
            pk = dashboards_for(user)[kind][0]
            board = client.get(reverse("dashboards:show", args=[kind, pk])).context["board"]
            for section in board.sections:
                if not section.tables:
                    problems.append(f"{email}: section {section.title} has no table")
                for table in section.tables:
                    if not _has_figure(table):
                        problems.append(f"{email}: {table.key} has no figure")
                        continue
                    problems += [
                        f"{email}: {table.key}: {what} has no figure"
                        for what in _empty_measures(table)
                        if (table.key, what) not in allowed
                    ]
            # The LA's benchmarks: the demo's published file, with Wessex's statistical neighbours.
            if kind == "la":
                labels = [row.label for row in board.table("benchmarks").rows]
                assert "Statistical neighbours' average" in labels and "South West" in labels
        assert not problems, "\n".join(problems)
