"""Setting up a consultation is a task list: details, questions, documents, then publish."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation, Document
from consultations.selectors import setup_tasks
from sendhub.task_list import TaskStatus
from tests.consultations.builders import make_consultation, today


def _statuses(consultation, **counts):
    values = {"question_count": consultation.questions.count(), "document_count": 0, **counts}
    tasks = setup_tasks(consultation, now=timezone.now(), can_edit=True, **values)
    return {t.key: t.status for t in tasks}, {t.key: t for t in tasks}


def test_publish_cannot_start_until_there_is_a_question(hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT, questions=False, opening=today() + timedelta(days=3))
    statuses, tasks = _statuses(draft)
    assert statuses == {
        "details": TaskStatus.COMPLETED,
        "questions": TaskStatus.INCOMPLETE,
        "documents": TaskStatus.COMPLETED,  # optional
        "publish": TaskStatus.CANNOT_START,
    }
    assert tasks["questions"].link == reverse("consultations:manage_question_create", args=[draft.pk])
    assert tasks["publish"].link == ""


def test_with_questions_and_dates_ahead_the_consultation_can_be_published(hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT, opening=today() + timedelta(days=3))
    statuses, tasks = _statuses(draft, document_count=2)
    assert statuses["questions"] == TaskStatus.COMPLETED and statuses["publish"] == TaskStatus.INCOMPLETE
    assert tasks["publish"].link == reverse("consultations:manage_publish", args=[draft.pk])
    assert tasks["documents"].hint == "2 PDFs uploaded"


def test_a_closing_date_in_the_past_leaves_the_details_incomplete(hub):
    draft = make_consultation(
        hub, state=Consultation.State.DRAFT, opening=today() - timedelta(days=20), closing=today() - timedelta(days=5)
    )
    statuses, tasks = _statuses(draft)
    assert statuses["details"] == TaskStatus.INCOMPLETE and statuses["publish"] == TaskStatus.CANNOT_START
    assert "closing date has passed" in tasks["details"].hint


def test_a_scheduled_consultation_shows_publish_completed(hub):
    scheduled = make_consultation(hub, state=Consultation.State.SCHEDULED, opening=today() + timedelta(days=3))
    statuses, tasks = _statuses(scheduled)
    assert statuses["publish"] == TaskStatus.COMPLETED and tasks["publish"].link == ""


def test_the_manage_page_shows_the_task_list_of_a_draft(client_for, personas, hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT, questions=False, opening=today() + timedelta(days=3))
    page = client_for(personas.head_a).get(reverse("consultations:manage_detail", args=[draft.pk])).content.decode()
    assert '<ul class="govuk-task-list">' in page
    assert "Cannot start yet" in page and "Add at least one question" in page
    assert 'href="{}"'.format(reverse("consultations:manage_publish", args=[draft.pk])) not in page
    assert Document.objects.count() == 0


def test_an_open_consultation_has_no_set_up_task_list(client_for, personas, consultation):
    page = client_for(personas.head_a).get(reverse("consultations:manage_detail", args=[consultation.pk]))
    assert "govuk-task-list" not in page.content.decode()
