"""Moderation hides abusive text from the published summary and PDF, marks duplicates and spam, and deletes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from consultations import selectors, services
from consultations.models import Answer, Consultation, Response
from sendhub.dates import LONDON
from sendhub.exports import csv_safe
from tests.consultations.builders import answers_for, make_consultation
from tests.pdf import assert_accessible_pdf

ABUSE = "The head is a disgrace and should be sacked"


@pytest.fixture
def closed(hub) -> Consultation:
    return make_consultation(hub, opening=date(2026, 1, 1), closing=date(2026, 1, 15))


def _respond(consultation, moment, **kwargs) -> Response:
    with time_machine.travel(moment, tick=False):
        return services.response_submit(consultation_id=consultation.pk, answers=answers_for(consultation, **kwargs))


@pytest.fixture
def responses(closed):
    during = datetime(2026, 1, 10, 12, 0, tzinfo=LONDON)
    return {
        "kind": _respond(closed, during, text="A wonderful idea for our children", agree="Strongly agree"),
        "abusive": _respond(closed, during, text=ABUSE, agree="Strongly disagree"),
        "again": _respond(closed, during, text="A wonderful idea for our children", agree="Strongly agree"),
    }


def _pdf_text(consultation: Consultation) -> str:
    consultation.refresh_from_db()
    with consultation.summary_pdf.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


def _after_close():
    return time_machine.travel(datetime(2026, 1, 20, 9, 0, tzinfo=LONDON), tick=False)


@pytest.mark.django_db
def test_a_hidden_answer_is_left_out_of_the_summary_and_the_pdf_but_never_deleted(personas, closed, responses):
    answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
    with _after_close():
        services.answer_moderate(actor=personas.head_a, answer=answer, hidden=True, reason="Abuse of a named person")
        services.consultation_summary_generate(consultation_id=closed.pk)
    free_text = next(q for q in selectors.response_summary(closed).questions if q.question.is_free_text)
    assert ABUSE not in free_text.texts and free_text.hidden == 1
    text = _pdf_text(closed)
    assert ABUSE not in text and "A wonderful idea for our children" in text
    assert "1 withheld by moderators" in text
    answer.refresh_from_db()
    assert answer.value == ABUSE and answer.hidden and answer.hidden_by == personas.head_a
    assert Response.objects.count() == 3


@pytest.mark.django_db
def test_a_hidden_answer_is_left_out_of_the_public_page_but_its_response_is_still_counted(
    client, personas, closed, responses
):
    answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
    with _after_close():
        services.answer_moderate(actor=personas.head_a, answer=answer, hidden=True, reason="Abuse")
        services.consultation_outcome_publish(actor=personas.head_a, consultation=closed, outcome="We listened.")
        services.consultation_summary_generate(consultation_id=closed.pk)
        page = client.get(reverse("consultations:public_detail", args=[closed.slug])).content.decode()
        pdf = client.get(reverse("consultations:public_summary_pdf", args=[closed.slug]))
    assert ABUSE not in page and "We listened." in page
    assert "We received 3 responses" in page
    data = b"".join(pdf.streaming_content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert ABUSE not in text and "Strongly disagree 1 33%" in text
    assert_accessible_pdf(data, f"Summary of responses: {closed.title}")


@pytest.mark.django_db
def test_moderation_after_the_close_marks_the_summary_for_regeneration(personas, closed, responses):
    with _after_close():
        services.consultation_summary_generate(consultation_id=closed.pk)
        answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
        services.answer_moderate(actor=personas.head_a, answer=answer, hidden=True, reason="Abuse")
    closed.refresh_from_db()
    assert closed.summary_stale


@pytest.mark.django_db
def test_after_commit_the_task_remakes_the_summary_without_the_hidden_text(
    personas, closed, responses, django_capture_on_commit_callbacks
):
    with _after_close():
        services.consultation_summary_generate(consultation_id=closed.pk)
        assert ABUSE in _pdf_text(closed)
        answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
        with django_capture_on_commit_callbacks(execute=True):
            services.answer_moderate(actor=personas.head_a, answer=answer, hidden=True, reason="Abuse")
    closed.refresh_from_db()
    assert not closed.summary_stale and ABUSE not in _pdf_text(closed)


@pytest.mark.django_db
def test_hiding_needs_a_reason_and_only_written_answers_can_be_hidden(personas, closed, responses):
    text_answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
    choice = Answer.objects.get(response=responses["abusive"], question__kind="agree_scale")
    with pytest.raises(services.ConsultationError, match="Enter why"):
        services.answer_moderate(actor=personas.head_a, answer=text_answer, hidden=True, reason=" ")
    with pytest.raises(services.ConsultationError, match="Only written answers"):
        services.answer_moderate(actor=personas.head_a, answer=choice, hidden=True, reason="x")


@pytest.mark.django_db
def test_a_duplicate_is_kept_but_left_out_of_the_counts(personas, closed, responses):
    services.response_set_status(
        actor=personas.head_a,
        response=responses["again"],
        status="duplicate",
        duplicate_of_reference=responses["kind"].reference.lower().replace("-", " "),
    )
    summary = selectors.response_summary(closed)
    assert summary.total == 2 and summary.duplicates == 1
    agree = next(q for q in summary.questions if q.question.kind == "agree_scale")
    assert {o.label: o.count for o in agree.options}["Strongly agree"] == 1
    assert Response.objects.filter(pk=responses["again"].pk, duplicate_of=responses["kind"]).exists()


@pytest.mark.django_db
def test_a_response_cannot_duplicate_itself_or_a_response_of_another_consultation(personas, hub, closed, responses):
    other = make_consultation(hub, slug="other")
    theirs = services.response_submit(consultation_id=other.pk, answers=answers_for(other))
    for reference in (responses["kind"].reference, theirs.reference, "not a reference"):
        with pytest.raises(services.ConsultationError):
            services.response_set_status(
                actor=personas.head_a, response=responses["kind"], status="duplicate", duplicate_of_reference=reference
            )


@pytest.mark.django_db
def test_marking_spam_and_back_changes_only_the_flag(personas, closed, responses):
    services.response_set_status(actor=personas.head_a, response=responses["kind"], status="spam")
    assert selectors.response_summary(closed).total == 2
    services.response_set_status(actor=personas.head_a, response=responses["kind"], status="counted")
    assert selectors.response_summary(closed).total == 3
    assert responses["kind"].history.count() == 3  # created, spam, counted: who and when are kept


@pytest.mark.django_db
def test_moderating_through_the_pages(client_for, personas, closed, responses):
    client = client_for(personas.head_a)
    answer = Answer.objects.get(response=responses["abusive"], question__kind="free_text")
    url = reverse("consultations:manage_answer_moderate", args=[closed.pk, responses["abusive"].pk, answer.pk])
    page = client.post(url, {"visibility": "hide", "reason": ""}).content.decode()
    assert "Enter why you are hiding this answer" in page
    assert client.post(url, {"visibility": "hide", "reason": "Abusive"}).status_code == 302
    answer.refresh_from_db()
    assert answer.hidden
    listing = client.get(reverse("consultations:manage_responses", args=[closed.pk]) + "?status=hidden")
    assert responses["abusive"].reference in listing.content.decode()
    assert responses["kind"].reference not in listing.content.decode()


@pytest.mark.django_db
def test_the_responses_list_filters_by_status_capacity_and_reference(client_for, personas, closed, responses):
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_responses", args=[closed.pk])
    services.response_set_status(actor=personas.head_a, response=responses["again"], status="spam")
    body = client.get(url + "?status=spam").content.decode()
    assert responses["again"].reference in body and responses["kind"].reference not in body
    body = client.get(url + f"?reference={responses['kind'].reference.lower()}").content.decode()
    assert responses["kind"].reference in body and responses["abusive"].reference not in body
    body = client.get(url + "?capacity=Pupil").content.decode()
    assert "No responses match the filters" in body
    assert client.get(url + "?status=nonsense&capacity=%00&page=abc").status_code == 200


@pytest.mark.django_db
def test_the_csv_has_every_answer_for_staff_and_defuses_spreadsheet_formulas(client_for, personas, closed):
    during = datetime(2026, 1, 10, 12, 0, tzinfo=LONDON)
    for text in ("=1+1", "+SUM(A1)", "-2+3", "@cmd", 'plain, with "quotes"\nand a new line'):
        _respond(closed, during, text=text)
    exported = client_for(personas.head_a).get(reverse("consultations:manage_export_csv", args=[closed.pk]))
    assert exported["Content-Disposition"] == f'attachment; filename="{closed.slug}-responses.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    texts = [row[-2] for row in rows[1:]]
    assert texts == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", 'plain, with "quotes"\nand a new line']
    assert len(rows[0]) == 5 + 3 + 1


def test_csv_cells_are_made_safe_from_formula_injection():
    assert csv_safe("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert csv_safe("\t=1") == "'\t=1"
    assert csv_safe("A normal answer") == "A normal answer" and csv_safe(None) == ""


@pytest.mark.django_db
def test_staff_can_regenerate_the_summary_only_after_the_close(
    client_for, personas, closed, responses, hub, django_capture_on_commit_callbacks
):
    client = client_for(personas.head_a)
    open_now = make_consultation(hub, slug="open-now")
    client.post(reverse("consultations:manage_summary_regenerate", args=[open_now.pk]))
    assert not Consultation.objects.get(pk=open_now.pk).summary_pdf
    assert client.get(reverse("consultations:manage_summary_pdf", args=[open_now.pk])).status_code == 404
    # Made by the worker after the response (issue 19): the page says it is waiting meanwhile.
    with django_capture_on_commit_callbacks() as queued:
        client.post(reverse("consultations:manage_summary_regenerate", args=[closed.pk]))
    assert not Consultation.objects.get(pk=closed.pk).summary_pdf
    page = client.get(reverse("consultations:manage_detail", args=[closed.pk])).content.decode()
    assert "The summary is waiting to be made: asked for" in page
    for callback in queued:
        callback()
    made = Consultation.objects.get(pk=closed.pk)
    assert made.summary_pdf and not made.summary_requested_at and not made.summary_started_at


@pytest.mark.django_db
def test_the_public_summary_pdf_waits_for_the_outcome(client, personas, closed, responses):
    services.consultation_summary_generate(consultation_id=closed.pk)
    assert client.get(reverse("consultations:public_summary_pdf", args=[closed.slug])).status_code == 404


@pytest.mark.django_db
def test_the_public_outcome_page_counts_written_answers_without_reading_them(
    client, personas, closed, responses, django_assert_max_num_queries
):
    """Issue 19: the public page reads aggregates only; the written answers are in the summary PDF."""
    with _after_close():
        services.consultation_outcome_publish(actor=personas.head_a, consultation=closed, outcome="We listened.")
    url = reverse("consultations:public_detail", args=[closed.slug])
    with django_assert_max_num_queries(12) as few:
        page = client.get(url).content.decode()
    assert "3 people answered" in page
    assert "A wonderful idea for our children" not in page
    during = datetime(2026, 1, 11, 12, 0, tzinfo=LONDON)
    for n in range(20):
        _respond(closed, during, text=f"Another view number {n}", agree="Agree")
    # Travelling back in time added responses after the page counted them, which real time cannot
    # do (a closed consultation refuses responses): forget the counts the page kept, to count again.
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "23 people answered" in page and "We received 23 responses" in page
    summary = selectors.response_summary(closed, with_texts=False)
    free_text = next(q for q in summary.questions if q.question.is_free_text)
    assert free_text.answered == 23 and free_text.texts == []


@pytest.mark.django_db
def test_the_public_outcome_page_counts_once_until_moderation_changes_the_counts(client, personas, closed, responses):
    """Issue 19: once closed, the counts are kept; moderation bumps the version, so the next visit counts again."""
    with _after_close():
        services.consultation_outcome_publish(actor=personas.head_a, consultation=closed, outcome="We listened.")
    url = reverse("consultations:public_detail", args=[closed.slug])
    first = client.get(url).content.decode()
    assert "We received 3 responses" in first
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content.decode() == first
    assert not [q for q in again.captured_queries if "consultations_answer" in q["sql"]], "counted again"
    with _after_close():
        services.response_set_status(actor=personas.head_a, response=responses["again"], status="spam")
    assert "We received 2 responses" in client.get(url).content.decode()
