"""A closing date means 23:59:59 that day in Europe/London, judged by the server when the response commits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from consultations import services
from consultations.formatting import deadline, long_date
from consultations.models import Consultation, Response
from sendhub.dates import LONDON
from tests.consultations.builders import answers_for, make_consultation

CLOSING_DATES = [
    pytest.param(date(2026, 3, 29), id="Sunday 29 March 2026, clocks go forward"),
    pytest.param(date(2026, 10, 25), id="Sunday 25 October 2026, clocks go back"),
    pytest.param(date(2026, 1, 15), id="Thursday 15 January 2026, winter"),
    pytest.param(date(2026, 7, 15), id="Wednesday 15 July 2026, summer"),
]


def _submit(consultation: Consultation) -> Response:
    return services.response_submit(consultation_id=consultation.pk, answers=answers_for(consultation))


def _at(day: date, hour: int, minute: int, second: int, microsecond: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, microsecond, tzinfo=LONDON)


@pytest.mark.django_db
@pytest.mark.parametrize("closing", CLOSING_DATES)
def test_a_response_at_235959_on_the_closing_day_is_accepted(hub, closing):
    consultation = make_consultation(hub, opening=closing - timedelta(days=28), closing=closing)
    with time_machine.travel(_at(closing, 23, 59, 59, 999_000), tick=False):
        response = _submit(consultation)
    assert response.submitted_at == _at(closing, 23, 59, 59, 999_000)
    assert Response.objects.filter(pk=response.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("closing", CLOSING_DATES)
def test_a_response_at_midnight_after_the_closing_day_is_refused(hub, closing):
    consultation = make_consultation(hub, opening=closing - timedelta(days=28), closing=closing)
    with time_machine.travel(_at(closing + timedelta(days=1), 0, 0, 0), tick=False):
        with pytest.raises(services.ConsultationClosed, match=f"closed at 11:59pm on {long_date(closing)}"):
            _submit(consultation)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_deadline_is_the_london_day_not_the_utc_day(hub):
    # 23:30 on 15 July in London is 22:30 UTC: still the closing day. 00:30 on the 16th in
    # London is 23:30 UTC on the 15th: the UTC date is still the closing date, London's is not.
    closing = date(2026, 7, 15)
    consultation = make_consultation(hub, opening=date(2026, 6, 1), closing=closing)
    with time_machine.travel(datetime(2026, 7, 15, 23, 30, tzinfo=LONDON), tick=False):
        _submit(consultation)
    with time_machine.travel(datetime(2026, 7, 16, 0, 30, tzinfo=LONDON), tick=False):
        with pytest.raises(services.ConsultationClosed):
            _submit(consultation)
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_response_before_the_opening_day_is_refused_and_one_at_its_first_instant_accepted(hub):
    consultation = make_consultation(
        hub, opening=date(2026, 3, 2), closing=date(2026, 3, 29), state=Consultation.State.SCHEDULED
    )
    with time_machine.travel(datetime(2026, 3, 1, 23, 59, 59, 999_999, tzinfo=LONDON), tick=False):
        with pytest.raises(services.ConsultationError, match="not open"):
            _submit(consultation)
    with time_machine.travel(datetime(2026, 3, 2, 0, 0, tzinfo=LONDON), tick=False):
        _submit(consultation)
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_a_draft_never_accepts_a_response_even_between_its_dates(hub):
    consultation = make_consultation(hub, state=Consultation.State.DRAFT)
    with pytest.raises(services.ConsultationError):
        _submit(consultation)
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_acceptance_follows_the_clock_not_the_state_the_sweep_recorded(hub):
    # The sweep has not run yet: the row still says "open" after the close...
    closing = date(2026, 1, 15)
    consultation = make_consultation(hub, opening=date(2026, 1, 1), closing=closing, state=Consultation.State.OPEN)
    with time_machine.travel(datetime(2026, 1, 16, 0, 0, 1, tzinfo=LONDON), tick=False):
        with pytest.raises(services.ConsultationClosed):
            _submit(consultation)
    # ...and says "scheduled" after the opening: it accepts.
    Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.State.SCHEDULED)
    with time_machine.travel(datetime(2026, 1, 10, 12, 0, tzinfo=LONDON), tick=False):
        _submit(consultation)


@pytest.mark.django_db
def test_a_closing_date_is_stored_as_the_last_instant_of_that_london_day(hub, personas):
    with time_machine.travel(datetime(2026, 3, 1, 9, 0, tzinfo=LONDON), tick=False):
        consultation = services.consultation_create(
            actor=personas.head_a,
            hub=hub,
            title="Clocks",
            summary="s",
            body="b",
            contact_name="c",
            contact_email="c@example.org",
            opening_date=date(2026, 3, 2),
            closing_date=date(2026, 3, 29),
        )
    assert consultation.closes_at == datetime(2026, 3, 29, 23, 59, 59, 999_999, tzinfo=LONDON)
    # British Summer Time began at 01:00 UTC that day: the close is 22:59:59.999999 UTC.
    assert consultation.closes_at.utcoffset() == timedelta(hours=1)
    assert consultation.opens_at == datetime(2026, 3, 2, 0, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    "day, text",
    [
        (date(2025, 4, 3), "Thursday 3 April 2025"),  # seed 000 called it "Monday, 3rd April 2025"
        (date(2026, 3, 29), "Sunday 29 March 2026"),
        (date(2026, 10, 25), "Sunday 25 October 2026"),
        (date(2024, 2, 29), "Thursday 29 February 2024"),
    ],
)
def test_the_weekday_is_computed_from_the_date(day, text):
    assert long_date(day) == text
    assert deadline(day) == f"11:59pm on {text}"


@pytest.mark.django_db
def test_the_public_page_shows_the_weekday_of_the_closing_date(client, hub):
    consultation = make_consultation(hub, opening=date(2025, 3, 1), closing=date(2025, 4, 3), slug="seed-000")
    with time_machine.travel(datetime(2025, 3, 20, 12, 0, tzinfo=LONDON), tick=False):
        page = client.get(f"/consultations/{consultation.slug}/").content.decode()
    assert "11:59pm on Thursday 3 April 2025" in page
    assert "Monday" not in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_response_waits_for_a_change_to_the_close_and_is_judged_after_it(hub):
    """The row lock: a response sent while staff move the close to yesterday is judged by the new close."""
    import threading
    import time

    from django.db import connection, transaction

    from sendhub.dates import end_of_day
    from tests.consultations.builders import today

    consultation = make_consultation(hub)
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def staff_moves_the_close() -> None:
        try:
            with transaction.atomic():
                Consultation.objects.select_for_update().get(pk=consultation.pk)
                yesterday = today() - timedelta(days=1)
                Consultation.objects.filter(pk=consultation.pk).update(
                    closing_date=yesterday, closes_at=end_of_day(yesterday)
                )
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    def someone_responds() -> None:
        try:
            _submit(consultation)
            outcome["result"] = "accepted"
        except services.ConsultationClosed:
            outcome["result"] = "refused"
        finally:
            connection.close()

    staff = threading.Thread(target=staff_moves_the_close)
    staff.start()
    assert locked.wait(10)
    respondent = threading.Thread(target=someone_responds)
    respondent.start()
    time.sleep(0.5)
    assert respondent.is_alive(), "the response must wait for the lock"
    release.set()
    staff.join(10)
    respondent.join(10)
    assert outcome["result"] == "refused"
    assert not Response.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_responses_do_not_wait_for_each_other_but_a_change_to_the_close_waits_for_them(hub):
    """Issue 19: a shared lock. A response under way lets another through, and holds off staff moving the close."""
    import threading
    import time

    from django.db import connection, transaction

    from consultations.services.responding import lock_for_response
    from sendhub.dates import end_of_day
    from tests.consultations.builders import today

    consultation = make_consultation(hub)
    holding, release, done = threading.Event(), threading.Event(), {}

    def first_response_under_way() -> None:
        try:
            with transaction.atomic():
                lock_for_response(consultation.pk)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def second_response() -> None:
        try:
            done["response"] = _submit(consultation).reference
        finally:
            connection.close()

    def staff_moves_the_close() -> None:
        try:
            yesterday = today() - timedelta(days=1)
            Consultation.objects.filter(pk=consultation.pk).update(
                closing_date=yesterday, closes_at=end_of_day(yesterday)
            )
            done["moved"] = True
        finally:
            connection.close()

    first = threading.Thread(target=first_response_under_way)
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=second_response)
    second.start()
    second.join(10)
    assert not second.is_alive() and done.get("response"), "a response must not wait for another"
    staff = threading.Thread(target=staff_moves_the_close)
    staff.start()
    time.sleep(0.5)
    assert staff.is_alive() and "moved" not in done, "the change must wait for the response under way"
    release.set()
    first.join(10)
    staff.join(10)
    assert done.get("moved")
    assert Response.objects.filter(reference=done["response"]).exists()
