"""Demo consultations about the demo hubs. Every person, answer and place is invented.

- an open consultation on St Aldhelm's mainstream SEND hub (opened 14 days ago, closes in 21);
- a closed one on the same hub, with responses (one answer hidden as abusive, one duplicate),
  its "You said, we did" outcome published and its summary PDF made;
- a draft by the trust on the trust's SEND hub.

Found by their fixed slugs, so running it again changes nothing but keeps the dates
relative to today (the open one stays open, the closed one closed).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from sendhub.dates import LONDON, end_of_day, start_of_day
from sendhub.demo import DemoWorld

from .models import Answer, Consultation, Document, Question, Response

OPEN_SLUG = "st-aldhelms-send-hub-2025"
CLOSED_SLUG = "st-aldhelms-send-hub-proposal"
DRAFT_SLUG = "heathland-send-hub-outreach-clinics"

OPEN_BODY = """St Aldhelm's CE Primary School, part of Heathland Learning Trust, opened a mainstream SEND hub in
September with Wessex County Council. The hub has up to 14 places for pupils with an EHC plan who are best
educated in a mainstream school. Pupils are on the school's roll and spend time in their classes every day.

## What we would like to know

We are asking parents and carers, pupils, staff, governors and neighbours how the first year has gone and what
we should change.

## How the hub is funded

Wessex County Council funds the hub's staffing: qualified teachers, teaching assistants, extra leadership and
SENCo time, and extra midday supervision. It also paid for the building work. The hub does not reduce what the
school spends on its other pupils.

You can read more in the document below, or [about SEND in Wessex](https://www.example.org/wessex-send).
"""

CLOSED_BODY = """We proposed to open a 14-place mainstream SEND hub for pupils in Key Stages 1 and 2 with an EHC plan.
Places would be commissioned by Wessex County Council and named in a child's EHC plan.

* The hub would use two refurbished classrooms and a sensory room.
* Pupils would be on the school's roll and join their classes every day.
* The council would fund the staffing and the building work.
"""

OUTCOME = """**You said**: most people supported the hub (see the summary). Parents asked that hub pupils join
their classes for lunch and play, and neighbours were worried about parking at drop-off.

**We did**: the hub opened in September. Every hub pupil has lunch and play with their class, and we
changed the start time of the hub by 15 minutes so that drop-off is spread out.
"""

CLOSED_RESPONSES = [
    # (reference, capacity, agree, free text, hidden reason, duplicate of)
    (
        "CN-DEMA-2222",
        "Parent or carer",
        "Strongly agree",
        "My son waited two years for a place like this. Please make sure hub pupils eat lunch with their class.",
        "",
        "",
    ),
    (
        "CN-DEMA-2223",
        "Local resident",
        "Disagree",
        "Drop-off on Church Lane is already difficult. Please think about parking before more children come.",
        "",
        "",
    ),
    (
        "CN-DEMA-2224",
        "Member of staff",
        "Agree",
        "Staff would welcome the extra training that comes with the hub.",
        "",
        "",
    ),
    (
        "CN-DEMA-2225",
        "Other",
        "Strongly disagree",
        "Whoever thought of this is an idiot and Mr Pennywhistle should be sacked.",
        "Abusive language about a named member of staff",
        "",
    ),
    (
        "CN-DEMA-2226",
        "Parent or carer",
        "Strongly agree",
        "My son waited two years for a place like this. Please make sure hub pupils eat lunch with their class.",
        "",
        "CN-DEMA-2222",
    ),
    ("CN-DEMA-2227", "Governor", "Agree", "", "", ""),
]

OPEN_RESPONSES = [
    ("CN-DEMA-3332", "Parent or carer", "Agree", "The hub staff have been brilliant with my daughter."),
    ("CN-DEMA-3333", "Pupil", "Strongly agree", "I like the quiet room."),
]


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with one line of text, written by hand (no renderer needed for demo files)."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 "
        b"0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _consultation(slug: str, **values) -> tuple[Consultation, bool]:
    values["opens_at"] = start_of_day(values["opening_date"])
    values["closes_at"] = end_of_day(values["closing_date"])
    return Consultation.objects.update_or_create(slug=slug, defaults=values)


def _questions(consultation: Consultation, specs: list[dict]) -> list[Question]:
    questions = []
    for position, spec in enumerate(specs, start=1):
        question, _ = Question.objects.get_or_create(consultation=consultation, position=position, defaults=spec)
        questions.append(question)
    return questions


STANDARD_QUESTIONS = [
    {"kind": Question.Kind.CAPACITY, "text": "In what capacity are you responding?", "required": True},
    {
        "kind": Question.Kind.AGREE_SCALE,
        "text": "Do you agree that the school should have a mainstream SEND hub?",
        "required": True,
    },
    {
        "kind": Question.Kind.FREE_TEXT,
        "text": "Is there anything else you would like to tell us?",
        "hint": "For example, what works well and what we should change.",
        "required": False,
    },
]


def _respond(
    consultation: Consultation, questions: list[Question], reference: str, when, answers: list[str], **flags
) -> Response:
    response, created = Response.objects.get_or_create(
        reference=reference, defaults={"consultation": consultation, "submitted_at": when, **flags}
    )
    if created:
        for question, value in zip(questions, answers, strict=True):
            if value:
                Answer.objects.create(response=response, question=question, value=value)
    return response


def seed(world: DemoWorld) -> None:
    from . import services

    hub = world.extra["hub"]
    head, trust_lead = world.users["head_a"], world.users["trust_lead"]
    today = timezone.now().astimezone(LONDON).date()
    now = timezone.now()
    contact = {
        "contact_name": "Mrs Eleanor Hartley, Headteacher",
        "contact_email": "consultation@st-aldhelms.example.org",
        "contact_phone": "01234 567890",
    }

    # Open: opened 14 days ago, closes in 21.
    open_c, _ = _consultation(
        OPEN_SLUG,
        hub=hub,
        title="How is our mainstream SEND hub working? Have your say",
        summary="Tell us how the first year of the 14-place SEND hub at St Aldhelm's CE Primary School has gone.",
        body=OPEN_BODY,
        opening_date=today - timedelta(days=14),
        closing_date=today + timedelta(days=21),
        state=Consultation.State.OPEN,
        published_at=now - timedelta(days=14),
        created_by=head,
        **contact,
    )
    open_questions = _questions(open_c, STANDARD_QUESTIONS)
    if not open_c.documents.exists():
        document = Document(
            consultation=open_c, title="The hub's first year: a report for families", size=0, uploaded_by=head
        )
        content = tiny_pdf("St Aldhelm's Mainstream SEND Hub: the first year (invented demo document)")
        document.size = len(content)
        document.file.save("document.pdf", ContentFile(content), save=False)
        document.save()
    for reference, capacity, agree, text in OPEN_RESPONSES:
        _respond(open_c, open_questions, reference, now - timedelta(days=3), [capacity, agree, text])

    # Closed: ran for six weeks and closed ten days ago; the outcome is published.
    closing = today - timedelta(days=10)
    closed_c, _ = _consultation(
        CLOSED_SLUG,
        hub=hub,
        title="Proposal: a mainstream SEND hub at St Aldhelm's CE Primary School",
        summary="We proposed to open a 14-place mainstream SEND hub for pupils with an EHC plan in Key Stages 1 and 2.",
        body=CLOSED_BODY,
        opening_date=closing - timedelta(weeks=6),
        closing_date=closing,
        published_at=now - timedelta(weeks=7),
        created_by=head,
        **contact,
    )
    closed_questions = _questions(closed_c, STANDARD_QUESTIONS)
    responses: dict[str, Response] = {}
    for n, (reference, capacity, agree, text, hidden, duplicate_of) in enumerate(CLOSED_RESPONSES):
        when = end_of_day(closing) - timedelta(days=20 - n * 3, hours=n)
        response = _respond(
            closed_c,
            closed_questions,
            reference,
            when,
            [capacity, agree, text],
            duplicate_of=responses.get(duplicate_of),
        )
        responses[reference] = response
        if hidden:
            Answer.objects.filter(response=response, question=closed_questions[2], hidden=False).update(
                hidden=True, hidden_reason=hidden, hidden_by=head, hidden_at=now - timedelta(days=8)
            )
    if closed_c.state != Consultation.State.OUTCOME_PUBLISHED:
        Consultation.objects.filter(pk=closed_c.pk).update(
            state=Consultation.State.OUTCOME_PUBLISHED,
            outcome=OUTCOME,
            closed_at=end_of_day(closing),
            outcome_published_at=now - timedelta(days=2),
        )
    if not Consultation.objects.get(pk=closed_c.pk).summary_pdf:
        services.consultation_summary_generate(consultation_id=closed_c.pk)

    # Draft: the trust is preparing a consultation on its own hub.
    draft, _ = _consultation(
        DRAFT_SLUG,
        hub=world.extra["trust_hub"],
        title="Outreach clinics from the Heathland SEND Hub",
        summary="We propose half-termly outreach clinics for every school in the trust, run from Egdon Heath School.",
        body="Each school in the trust would have one clinic each half term with a specialist teacher.",
        opening_date=today + timedelta(days=7),
        closing_date=today + timedelta(days=49),
        contact_name="Marcus Bell, Trust SEND lead",
        contact_email="send@heathland.example.org",
        created_by=trust_lead,
    )
    _questions(
        draft,
        [
            {
                "kind": Question.Kind.AGREE_SCALE,
                "text": "Do you agree with the proposal for outreach clinics?",
                "required": True,
            },
            {
                "kind": Question.Kind.FREE_TEXT,
                "text": "What would make the clinics useful to your school?",
                "required": False,
            },
        ],
    )
    world.extra["consultation_open"], world.extra["consultation_closed"] = open_c, closed_c
    world.extra["consultation_draft"] = draft
