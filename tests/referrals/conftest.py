from datetime import date, datetime, time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hubs.models import Hub
from pupils.models import Contact
from referrals.intake import services
from referrals.models import Meeting, MeetingInvitee
from sendhub.dates import LONDON
from tests.factories import ContactFactory, PupilFactory

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def hubs(personas):
    return {
        "a": Hub.objects.create(kind=Hub.Kind.DISTRICT, name="North Hub", district=personas.district_a),
        "b": Hub.objects.create(kind=Hub.Kind.DISTRICT, name="South Hub", district=personas.district_b),
    }


@pytest.fixture
def child(personas, hubs):
    pupil = PupilFactory(
        school=personas.school_a,
        legal_first_name="Kit",
        legal_last_name="Referral-Test",
        date_of_birth=date(2016, 4, 1),
    )
    ContactFactory(pupil=pupil, name="Parent Persona", user=personas.parent)
    ContactFactory(
        pupil=pupil, name="No PR Uncle", has_parental_responsibility=False, relationship=Contact.Relationship.OTHER
    )
    return pupil


@pytest.fixture
def draft(personas, child):
    referral = services.referral_start(actor=personas.senco_a, pupil=child)
    return services.referral_update(
        actor=personas.senco_a,
        referral=referral,
        concern="Leaves class often",
        needs="SLCN",
        support_tried="Two cycles",
        outcomes_hoped="Stay in class",
        parent_views="Worried",
        child_views="I want to stay",
    )


def verbal(personas, referral, **changes):
    values = dict(
        given_by_contact=None
        if "given_by_contact" in changes
        else Contact.objects.get(pupil=referral.pupil, name="Parent Persona"),
        given_by_young_person=False,
        method="verbal",
        given_on=timezone.localdate() - timedelta(days=1),
        covers_education=True,
        covers_health=True,
        covers_social_care=True,
        taken_by="A SENCo",
        taken_at=timezone.now() - timedelta(days=1),
        explained="All of it",
    )
    values.update(changes)
    return services.consent_record(actor=personas.senco_a, referral=referral, **values)


@pytest.fixture
def submitted(personas, draft):
    verbal(personas, draft)
    return services.referral_submit(actor=personas.senco_a, referral=draft)


@pytest.fixture
def meeting(personas):
    day = timezone.localdate() + timedelta(days=14)
    meeting = Meeting.objects.create(
        district=personas.district_a,
        academic_year="2026/27",
        half_term=2,
        starts_at=datetime.combine(day, time(13, 30), tzinfo=LONDON),
        ends_at=datetime.combine(day, time(16), tzinfo=LONDON),
        created_by=personas.coordinator,
    )
    MeetingInvitee.objects.create(meeting=meeting, user=personas.coordinator)
    MeetingInvitee.objects.create(meeting=meeting, user=personas.panel, agency="health")
    return meeting


def upload(content: bytes, name: str = "form.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def consent_answers(referral, **changes):
    """The consent page's answers as posted: Parent Persona, yesterday, sharing with education."""
    day = timezone.localdate() - timedelta(days=1)
    answers = {
        "given_by": Contact.objects.get(pupil=referral.pupil, name="Parent Persona").pk,
        "method": "verbal",
        "given_on_0": day.day,
        "given_on_1": day.month,
        "given_on_2": day.year,
        "covers": ["education"],
    }
    answers.update(changes)
    return answers
