"""The graduated approach: assess, plan, do, review, and what each step refuses."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from pupils.models import SupportCycle, SupportOutcome
from pupils.support import services
from pupils.support.selectors import support_figures, with_flags
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from tests.factories import SupportCycleFactory

TODAY = datetime(2026, 11, 24, 10, tzinfo=LONDON)


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_a_senco_runs_a_whole_cycle_in_the_browser_forms(client_for, personas, pupil_a):
    client = client_for(personas.senco_a)
    response = client.post(
        reverse("pupils:cycle_start", kwargs={"pk": pupil_a.pk}),
        {
            **date_fields("started_on", date(2026, 9, 14)),
            "needs": "Struggles with phonics",
            "parent_views": "Worried",
            "child_views": "Reading is hard",
        },
    )
    cycle = SupportCycle.objects.get()
    assert response["Location"] == reverse("pupils:cycle", kwargs={"pk": cycle.pk})
    assert cycle.stage == "Plan"
    client.post(reverse("pupils:outcome_add", kwargs={"pk": cycle.pk}), {"description": "Blend CVC words"})
    client.post(
        reverse("pupils:provision_add", kwargs={"pk": cycle.pk}),
        {"description": "Phonics group", "frequency": "Daily", "provided_by": "TA", "cost_per_year": "1250.50"},
    )
    client.post(
        reverse("pupils:cycle_plan", kwargs={"pk": cycle.pk}),
        {
            "needs": "Struggles with phonics",
            "parent_views": "",
            "child_views": "",
            "responsible": "Class teacher",
            **date_fields("review_date", date(2026, 11, 20)),
        },
    )
    cycle.refresh_from_db()
    assert cycle.stage == "Do" and cycle.review_date == date(2026, 11, 20)
    outcome = cycle.outcomes.get()
    response = client.post(
        reverse("pupils:cycle_review", kwargs={"pk": cycle.pk}),
        {
            **date_fields("reviewed_on", date(2026, 11, 21)),
            f"outcome_{outcome.pk}": "partly",
            "summary": "Some progress",
            "next_step": "continue",
        },
    )
    assert response.status_code == 302
    cycle.refresh_from_db()
    outcome.refresh_from_db()
    assert cycle.stage == "Reviewed" and outcome.progress == "partly" and cycle.next_step == "continue"
    page = client.get(reverse("pupils:cycle", kwargs={"pk": cycle.pk})).content.decode()
    assert "Partly achieved" in page and "£1,250.50" in page


def test_the_next_cycle_carries_over_unachieved_outcomes_and_the_provision(personas, pupil_a):
    cycle = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    done = services.outcome_add(actor=personas.senco_a, cycle=cycle, description="Achieved one")
    todo = services.outcome_add(actor=personas.senco_a, cycle=cycle, description="Not yet")
    services.provision_add(
        actor=personas.senco_a,
        cycle=cycle,
        description="Group",
        frequency="",
        provided_by="",
        cost_per_year=Decimal("300"),
    )
    services.cycle_review(
        actor=personas.senco_a,
        cycle=cycle,
        reviewed_on=date(2026, 11, 1),
        summary="s",
        next_step="change",
        progress={done.pk: "achieved", todo.pk: "not_achieved"},
    )
    second = services.cycle_start(
        actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 11, 2), needs="y", carry_over_from=cycle
    )
    assert [o.description for o in second.outcomes.all()] == ["Not yet"]
    assert [p.description for p in second.provisions.all()] == ["Group"]


def test_only_one_cycle_is_open_at_a_time(personas, pupil_a):
    services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    with pytest.raises(DomainError, match="Review the current SEN support cycle"):
        services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 2), needs="x")


def test_a_review_needs_outcomes_and_progress_for_each(personas, pupil_a):
    cycle = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    with pytest.raises(DomainError, match="Add at least one outcome"):
        services.cycle_review(
            actor=personas.senco_a,
            cycle=cycle,
            reviewed_on=date(2026, 11, 1),
            summary="s",
            next_step="continue",
            progress={},
        )
    outcome = services.outcome_add(actor=personas.senco_a, cycle=cycle, description="o")
    with pytest.raises(DomainError, match="every outcome"):
        services.cycle_review(
            actor=personas.senco_a,
            cycle=cycle,
            reviewed_on=date(2026, 11, 1),
            summary="s",
            next_step="continue",
            progress={outcome.pk: "bogus"},
        )


@pytest.mark.parametrize(
    "reviewed_on, message",
    [(date(2026, 8, 31), "on or after the cycle started"), (date(2026, 11, 25), "today or in the past")],
)
def test_review_dates_must_make_sense(personas, pupil_a, reviewed_on, message):
    cycle = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    outcome = services.outcome_add(actor=personas.senco_a, cycle=cycle, description="o")
    with pytest.raises(DomainError, match=message):
        services.cycle_review(
            actor=personas.senco_a,
            cycle=cycle,
            reviewed_on=reviewed_on,
            summary="s",
            next_step="continue",
            progress={outcome.pk: "achieved"},
        )


def test_a_reviewed_cycle_no_longer_changes(client_for, personas, pupil_a):
    cycle = SupportCycleFactory(
        pupil=pupil_a, created_by=personas.senco_a, reviewed_on=date(2026, 10, 1), next_step="end"
    )
    outcome = SupportOutcome.objects.create(cycle=cycle, description="o", progress="achieved")
    client = client_for(personas.senco_a)
    response = client.post(reverse("pupils:outcome_remove", kwargs={"pk": outcome.pk}), follow=True)
    assert "can no longer change" in response.content.decode()
    assert SupportOutcome.objects.filter(pk=outcome.pk).exists()
    response = client.post(reverse("pupils:outcome_add", kwargs={"pk": cycle.pk}), {"description": "late"})
    assert "can no longer change" in response.content.decode()


def test_the_la_officer_and_the_trust_lead_read_the_cycle_but_do_not_run_it(client_for, personas, pupil_a):
    cycle = SupportCycleFactory(pupil=pupil_a, created_by=personas.senco_a)
    for persona in (personas.la_officer, personas.trust_lead):
        client = client_for(persona)
        assert client.get(reverse("pupils:cycle", kwargs={"pk": cycle.pk})).status_code == 200
        assert (
            client.post(reverse("pupils:outcome_add", kwargs={"pk": cycle.pk}), {"description": "x"}).status_code == 403
        )
    assert not cycle.outcomes.exists()


def test_a_parent_sees_the_plan_without_its_costs(client_for, personas, pupil_a):
    cycle = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    services.provision_add(
        actor=personas.senco_a,
        cycle=cycle,
        description="Speech group",
        frequency="",
        provided_by="",
        cost_per_year=Decimal("4321"),
    )
    html = client_for(personas.parent).get(reverse("pupils:cycle", kwargs={"pk": cycle.pk})).content.decode()
    assert "Speech group" in html and "4,321" not in html


@pytest.mark.parametrize("cost", ["-5", "abc", "12.345", "99999999"])
def test_a_provision_cost_must_be_pounds_and_pence(client_for, personas, pupil_a, cost):
    cycle = SupportCycleFactory(pupil=pupil_a, created_by=personas.senco_a)
    response = client_for(personas.senco_a).post(
        reverse("pupils:provision_add", kwargs={"pk": cycle.pk}), {"description": "d", "cost_per_year": cost}
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not cycle.provisions.exists()


def test_support_cost_is_that_of_the_latest_cycle_against_the_6000_threshold(personas, pupil_a):
    old = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 1, 5), needs="x")
    outcome = services.outcome_add(actor=personas.senco_a, cycle=old, description="o")
    services.provision_add(
        actor=personas.senco_a,
        cycle=old,
        description="old",
        frequency="",
        provided_by="",
        cost_per_year=Decimal("9000"),
    )
    services.cycle_review(
        actor=personas.senco_a,
        cycle=old,
        reviewed_on=date(2026, 3, 1),
        summary="s",
        next_step="change",
        progress={outcome.pk: "partly"},
    )
    new = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 3, 2), needs="y")
    services.provision_add(
        actor=personas.senco_a, cycle=new, description="a", frequency="", provided_by="", cost_per_year=Decimal("3500")
    )
    assert (
        support_figures(pupil_a).support_cost == Decimal("3500") and not support_figures(pupil_a).over_notional_budget
    )
    services.provision_add(
        actor=personas.senco_a,
        cycle=new,
        description="b",
        frequency="",
        provided_by="",
        cost_per_year=Decimal("2500.01"),
    )
    figures = support_figures(pupil_a)
    assert figures.over_notional_budget and figures.above_threshold_by == Decimal("0.01")


def test_exactly_6000_is_not_over_the_threshold(personas, pupil_a):
    cycle = services.cycle_start(actor=personas.senco_a, pupil=pupil_a, started_on=date(2026, 9, 1), needs="x")
    services.provision_add(
        actor=personas.senco_a,
        cycle=cycle,
        description="a",
        frequency="",
        provided_by="",
        cost_per_year=Decimal("6000"),
    )
    assert not support_figures(pupil_a).over_notional_budget


def test_the_few_meetings_filter_finds_pupils_with_send_and_fewer_than_three_meetings(client_for, personas, pupil_a):
    from tests.factories import PupilFactory

    no_sen = PupilFactory(school=personas.school_a, sen_provision="N", primary_need="")
    met = PupilFactory(school=personas.school_a)
    for days in (1, 2, 3):
        services.parent_meeting_add(actor=personas.senco_a, pupil=met, held_on=date(2026, 11, days), attendees="Mum")
    client = client_for(personas.senco_a)
    shown = {p.pk for p in client.get(reverse("pupils:list"), {"few_meetings": "on"}).context["page"].object_list}
    assert shown == {pupil_a.pk}
    assert no_sen.pk not in shown and met.pk not in shown
    assert with_flags(type(met).objects.filter(pk=met.pk)).get().meetings_this_year == 3


def test_a_meeting_cannot_be_recorded_in_the_future(personas, pupil_a):
    with pytest.raises(DomainError, match="today or in the past"):
        services.parent_meeting_add(actor=personas.senco_a, pupil=pupil_a, held_on=date(2026, 11, 25), attendees="Mum")
