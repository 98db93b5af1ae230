"""Reads of the consultations app that carry rules: who may consult on which hub, and the summary."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from sendhub.access import EDIT, scope_q
from sendhub.task_list import Task, all_done, task

from .formatting import long_date
from .models import Answer, Consultation, Question, Response

log = logging.getLogger(__name__)

_HUB_PREFIX = "hub__"
# How long the public page keeps a closed consultation's counts. The key changes whenever they
# can (moderation bumps `summary_version`); the limit is only a backstop.
SUMMARY_CACHE_SECONDS = 6 * 60 * 60


def _relative_to_hub(q: Q) -> Q:
    """The same conditions, written from the hub's side ("hub__trust__in" becomes "trust__in")."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            out.children.append(_relative_to_hub(child))
        else:
            lookup, value = child
            if not lookup.startswith(_HUB_PREFIX):
                raise ValueError(f"A consultation's access path {lookup!r} does not go through its hub")
            out.children.append((lookup[len(_HUB_PREFIX) :], value))
    return out


def hubs_for_new_consultation(user: Any) -> QuerySet[Hub]:
    """Active hubs on which the user may run a consultation.

    Not a second tenant filter: it is the policy's own condition for editing a
    consultation (sendhub/access.py, "consultation"), asked of hubs instead.
    """
    q = scope_q(Consultation, user, EDIT)
    if q is None:
        return Hub.objects.none()
    return Hub.objects.filter(_relative_to_hub(q), is_active=True).order_by("name")


def responses_for_list(
    user: Any, consultation: Consultation, *, status: str = "", capacity: str = "", reference: str = ""
) -> QuerySet[Response]:
    """Responses to one consultation, filtered and annotated for the staff list.

    Scoped through the policy again (`visible_to`), so the list can only ever show
    responses the user may see, whatever the view fetched.
    """
    capacity_answer = Answer.objects.filter(response=OuterRef("pk"), question__kind=Question.Kind.CAPACITY).values(
        "value"
    )[:1]
    hidden_answer = Answer.objects.filter(response=OuterRef("pk"), hidden=True)
    qs = (
        Response.objects.visible_to(user)
        .filter(consultation=consultation)
        .select_related("duplicate_of")
        .annotate(capacity=Subquery(capacity_answer), has_hidden=Exists(hidden_answer))
        .order_by("-submitted_at", "-pk")
    )
    if status == "counted":
        qs = qs.filter(suspected_spam=False, duplicate_of__isnull=True)
    elif status == "duplicate":
        qs = qs.filter(duplicate_of__isnull=False)
    elif status == "spam":
        qs = qs.filter(suspected_spam=True)
    elif status == "hidden":
        qs = qs.filter(has_hidden=True)
    if capacity:
        qs = qs.filter(capacity=capacity)
    if reference:
        qs = qs.filter(reference=reference)
    return qs


@dataclass
class OptionCount:
    label: str
    count: int
    percent: int


@dataclass
class QuestionSummary:
    question: Question
    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    hidden: int = 0


@dataclass
class Summary:
    total: int
    duplicates: int
    spam: int
    questions: list[QuestionSummary]


def response_summary(consultation: Consultation, *, with_texts: bool = True) -> Summary:
    """Counts per question and every free-text answer not hidden, over the counted responses.

    Duplicates and suspected spam are left out of the counts (they are listed as numbers only).
    With ``with_texts=False`` (the public page, which links to the PDF for the answers) free-text
    questions are counted in the database too, so the page reads aggregates only, however many
    responses there are.
    """
    responses = Response.objects.filter(consultation=consultation)
    counted = responses.filter(suspected_spam=False, duplicate_of__isnull=True)
    totals = responses.aggregate(
        total=Count("pk", filter=Q(suspected_spam=False, duplicate_of__isnull=True)),
        duplicates=Count("pk", filter=Q(duplicate_of__isnull=False)),
        spam=Count("pk", filter=Q(suspected_spam=True, duplicate_of__isnull=True)),
    )
    questions = list(consultation.questions.all())
    by_question = {q.pk: QuestionSummary(question=q) for q in questions}
    choice_counts = (
        Answer.objects.filter(response__in=counted, question__consultation=consultation)
        .exclude(question__kind=Question.Kind.FREE_TEXT)
        .values("question_id", "value")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = {}
    for row in choice_counts:
        counts.setdefault(row["question_id"], {})[row["value"]] = row["n"]
    if not with_texts:
        text_counts = (
            Answer.objects.filter(
                response__in=counted, question__consultation=consultation, question__kind=Question.Kind.FREE_TEXT
            )
            .values("question_id")
            .annotate(n=Count("pk"), hidden=Count("pk", filter=Q(hidden=True)))
        )
        for row in text_counts:
            by_question[row["question_id"]].answered = row["n"]
            by_question[row["question_id"]].hidden = row["hidden"]
    texts = (
        Answer.objects.filter(
            response__in=counted, question__consultation=consultation, question__kind=Question.Kind.FREE_TEXT
        )
        .order_by("response__submitted_at", "pk")
        .values_list("question_id", "value", "hidden")
    )
    for question_id, value, hidden in texts.iterator() if with_texts else ():
        summary = by_question[question_id]
        summary.answered += 1
        if hidden:
            summary.hidden += 1
        else:
            summary.texts.append(value)
    for q in questions:
        if q.is_free_text:
            continue
        summary = by_question[q.pk]
        tally = counts.get(q.pk, {})
        summary.answered = sum(tally.values())
        for label in q.options:
            n = tally.get(label, 0)
            summary.options.append(
                OptionCount(label=label, count=n, percent=round(100 * n / summary.answered) if summary.answered else 0)
            )
    return Summary(
        total=totals["total"],
        duplicates=totals["duplicates"],
        spam=totals["spam"],
        questions=[by_question[q.pk] for q in questions],
    )


def published_summary(consultation: Consultation, now: datetime | None = None) -> Summary:
    """The public page's counts (`response_summary(with_texts=False)`), read once per change.

    Once the clock has passed the close no response can be added, and what the counts show changes
    only through moderation, which bumps `summary_version` in its own transaction. So a closed
    consultation's summary is cached under its version (and its close, should the dates move):
    the page reads aggregates once, then none, however many responses there are (issue 19).
    Before the close, or without a cache, it is counted each time.
    """
    now = now or timezone.now()
    if consultation.closes_at >= now:
        return response_summary(consultation, with_texts=False)
    key = (
        f"consultations:summary:{consultation.pk}:{consultation.summary_version}:"
        f"{consultation.closes_at.timestamp():.6f}"
    )
    try:
        cached = cache.get(key)
    except Exception:  # a broken cache must not break the public page
        log.warning("Summary cache unavailable; counting", exc_info=True)
        return response_summary(consultation, with_texts=False)
    if cached is not None:
        return cached
    summary = response_summary(consultation, with_texts=False)
    try:
        cache.set(key, summary, SUMMARY_CACHE_SECONDS)
    except Exception:
        log.warning("Summary cache unavailable; not kept", exc_info=True)
    return summary


def setup_tasks(
    consultation: Consultation, *, now: datetime, question_count: int, document_count: int, can_edit: bool
) -> list[Task]:
    """Setting up a consultation as a task list: details, questions, documents, then publish.

    Documents are optional (a consultation may publish without any), so an empty list is
    complete; publishing waits for the others, as `consultation_publish` does.
    """
    pk = consultation.pk
    draft = consultation.state == Consultation.State.DRAFT
    closing_passed = consultation.closes_at < now
    edit = reverse("consultations:manage_edit", args=[pk]) if can_edit else ""
    details = task(
        "details",
        "Consultation details",
        done=not (draft and closing_passed),
        url=edit,
        hint="The closing date has passed: change it to today or a later date"
        if draft and closing_passed
        else "Title, summary, what the public will read, dates and contact",
    )
    questions = task(
        "questions",
        "Questions",
        done=question_count > 0,
        url=(reverse("consultations:manage_question_create", args=[pk]) if can_edit and not question_count else "")
        or "#questions",
        hint=f"{question_count} question{pluralize(question_count)}" if question_count else "Add at least one question",
    )
    documents = task(
        "documents",
        "Documents",
        done=True,
        url=reverse("consultations:manage_document_create", args=[pk]) if can_edit else "#documents",
        hint=f"{document_count} PDF{pluralize(document_count)} uploaded"
        if document_count
        else "Optional: none uploaded. Add a PDF for people to read, such as the proposal",
    )
    before = [details, questions, documents]
    publish = task(
        "publish",
        "Publish the consultation",
        done=not draft,
        ready=all_done(before),
        url=reverse("consultations:manage_publish", args=[pk]) if can_edit and draft else "",
        hint=f"It opens on {long_date(consultation.opening_date)}"
        if not draft
        else "Check the dates and publish: questions cannot change once it opens",
    )
    return [*before, publish]
