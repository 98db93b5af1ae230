"""Named demo records that routes need in their URLs, found by their natural keys.

Each app adds its records here as it lands, so the matrix and the crawl can build URLs.
"""

from typing import Any

from sendhub.models import School


def load() -> dict[str, Any]:
    return {
        "school_a": School.objects.get(urn="990101"),
        "school_b": School.objects.get(urn="990102"),
        **_consultations(),
    }


def _consultations() -> dict[str, Any]:
    from consultations import demo
    from consultations.models import Answer, Consultation, Question

    closed = Consultation.objects.get(slug=demo.CLOSED_SLUG)
    draft = Consultation.objects.get(slug=demo.DRAFT_SLUG)
    response = closed.responses.get(reference=demo.CLOSED_RESPONSES[0][0])
    open_document = Consultation.objects.get(slug=demo.OPEN_SLUG).documents.first()
    return {
        # The uploaded files, so tests with their own MEDIA_ROOT can put them back (tests/routes.py).
        "demo_files": {f.name: _read(f) for f in (open_document.file, closed.summary_pdf)},
        "consultation_open": Consultation.objects.get(slug=demo.OPEN_SLUG),
        "consultation_closed": closed,
        "consultation_draft": draft,
        "draft_question": draft.questions.first(),
        "open_document": open_document,
        "closed_response": response,
        "closed_text_answer": Answer.objects.get(response=response, question__kind=Question.Kind.FREE_TEXT),
    }


def _read(fieldfile) -> bytes:
    with fieldfile.open("rb") as handle:
        return handle.read()
