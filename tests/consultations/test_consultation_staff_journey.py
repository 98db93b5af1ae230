"""As trust.lead@example.org: build a consultation, publish it, take responses, then get the PDF and CSV.

The PDF and the CSV come after the close.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from pypdf import PdfReader

from consultations import tasks
from consultations.demo import tiny_pdf
from consultations.models import Consultation, Question
from sendhub.dates import LONDON
from tests.world import build_world


def _date(prefix: str, day: date) -> dict[str, str]:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


@pytest.mark.django_db
def test_the_trust_lead_builds_publishes_and_closes_a_consultation_then_downloads_the_summary_and_csv(client):
    world = build_world()
    hub = world.objects["consultation_open"].hub
    client.force_login(world.users["trust_lead"])
    start = datetime(2026, 3, 2, 9, 0, tzinfo=LONDON)

    with time_machine.travel(start, tick=False):
        form = client.get(reverse("consultations:manage_create")).content.decode()
        assert escape(hub.name) in form and "Heathland SEND Hub" in form  # the trust's own hub too
        created = client.post(
            reverse("consultations:manage_create"),
            {
                "hub": str(hub.pk),
                "title": "Extending the hub to Key Stage 3",
                "summary": "Should the hub take pupils to 14?",
                "body": "## Our proposal\n\nWe propose to **extend** the hub.\n\n<script>alert('x')</script>",
                "contact_name": "Marcus Bell",
                "contact_email": "send@heathland.example.org",
                "contact_phone": "",
                **_date("opening_date", date(2026, 3, 2)),
                **_date("closing_date", date(2026, 3, 29)),
            },
        )
        assert created.status_code == 302, created.content.decode()
        consultation = Consultation.objects.get(title="Extending the hub to Key Stage 3")
        assert consultation.state == Consultation.State.DRAFT and consultation.created_by == world.users["trust_lead"]
        base = reverse("consultations:manage_detail", args=[consultation.pk])
        assert created["Location"] == base

        for kind, text, choices in [
            (Question.Kind.CAPACITY, "In what capacity are you responding?", ""),
            (Question.Kind.AGREE_SCALE, "Do you agree with extending the hub?", ""),
            (Question.Kind.SINGLE_CHOICE, "Which year should it start?", "2027\n2028"),
            (Question.Kind.FREE_TEXT, "Tell us why", ""),
        ]:
            added = client.post(
                reverse("consultations:manage_question_create", args=[consultation.pk]),
                {"kind": kind, "text": text, "hint": "", "choices": choices, "required": "yes"},
            )
            assert added.status_code == 302, added.content.decode()
        uploaded = client.post(
            reverse("consultations:manage_document_create", args=[consultation.pk]),
            {
                "title": "The proposal in full",
                "file": SimpleUploadedFile("proposal.pdf", tiny_pdf("Proposal"), "application/pdf"),
            },
        )
        assert uploaded.status_code == 302
        detail = client.get(base).content.decode()
        assert "<script>" not in detail and "Our proposal" in detail
        assert "11:59pm on Sunday 29 March 2026" in detail

        published = client.post(reverse("consultations:manage_publish", args=[consultation.pk]))
        assert published.status_code == 302
        consultation.refresh_from_db()
        assert consultation.state == Consultation.State.OPEN

    client.logout()
    questions = list(consultation.questions.all())
    with time_machine.travel(datetime(2026, 3, 29, 23, 59, 59, tzinfo=LONDON), tick=False):
        answers = {
            f"q_{q.pk}": value
            for q, value in zip(
                questions, ["Parent or carer", "Agree", "2027", '=HYPERLINK("http://evil.example")'], strict=True
            )
        }
        assert (
            client.post(reverse("consultations:public_respond", args=[consultation.slug]), answers).status_code == 302
        )
    with time_machine.travel(datetime(2026, 3, 30, 0, 0, tzinfo=LONDON), tick=False):
        assert (
            client.post(reverse("consultations:public_respond", args=[consultation.slug]), answers).status_code == 200
        )
        tasks.sweep()
    assert consultation.responses.count() == 1

    client.force_login(world.users["trust_lead"])
    with time_machine.travel(datetime(2026, 3, 30, 9, 0, tzinfo=LONDON), tick=False):
        pdf = client.get(reverse("consultations:manage_summary_pdf", args=[consultation.pk]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
        assert "Extending the hub to Key Stage 3" in text and "Do you agree with extending the hub?" in text
        assert "11:59pm on Sunday 29 March 2026" in text

        exported = client.get(reverse("consultations:manage_export_csv", args=[consultation.pk]))
        assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
        assert rows[0][:3] == ["Reference", "Submitted (UK time)", "Counted"]
        assert rows[1][1] == "2026-03-29 23:59:59"
        assert rows[1][-2] == '\'=HYPERLINK("http://evil.example")'

        outcome = client.post(
            reverse("consultations:manage_outcome", args=[consultation.pk]),
            {"outcome": "You said extend it; we will, from 2027."},
        )
        assert outcome.status_code == 302
    public = client.get(reverse("consultations:public_detail", args=[consultation.slug])).content.decode()
    assert "You said, we did" in public and "we will, from 2027" in public


@pytest.mark.django_db
def test_questions_cannot_change_once_the_consultation_has_opened(client_for, personas, consultation):
    client = client_for(personas.head_a)
    question = consultation.questions.first()
    page = client.get(reverse("consultations:manage_question_edit", args=[consultation.pk, question.pk]))
    assert "questions can no longer change" in page.content.decode()
    client.post(reverse("consultations:manage_question_delete", args=[consultation.pk, question.pk]))
    assert consultation.questions.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_publishing_needs_a_question(client_for, personas, hub):
    from tests.consultations.builders import make_consultation

    draft = make_consultation(hub, state=Consultation.State.DRAFT, questions=False)
    page = client_for(personas.head_a).post(reverse("consultations:manage_publish", args=[draft.pk]))
    assert "Add at least one question" in page.content.decode() and "<title>Error: " in page.content.decode()
    draft.refresh_from_db()
    assert draft.state == Consultation.State.DRAFT


@pytest.mark.django_db
def test_a_scheduled_consultation_can_return_to_draft_but_an_open_one_cannot(client_for, personas, hub):
    from datetime import timedelta

    from tests.consultations.builders import make_consultation, today

    scheduled = make_consultation(
        hub,
        slug="later",
        state=Consultation.State.SCHEDULED,
        opening=today() + timedelta(days=3),
        closing=today() + timedelta(days=30),
    )
    open_now = make_consultation(hub, slug="now")
    client = client_for(personas.head_a)
    client.post(reverse("consultations:manage_unpublish", args=[scheduled.pk]))
    client.post(reverse("consultations:manage_unpublish", args=[open_now.pk]))
    scheduled.refresh_from_db(), open_now.refresh_from_db()
    assert scheduled.state == Consultation.State.DRAFT and open_now.state == Consultation.State.OPEN


@pytest.mark.django_db
def test_a_closing_date_before_the_opening_date_is_refused_with_a_message(client_for, personas, hub):
    page = client_for(personas.head_a).post(
        reverse("consultations:manage_create"),
        {
            "hub": str(hub.pk),
            "title": "t",
            "summary": "s",
            "body": "b",
            "contact_name": "c",
            "contact_email": "c@example.org",
            **_date("opening_date", date(2026, 5, 2)),
            **_date("closing_date", date(2026, 5, 1)),
        },
    )
    assert "The closing date must be the same as or after the opening date" in page.content.decode()
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_an_empty_create_form_lists_every_problem_in_gov_uk_words(client_for, personas, hub):
    page = client_for(personas.head_a).post(reverse("consultations:manage_create"), {}).content.decode()
    for message in (
        "Select the hub the consultation is about",
        "Enter a title",
        "Enter a summary",
        "Enter the opening date",
        "Enter the closing date",
        "Enter the contact email address",
    ):
        assert message in page
    assert "<title>Error: " in page
