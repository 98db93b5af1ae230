"""The public respond without an account; no response is lost and abuse is resisted without barring people."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import ANSWER_MAX, Answer, Consultation, Response
from consultations.references import ALPHABET, new_reference, normalise_reference
from sendhub import tasks as core_tasks
from sendhub.celery import app
from sendhub.dates import LONDON
from sendhub.models import OutboundEmail
from tests.consultations.builders import form_data, make_consultation

REFERENCE = re.compile(r"CN-[" + ALPHABET + r"]{4}-[" + ALPHABET + r"]{4}")


def respond_url(consultation: Consultation) -> str:
    return reverse("consultations:public_respond", args=[consultation.slug])


@pytest.mark.django_db
def test_anyone_can_respond_without_signing_in_and_gets_a_reference(client, consultation):
    response = client.post(respond_url(consultation), form_data(consultation), follow=True)
    assert response.status_code == 200
    stored = Response.objects.get()
    assert stored.reference in response.content.decode()
    assert "Response sent" in response.content.decode()
    assert {a.value for a in stored.answers.all()} == {"Parent or carer", "Agree", "I support it."}


@pytest.mark.django_db
def test_the_confirmation_cannot_be_forged_for_a_made_up_reference(client, consultation):
    url = reverse("consultations:public_confirmation", args=[consultation.slug, "CN-2222-2222"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_an_email_receipt_is_promised_in_the_same_transaction_and_sent_after_commit(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(respond_url(consultation), form_data(consultation, receipt_email="Parent@Example.org"))
    stored = Response.objects.get()
    assert stored.receipt_requested
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["parent@example.org"]
    assert stored.reference in mail.outbox[0].body and stored.reference in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_response_survives_a_broker_outage_and_its_receipt_is_sent_later(
    client, consultation, django_capture_on_commit_callbacks
):
    old = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                respond_url(consultation), form_data(consultation, receipt_email="parent@example.org"), follow=True
            )
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
    stored = Response.objects.get()
    assert response.status_code == 200 and stored.reference in response.content.decode()
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.PENDING and len(mail.outbox) == 0
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    assert core_tasks.outbox_sweep() == 1
    assert len(mail.outbox) == 1 and stored.reference in mail.outbox[0].body


@pytest.mark.django_db
def test_a_closed_consultation_refuses_and_says_when_it_closed(client, hub):
    consultation = make_consultation(hub, opening=date(2026, 1, 1), closing=date(2026, 1, 15))
    with time_machine.travel(datetime(2026, 1, 16, 9, 0, tzinfo=LONDON), tick=False):
        page = client.get(respond_url(consultation))
        posted = client.post(respond_url(consultation), form_data(consultation, text="Too late?"))
    assert "It closed at 11:59pm on Thursday 15 January 2026" in page.content.decode()
    assert "<form" not in page.content.decode().split('id="main-content"')[1]
    body = posted.content.decode()
    assert posted.status_code == 200 and "This consultation closed at 11:59pm on Thursday 15 January 2026" in body
    assert "Too late?" in body, "the person keeps what they wrote"
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_form_opened_before_the_close_and_sent_after_it_is_refused(client, hub):
    consultation = make_consultation(hub, opening=date(2026, 1, 1), closing=date(2026, 1, 15))
    with time_machine.travel(datetime(2026, 1, 15, 23, 50, tzinfo=LONDON), tick=False):
        assert client.get(respond_url(consultation)).status_code == 200
    with time_machine.travel(datetime(2026, 1, 16, 0, 0, tzinfo=LONDON), tick=False):
        client.post(respond_url(consultation), form_data(consultation))
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_drafts_and_consultations_not_yet_open_are_not_public(client, hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT, slug="draft")
    later = make_consultation(
        hub,
        state=Consultation.State.SCHEDULED,
        slug="later",
        opening=timezone.now().date() + timedelta(days=3),
        closing=timezone.now().date() + timedelta(days=30),
    )
    for consultation in (draft, later):
        assert client.get(reverse("consultations:public_detail", args=[consultation.slug])).status_code == 404
        assert client.post(respond_url(consultation), form_data(consultation)).status_code == 404
    assert not Response.objects.exists()
    assert "draft" not in client.get(reverse("consultations:public_list")).content.decode().lower()


@pytest.mark.django_db
def test_the_public_list_shows_open_consultations_then_closed_ones(client, hub):
    make_consultation(hub, slug="open-one", title="The open one")
    make_consultation(
        hub,
        slug="closed-one",
        title="The closed one",
        opening=date(2025, 1, 1),
        closing=date(2025, 2, 1),
        state=Consultation.State.CLOSED,
    )
    page = client.get(reverse("consultations:public_list")).content.decode()
    assert page.index("The open one") < page.index("Closed consultations") < page.index("The closed one")


@pytest.mark.django_db
def test_a_missing_required_answer_is_shown_in_the_error_summary_and_nothing_is_stored(client, consultation):
    data = form_data(consultation)
    data.pop(next(k for k in data if data[k] == "Agree"))
    page = client.post(respond_url(consultation), data)
    body = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in body
    assert "Select an answer to ‘Do you agree with the proposal?’" in body
    assert "<title>Error: " in body
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_choice_that_is_not_offered_is_refused(client, consultation):
    data = form_data(consultation, agree="Absolutely")
    assert "Select an answer" in client.post(respond_url(consultation), data).content.decode()
    assert not Response.objects.exists()


# --- Abuse resistance ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_filled_honeypot_shows_the_same_confirmation_keeps_the_response_as_spam_and_sends_no_email(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            respond_url(consultation),
            form_data(consultation, website_url="http://spam.example", receipt_email="victim@example.org"),
            follow=True,
        )
    stored = Response.objects.get()
    assert "Response sent" in page.content.decode() and stored.reference in page.content.decode()
    assert stored.suspected_spam and not stored.receipt_requested
    assert not OutboundEmail.objects.exists() and len(mail.outbox) == 0
    assert not stored.counts


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_sight_and_labelled_for_anyone_who_meets_it(client, consultation):
    page = client.get(respond_url(consultation)).content.decode()
    assert 'class="app-honeypot"' in page
    assert "Leave this empty" in page
    assert 'name="website_url"' in page and 'tabindex="-1"' in page


@pytest.mark.django_db
def test_over_the_rate_limit_a_gov_uk_page_says_when_to_try_again_with_429(client, consultation, settings):
    settings.CONSULTATION_RESPONSE_RATE = "2/h"
    for _ in range(2):
        assert client.post(respond_url(consultation), form_data(consultation)).status_code == 302
    refused = client.post(respond_url(consultation), form_data(consultation))
    body = refused.content.decode()
    assert refused.status_code == 429
    assert "Too many responses from your connection" in body and "Try again after" in body
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_the_rate_limit_counts_each_address_on_its_own(client, consultation, settings):
    settings.CONSULTATION_RESPONSE_RATE = "1/h"
    assert client.post(respond_url(consultation), form_data(consultation), REMOTE_ADDR="192.0.2.1").status_code == 302
    assert client.post(respond_url(consultation), form_data(consultation), REMOTE_ADDR="192.0.2.2").status_code == 302
    assert client.post(respond_url(consultation), form_data(consultation), REMOTE_ADDR="192.0.2.1").status_code == 429


@pytest.mark.django_db
def test_a_broken_cache_lets_people_respond_rather_than_turning_them_away(client, consultation, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr("consultations.ratelimit.get_usage", broken)
    assert client.post(respond_url(consultation), form_data(consultation)).status_code == 302
    assert Response.objects.count() == 1


@pytest.mark.django_db
def test_an_answer_over_5000_characters_is_refused_with_a_message(client, consultation):
    page = client.post(respond_url(consultation), form_data(consultation, text="x" * (ANSWER_MAX + 1)))
    assert "must be 5,000 characters or fewer" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_an_answer_of_exactly_5000_characters_is_accepted(client, consultation):
    assert client.post(respond_url(consultation), form_data(consultation, text="x" * ANSWER_MAX)).status_code == 302
    assert len(Answer.objects.get(question__kind="free_text").value) == ANSWER_MAX


@pytest.mark.django_db
def test_a_request_body_over_the_limit_gets_a_413_page_not_an_error(client, consultation):
    page = client.post(respond_url(consultation), form_data(consultation, text="x" * 1_100_000))
    assert page.status_code == 413 and "too long to send" in page.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_service_itself_refuses_oversized_or_unknown_answers(consultation):
    free_text = consultation.questions.get(kind="free_text")
    with pytest.raises(services.ConsultationError, match="5,000 characters"):
        services.response_submit(
            consultation_id=consultation.pk,
            answers={
                **{q.pk: q.options[0] for q in consultation.questions.exclude(kind="free_text")},
                free_text.pk: "x" * (ANSWER_MAX + 1),
            },
        )
    with pytest.raises(services.ConsultationError, match="out of date"):
        services.response_submit(consultation_id=consultation.pk, answers={999_999: "hello"})
    assert not Response.objects.exists()


def test_references_are_unguessable_and_avoid_characters_people_confuse():
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    assert all(REFERENCE.fullmatch(r) for r in references)
    assert not set("".join(references)) & set("01ILOUV") - {"-"} - set("CN")
    assert normalise_reference(" cn 7k3p q9xd ") == "CN-7K3P-Q9XD"
    assert normalise_reference("CN-7K3P-Q9X0") == ""


@pytest.mark.django_db
def test_each_response_gets_its_own_reference_even_when_one_is_drawn_twice(consultation, monkeypatch):
    drawn = iter(["CN-2222-2222", "CN-2222-2222", "CN-3333-3333"])
    monkeypatch.setattr("consultations.services.responding.new_reference", lambda: next(drawn))
    first = services.response_submit(consultation_id=consultation.pk, answers=_answers(consultation))
    second = services.response_submit(consultation_id=consultation.pk, answers=_answers(consultation))
    assert (first.reference, second.reference) == ("CN-2222-2222", "CN-3333-3333")


def _answers(consultation):
    from tests.consultations.builders import answers_for

    return answers_for(consultation)


@pytest.mark.django_db
def test_the_form_is_protected_by_csrf(consultation):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(respond_url(consultation), form_data(consultation)).status_code == 403
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_behind_one_proxy_the_rate_limit_counts_each_person_not_the_proxy(client, consultation, settings):
    settings.CONSULTATION_RESPONSE_RATE = "1/h"
    settings.AXES_IPWARE_PROXY_COUNT = 0  # TRUSTED_PROXY_COUNT=1: nginx's entry is the right-most
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    url, data = respond_url(consultation), form_data(consultation)
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy).status_code == 302
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy).status_code == 302
    # A forged entry on the left does not make the first person someone new.
    assert client.post(url, data, HTTP_X_FORWARDED_FOR="203.0.113.5, 192.0.2.1", **proxy).status_code == 429
