"""Actions agreed at a hub meeting, given to the owner's account: only accounts that may see the case,
and a reminder to that account, once, when the action is still open a week before the next hub meeting."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from referrals.intake import services as referral_services
from referrals.meetings import services
from referrals.meetings.reminders import meeting_reminders_send
from referrals.models import Action
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from sendhub.models import Notification
from tests.referrals.test_meetings import held, minutes, schedule

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(personas, submitted):
    """The case discussed at the 3 December meeting; its next hub meeting is on 28 January."""
    first = schedule(personas)
    referral_services.referral_accept(actor=personas.coordinator, referral=submitted)
    with held(first):
        item = minutes(personas, first, submitted)
    return first, item


def add(personas, item, **extra):
    values = dict(
        actor=personas.coordinator,
        item=item,
        description="Picture timetable in class",
        owner="",
        agency="school",
        due_on=date(2027, 1, 28),
    )
    values.update(extra)
    return services.action_add(**values)


def sweep(day):
    with time_machine.travel(datetime(*day, 7, 0, tzinfo=LONDON), tick=False):
        meeting_reminders_send(today=date(*day))
    return list(Notification.objects.filter(kind="meeting_action"))


def test_the_owner_with_an_account_is_reminded_once_before_the_next_meeting(personas, case):
    first, item = case
    with held(first):
        mine = add(personas, item, owner_user=personas.senco_a)
        add(personas, item, owner="Dr Ali, speech and language therapist", agency="health")
        done = add(personas, item, owner_user=personas.coordinator, description="Ask for a health visit")
        services.case_decide(actor=personas.coordinator, item=item, outcome="continue")
    # Done: reviewed (the state the review at a meeting leaves it in).
    Action.objects.filter(pk=done.pk).update(review=Action.Review.WORKED, reviewed_at=item.discussion)
    assert mine.owner == personas.senco_a.full_name
    schedule(personas, day=date(2027, 1, 28))

    assert sweep((2027, 1, 14)) == []  # the next meeting is two weeks away
    [notice] = sweep((2027, 1, 22))
    assert notice.user == personas.senco_a and notice.due_on == date(2027, 1, 28)
    assert notice.url == reverse("referrals:detail", kwargs={"pk": item.referral_id})
    assert item.referral.pupil.name not in notice.message and personas.school_a.name in notice.message
    assert sweep((2027, 1, 22)) == [notice]  # a second sweep sends nothing
    assert sweep((2027, 1, 23)) == [notice]


def test_an_account_that_may_not_see_the_case_is_refused(client_for, personas, case):
    first, item = case
    url = reverse("meetings:action_add", kwargs={"pk": item.pk})
    with held(first):
        page = client_for(personas.coordinator).get(url).content.decode()
        assert personas.senco_a.email in page and personas.coordinator.email in page
        assert personas.senco_b.email not in page and personas.parent.email not in page
        answer = client_for(personas.coordinator).post(
            url,
            {
                "description": "Picture timetable in class",
                "owner": "",
                "owner_user": personas.senco_b.pk,
                "agency": "school",
                "due_on_0": "28",
                "due_on_1": "1",
                "due_on_2": "2027",
            },
        )
        assert "Choose an account of someone who may see this case" in answer.content.decode()
        with pytest.raises(DomainError, match="may see this case"):
            add(personas, item, owner_user=personas.parent)
    assert not Action.objects.exists()
