"""A place past its planned end date is not "In the hub": the register and its CSV show it as due
to be ended (as the occupancy counts it: not filled), and the LA officer is reminded, once, to end it."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from pupils.models import Placement
from pupils.places import occupancy
from pupils.places.reminders import placement_end_reminders_send
from pupils.places.services import placement_create, placement_end
from sendhub.dates import LONDON
from sendhub.models import Notification, OutboundEmail, Role
from tests.factories import member

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def places(personas, hub, commission, named_pupils):
    commission("2025/26")
    overdue, last_day, ended = named_pupils(3)

    def make(pupil, end):
        return placement_create(
            actor=personas.la_officer, hub=hub, pupil=pupil, starts_on=date(2025, 9, 3), planned_end_on=end
        )

    result = {
        "overdue": make(overdue, date(2026, 2, 27)),
        "last_day": make(last_day, TODAY),  # today is its last planned day: still in the hub
        "ended": make(ended, date(2026, 2, 13)),
    }
    placement_end(actor=personas.la_officer, placement=result["ended"], ended_on=date(2026, 2, 13), reason="needs_met")
    result["ended"].refresh_from_db()
    return result


def test_the_status_of_a_place_past_its_planned_end_is_due_to_be_ended(places):
    assert places["overdue"].status_on(TODAY) == "Due to be ended"
    assert places["last_day"].status_on(TODAY) == "In the hub"
    assert places["ended"].status_on(TODAY) == "Ended"


def test_the_occupancy_counts_it_as_the_register_shows_it(places, hub):
    today = next(row for row in occupancy.occupancy(hub, "2025/26", today=TODAY) if row.on == TODAY)
    assert today.filled == 1  # only the place whose last day is today


def test_the_register_page_and_csv_show_due_to_be_ended(client_for, personas, places, hub):
    client = client_for(personas.la_officer)
    page = client.get(reverse("places:occupancy", kwargs={"pk": hub.pk}) + "?year=2025/26").content.decode()
    assert page.count("Due to be ended") == 1 and page.count(">In the hub<") == 1
    csv = client.get(reverse("places:register_csv", kwargs={"pk": hub.pk}) + "?year=2025/26").content.decode()
    rows = [line for line in csv.splitlines()[1:] if line]
    assert sorted(row.rsplit(",", 1)[1] for row in rows) == ["Due to be ended", "Ended", "In the hub"]


def test_the_la_officer_is_reminded_once_per_place(personas, places, hub):
    elsewhere = member(Role.LA_OFFICER, local_authority=personas.other_la)
    assert placement_end_reminders_send(today=TODAY) == 1
    assert placement_end_reminders_send(today=TODAY) == 0
    with time_machine.travel(datetime(2026, 3, 3, 7, tzinfo=LONDON), tick=False):
        # The next morning the place whose last day was today is due too; the first is not repeated.
        assert placement_end_reminders_send(today=date(2026, 3, 3)) == 1
    notes = Notification.objects.filter(user=personas.la_officer).order_by("pk")
    assert [n.url for n in notes] == [
        reverse("places:end", kwargs={"pk": places["overdue"].pk}),
        reverse("places:end", kwargs={"pk": places["last_day"].pk}),
    ]
    assert "27 February 2026" in notes[0].message and hub.name in notes[0].message
    assert places["overdue"].pupil.legal_last_name not in notes[0].message
    assert not Notification.objects.filter(user=elsewhere).exists()
    emails = [e for e in OutboundEmail.objects.all() if personas.la_officer.email in e.to]
    assert len(emails) == 2 and all(places["overdue"].pupil.legal_last_name not in e.body for e in emails)


def test_the_daily_task_runs_the_reminder(personas, places):
    from pupils.tasks import placement_end_reminders

    assert placement_end_reminders() == 1
    assert Placement.objects.get(pk=places["overdue"].pk).end_reminder_sent_on == TODAY


def test_the_beat_schedule_runs_it_every_morning():
    from sendhub.celery import app

    entry = app.conf.beat_schedule["placement-end-reminders"]
    assert entry["task"] == "pupils.tasks.placement_end_reminders" and entry["schedule"].hour == {7}
