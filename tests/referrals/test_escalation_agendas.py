"""An escalated case leaves the hub panel's future agendas and goes on the Locality Management
Group's: the panel does not discuss a case the LMG now holds."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from referrals.intake import services as referral_services
from referrals.meetings import services
from referrals.models import AgendaItem, Meeting, Referral
from sendhub.dates import LONDON
from tests.referrals.test_meetings import held, minutes, schedule

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case_on_two_agendas(personas, submitted):
    """Discussed at the first panel meeting, first decided "continue": on the next panel's agenda."""
    first = schedule(personas, day=date(2026, 12, 3))
    later = schedule(personas, day=date(2027, 1, 28))
    lmg = schedule(personas, day=date(2027, 2, 4), kind=Meeting.Kind.LMG)
    referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
    with held(first):
        item = minutes(personas, first, submitted)
        services.case_decide(actor=personas.coordinator, item=item, outcome="continue")
    assert later.agenda_items.filter(referral=submitted, removed_at__isnull=True).exists()
    return first, later, lmg, item


def test_escalating_takes_the_case_off_the_scheduled_panel_agenda_and_puts_it_on_the_lmgs(
    personas, submitted, case_on_two_agendas
):
    first, later, lmg, item = case_on_two_agendas
    with held(first):
        services.case_decide(actor=personas.coordinator, item=item, outcome="escalate", note="Needs the LMG")
    submitted.refresh_from_db()
    assert submitted.status == Referral.Status.ESCALATED
    gone = later.agenda_items.get(referral=submitted)
    assert gone.removed_at is not None and "Locality Management Group" in gone.removed_reason
    assert lmg.agenda_items.get(referral=submitted, removed_at__isnull=True).kind == AgendaItem.Kind.ESCALATED
    # The held meeting's record of the discussion stays.
    assert first.agenda_items.get(referral=submitted).removed_at is None
    # Building the panel's agenda again does not bring it back.
    services.agenda_build(meeting=later)
    assert not later.agenda_items.filter(referral=submitted, removed_at__isnull=True).exists()


def test_the_panel_member_no_longer_sees_it_on_the_next_meeting_page(
    client_for, personas, submitted, case_on_two_agendas
):
    first, later, lmg, item = case_on_two_agendas
    panel = client_for(personas.panel)
    url = reverse("meetings:detail", kwargs={"pk": later.pk})
    assert submitted.pupil.name in panel.get(url).content.decode()
    with held(first):
        services.case_decide(actor=personas.coordinator, item=item, outcome="escalate")
    assert submitted.pupil.name not in panel.get(url).content.decode()
    coordinator_page = client_for(personas.coordinator).get(reverse("meetings:detail", kwargs={"pk": lmg.pk}))
    assert submitted.pupil.name in coordinator_page.content.decode()
