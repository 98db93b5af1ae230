"""The consultations app's part of a scale data set (see sendhub/scale.py).

One consultation on the demo's mainstream hub (so the demo's school leaders manage it) that closed
a month ago with its outcome published, and `size.responses` responses to it: a capacity, an
agree-or-disagree answer and, for about half, a written answer. Invented, bulk-inserted, topped up
to the size asked for when run again. Its summary PDF is left to the beat sweep (as in real life).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import F

from sendhub.dates import LONDON, end_of_day, start_of_day
from sendhub.scale import ScaleContext, chunked

from .models import AGREE_SCALE, CAPACITIES, Answer, Consultation, Question, Response
from .references import ALPHABET, PREFIX

SLUG = "scale-consultation"


def _reference(n: int) -> str:
    """A reference of the usual shape made from the response's number, so a second run makes the same ones."""
    chars = []
    for _ in range(8):
        n, digit = divmod(n, len(ALPHABET))
        chars.append(ALPHABET[digit])
    text = "".join(reversed(chars))
    return f"{PREFIX}-{text[:4]}-{text[4:]}"


def _consultation(ctx: ScaleContext) -> tuple[Consultation, list[Question]]:
    existing = Consultation.objects.filter(slug=SLUG).first()
    if existing:
        return existing, list(existing.questions.order_by("position"))
    demo = Consultation.objects.order_by("pk").first()
    opening, closing = ctx.today - timedelta(days=90), ctx.today - timedelta(days=30)
    consultation = Consultation.objects.create(
        slug=SLUG,
        hub=demo.hub,
        title="Growing the hub: a consultation at county scale",
        summary="An invented consultation with many responses, for benchmarks.",
        body="We proposed to grow the hub from 14 to 20 places.",
        contact_name="Hub Contact",
        contact_email=demo.contact_email,
        opening_date=opening,
        closing_date=closing,
        opens_at=start_of_day(opening),
        closes_at=end_of_day(closing),
        state=Consultation.State.OUTCOME_PUBLISHED,
        published_at=start_of_day(opening),
        closed_at=end_of_day(closing),
        outcome="You said the hub should grow; we will add six places from September.",
        outcome_published_at=end_of_day(closing) + timedelta(days=10),
        created_by=demo.created_by,
    )
    questions = [
        Question(
            consultation=consultation,
            position=1,
            kind=Question.Kind.CAPACITY,
            text="In what capacity are you responding?",
        ),
        Question(
            consultation=consultation,
            position=2,
            kind=Question.Kind.AGREE_SCALE,
            text="Do you agree with the proposal?",
        ),
        Question(
            consultation=consultation, position=3, kind=Question.Kind.FREE_TEXT, text="Tell us why", required=False
        ),
    ]
    return consultation, Question.objects.bulk_create(questions)


def seed(ctx: ScaleContext) -> None:
    if not Consultation.objects.exists():
        ctx.say("no demo consultation to build on: skipped")
        return
    consultation, questions = _consultation(ctx)
    have = consultation.responses.count()
    rng = ctx.rng("responses", have)
    capacity, agree, why = questions
    opened = datetime.combine(consultation.opening_date, time(8), tzinfo=LONDON)
    for numbers in chunked(range(have, ctx.size.responses), 2000):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    consultation=consultation,
                    reference=_reference(10_000_000 + n),
                    submitted_at=opened + timedelta(minutes=n % (59 * 24 * 60)),
                    suspected_spam=n % 97 == 0,
                )
                for n in numbers
            )
            answers = []
            for response in responses:
                answers.append(Answer(response=response, question=capacity, value=rng.choice(CAPACITIES)))
                answers.append(Answer(response=response, question=agree, value=rng.choice(AGREE_SCALE)))
                if rng.random() < 0.5:
                    answers.append(
                        Answer(
                            response=response,
                            question=why,
                            value=rng.choice(
                                [
                                    "More places nearer home would mean less travelling for our children.",
                                    "The hub already helps my son; more children should have the chance.",
                                    "I worry the school is too full already.",
                                    "Please make sure the staff are trained before it grows.",
                                ]
                            ),
                        )
                    )
            Answer.objects.bulk_create(answers)
    if have < ctx.size.responses:  # the counts changed behind the services' back: the cached summary goes
        Consultation.objects.filter(pk=consultation.pk).update(summary_version=F("summary_version") + 1)
    ctx.say(f"{max(0, ctx.size.responses - have)} responses added ({ctx.size.responses} in all) to '{SLUG}'")
