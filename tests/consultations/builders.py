"""Builders for consultations tests (imported by tests; fixtures live in conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from consultations.models import Consultation, Question
from hubs.models import Hub
from sendhub.dates import LONDON, end_of_day, start_of_day


def today() -> date:
    return timezone.now().astimezone(LONDON).date()


def make_consultation(
    hub: Hub,
    *,
    opening: date | None = None,
    closing: date | None = None,
    state: str = Consultation.State.OPEN,
    slug: str = "a-consultation",
    questions: bool = True,
    **values,
) -> Consultation:
    opening = opening or today() - timedelta(days=7)
    closing = closing or today() + timedelta(days=14)
    consultation = Consultation.objects.create(
        slug=slug,
        hub=hub,
        title=values.pop("title", "A proposal for the hub"),
        summary="A summary.",
        body="The **proposal**.",
        contact_name="Contact Person",
        contact_email="contact@school-a.example.org",
        opening_date=opening,
        closing_date=closing,
        opens_at=start_of_day(opening),
        closes_at=end_of_day(closing),
        state=state,
        **values,
    )
    if questions:
        Question.objects.create(
            consultation=consultation,
            position=1,
            kind=Question.Kind.CAPACITY,
            text="In what capacity are you responding?",
            required=True,
        )
        Question.objects.create(
            consultation=consultation,
            position=2,
            kind=Question.Kind.AGREE_SCALE,
            text="Do you agree with the proposal?",
            required=True,
        )
        Question.objects.create(
            consultation=consultation, position=3, kind=Question.Kind.FREE_TEXT, text="Anything else?", required=False
        )
    return consultation


def answers_for(
    consultation: Consultation, *, text: str = "I support it.", capacity: str = "Parent or carer", agree: str = "Agree"
) -> dict[int, str]:
    values = {Question.Kind.CAPACITY: capacity, Question.Kind.AGREE_SCALE: agree, Question.Kind.FREE_TEXT: text}
    return {q.pk: values[q.kind] for q in consultation.questions.all()}


def form_data(consultation: Consultation, **kwargs) -> dict[str, str]:
    """What the public form posts for `answers_for`."""
    extra = {k: kwargs.pop(k) for k in ("receipt_email", "website_url") if k in kwargs}
    return {f"q_{pk}": value for pk, value in answers_for(consultation, **kwargs).items()} | extra
