"""Pages: safe formatting, query counts that do not grow with the responses, demo data, navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations import demo
from consultations.formatting import render_markdown
from consultations.models import Answer, Consultation, Question, Response
from consultations.references import new_reference


def test_markdown_is_rendered_and_raw_html_removed():
    html = render_markdown(
        "# Title\n\nHello <script>alert(1)</script> <b onclick='x()'>bold</b> **strong**\n\n"
        "[ok](https://www.example.org) [bad](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n* one\n* two"
    )
    assert "<script" not in html and "onclick" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert '<h2 class="govuk-heading-m">Title</h2>' in html
    assert '<a href="https://www.example.org" class="govuk-link">ok</a>' in html
    assert "<strong>strong</strong>" in html and 'class="govuk-list govuk-list--bullet"' in html


def _many_responses(consultation: Consultation, count: int) -> None:
    questions = list(consultation.questions.all())
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            consultation=consultation,
            reference=new_reference(),
            submitted_at=now - timedelta(minutes=n),
            suspected_spam=n % 7 == 0,
        )
        for n in range(count)
    )
    answers = []
    for response in consultation.responses.filter(answers__isnull=True):
        for question in questions:
            value = question.options[0] if question.options else "Some words"
            hidden = question.is_free_text and response.pk % 5 == 0
            answers.append(Answer(response=response, question=question, value=value, hidden=hidden))
    Answer.objects.bulk_create(answers)


@pytest.mark.django_db
def test_the_responses_list_takes_the_same_queries_for_every_page(
    client_for, personas, consultation, django_assert_max_num_queries
):
    _many_responses(consultation, 60)
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_responses", args=[consultation.pk])
    client.get(url)  # warm the session
    # Session, user, roles, consultation, audit, questions, count, page, unread notices, session save.
    with django_assert_max_num_queries(12):
        first = client.get(url)
    with django_assert_max_num_queries(12):
        last = client.get(url + "?page=3&status=counted")
    assert first.status_code == last.status_code == 200
    assert first.content.decode().count('class="govuk-link app-nowrap"') == 25


@pytest.mark.django_db
def test_the_responses_list_keeps_its_query_count_as_responses_grow(
    client_for, personas, consultation, django_assert_max_num_queries
):
    """Issue 19: the same queries at 10 responses and at 110, newest first, with exact counts and the hidden filter."""
    _many_responses(consultation, 10)
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_responses", args=[consultation.pk])
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url + "?status=hidden")
    _many_responses(consultation, 100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        hidden = client.get(url + "?status=hidden")
    with django_assert_max_num_queries(len(few.captured_queries)):
        newest = client.get(url)
    expected = Response.objects.filter(consultation=consultation, answers__hidden=True).distinct().count()
    assert hidden.context["page"].paginator.count == expected > 0
    assert newest.context["page"].paginator.count == 110
    newest_first = Response.objects.filter(consultation=consultation).order_by("-submitted_at", "-pk")
    assert [r.pk for r in newest.context["page"].object_list] == list(newest_first.values_list("pk", flat=True)[:25])


@pytest.mark.django_db
def test_the_csv_streams_in_a_fixed_number_of_queries(
    client_for, personas, consultation, django_assert_max_num_queries
):
    _many_responses(consultation, 60)
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_export_csv", args=[consultation.pk])
    with django_assert_max_num_queries(14):
        lines = b"".join(client.get(url).streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 61


@pytest.mark.django_db
def test_the_demo_has_an_open_and_a_closed_consultation_about_the_demo_hub(client):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    open_c = Consultation.objects.get(slug=demo.OPEN_SLUG)
    closed = Consultation.objects.get(slug=demo.CLOSED_SLUG)
    assert open_c.hub == closed.hub and open_c.hub.host_school.urn == "990101"
    assert open_c.is_open() and closed.has_closed()
    assert closed.state == Consultation.State.OUTCOME_PUBLISHED and closed.outcome and closed.summary_pdf
    assert closed.responses.filter(duplicate_of__isnull=False).count() == 1
    assert Answer.objects.filter(response__consultation=closed, hidden=True).count() == 1
    assert open_c.documents.count() == 1
    listing = client.get(reverse("consultations:public_list")).content.decode()
    assert "How is our mainstream SEND hub working?" in listing and "Proposal: a mainstream SEND hub" in listing
    assert (
        client.get(reverse("consultations:public_respond", args=[closed.slug]))
        .content.decode()
        .count("This consultation has closed")
        == 2
    )  # the title and the heading
    assert Question.objects.filter(consultation=open_c).count() == 3


@pytest.mark.django_db
def test_staff_who_run_consultations_see_them_in_the_navigation_and_on_their_home_page(client_for, personas):
    for user in (personas.head_a, personas.trust_lead, personas.la_officer, personas.admin):
        page = client_for(user).get(reverse("home")).content.decode()
        assert 'href="/consultations/manage/"' in page and "Run public consultations" in page
    assert 'href="/consultations/manage/"' not in client_for(personas.senco_a).get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_find_public_consultations_in_the_header_and_footer(client):
    page = client.get(reverse("home")).content.decode()
    header, footer = page.split("<footer")
    assert 'href="/consultations/">Consultations</a>' in header.replace("\n", "")
    assert header.index('href="/consultations/"') < header.index("Sign in")
    assert "Public consultations" in footer


@pytest.mark.django_db
def test_no_bad_input_gives_a_server_error(client, client_for, personas, consultation):
    urls = [
        reverse("consultations:public_respond", args=[consultation.slug]),
        reverse("consultations:public_confirmation", args=[consultation.slug, "not-a-token"]),
        reverse("consultations:public_list") + "?page=999999",
    ]
    for url in urls:
        assert client.get(url).status_code in (200, 404)
    junk = {f"q_{q.pk}": "\x00" * 3 for q in consultation.questions.all()} | {"receipt_email": "not-an-email"}
    assert client.post(urls[0], junk).status_code == 200
    staff = client_for(personas.head_a)
    assert staff.get(reverse("consultations:manage_responses", args=[consultation.pk]) + "?page=-1").status_code == 200
    assert (
        staff.post(
            reverse("consultations:manage_create"),
            {"hub": "999", "opening_date_0": "31", "opening_date_1": "2", "opening_date_2": "2026"},
        ).status_code
        == 200
    )
