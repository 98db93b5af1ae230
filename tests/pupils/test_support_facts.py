"""The pupil's support facts (latest cycle's cost, open cycle's review date) follow every write to a cycle.

The dashboards count `Pupil.support_cost` and `Pupil.support_review_due` instead of finding each
pupil's latest cycle when they are read, so every service that writes a cycle or its provision
keeps them right in the same transaction.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine

from pupils.models import Pupil
from pupils.support import services
from sendhub.dates import LONDON


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False):
        yield


def facts(pupil) -> tuple[Decimal, date | None]:
    row = Pupil.objects.values_list("support_cost", "support_review_due").get(pk=pupil.pk)
    return row[0], row[1]


def add(senco, cycle, cost: str):
    return services.provision_add(
        actor=senco, cycle=cycle, description="1:1", frequency="", provided_by="", cost_per_year=Decimal(cost)
    )


def test_each_write_to_a_cycle_keeps_the_pupils_facts(personas, pupil_a):
    senco = personas.senco_a
    assert facts(pupil_a) == (Decimal("0"), None)
    first = services.cycle_start(actor=senco, pupil=pupil_a, started_on=date(2026, 1, 5), needs="x")
    assert facts(pupil_a) == (Decimal("0"), None)
    services.cycle_plan(
        actor=senco,
        cycle=first,
        needs="x",
        parent_views="",
        child_views="",
        responsible="Teacher",
        review_date=date(2026, 3, 1),
    )
    assert facts(pupil_a) == (Decimal("0"), date(2026, 3, 1))
    outcome = services.outcome_add(actor=senco, cycle=first, description="o")
    big = add(senco, first, "5000")
    add(senco, first, "2000")
    assert facts(pupil_a) == (Decimal("7000"), date(2026, 3, 1))
    services.provision_remove(actor=senco, provision=big)
    assert facts(pupil_a) == (Decimal("2000"), date(2026, 3, 1))
    services.cycle_review(
        actor=senco,
        cycle=first,
        reviewed_on=date(2026, 3, 2),
        summary="s",
        next_step="continue",
        progress={outcome.pk: "partly"},
    )
    # Reviewed: no cycle is open, so no review is due; the cost is still the latest cycle's.
    assert facts(pupil_a) == (Decimal("2000"), None)
    second = services.cycle_start(
        actor=senco, pupil=pupil_a, started_on=date(2026, 3, 2), needs="y", carry_over_from=first
    )
    assert facts(pupil_a) == (Decimal("2000"), None)  # the provision carried over
    add(senco, second, "4500.50")
    assert facts(pupil_a) == (Decimal("6500.50"), None)


def test_refreshing_recomputes_the_facts_from_the_cycles(personas, pupil_a, pupil_b):
    senco = personas.senco_a
    cycle = services.cycle_start(actor=senco, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    add(senco, cycle, "6100")
    Pupil.objects.update(support_cost=Decimal("1"), support_review_due=date(2020, 1, 1))
    assert services.support_facts_refresh(pupils=Pupil.objects.filter(pk__in=[pupil_a.pk, pupil_b.pk])) == 2
    assert facts(pupil_a) == (Decimal("6100"), None)
    assert facts(pupil_b) == (Decimal("0"), None)
