"""Documents are PDFs checked by content, at most 10MB, and served only through access-checked views."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultations import services
from consultations.demo import tiny_pdf
from consultations.models import Consultation, Document
from sendhub.uploads import MB, PDF, check_upload, human_size
from tests.consultations.builders import make_consultation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _check(content: bytes, name: str = "file.pdf", max_bytes: int = 10 * MB) -> str:
    return check_upload(SimpleUploadedFile(name, content), allowed_mimes={PDF}, max_bytes=max_bytes, noun="PDF")


def test_a_pdf_is_recognised_by_its_content():
    assert _check(tiny_pdf("Hello"), name="anything.txt") == PDF


def test_a_png_named_pdf_is_refused():
    with pytest.raises(ValidationError, match="The selected file must be a PDF"):
        _check(PNG, name="proposal.pdf")


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="The selected file is empty"):
        _check(b"")


def test_a_file_over_the_limit_is_refused_with_the_limit_in_words():
    with pytest.raises(ValidationError, match="The selected file must be smaller than 10MB"):
        _check(b"%PDF-1.4\n" + b"0" * (10 * MB))


def test_file_sizes_are_written_the_gov_uk_way():
    assert human_size(10 * MB) == "10MB" and human_size(int(2.5 * MB)) == "2.5MB" and human_size(2048) == "2KB"


@pytest.mark.django_db
def test_uploading_a_png_named_pdf_shows_the_error_and_stores_nothing(client_for, personas, hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT)
    page = client_for(personas.head_a).post(
        reverse("consultations:manage_document_create", args=[draft.pk]),
        {"title": "Proposal", "file": SimpleUploadedFile("proposal.pdf", PNG, "application/pdf")},
    )
    assert "The selected file must be a PDF" in page.content.decode() and "<title>Error: " in page.content.decode()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_stored_document_gets_a_random_name_not_the_uploaders(personas, hub):
    draft = make_consultation(hub, state=Consultation.State.DRAFT)
    document = services.document_add(
        actor=personas.head_a,
        consultation=draft,
        title="Proposal",
        file=SimpleUploadedFile("../../etc/passwd.pdf", tiny_pdf("x")),
    )
    assert "passwd" not in document.file.name and document.file.name.endswith(".pdf")
    assert document.size == len(tiny_pdf("x"))


@pytest.mark.django_db
def test_a_draft_documents_are_for_staff_only_and_public_once_open(client, client_for, personas, hub):
    consultation = make_consultation(hub, state=Consultation.State.DRAFT)
    document = services.document_add(
        actor=personas.head_a,
        consultation=consultation,
        title="Proposal",
        file=SimpleUploadedFile("p.pdf", tiny_pdf("x")),
    )
    public_url = reverse("consultations:public_document", args=[consultation.slug, document.pk])
    staff_url = reverse("consultations:manage_document", args=[consultation.pk, document.pk])
    assert client.get(public_url).status_code == 404
    assert client_for(personas.head_a).get(staff_url).status_code == 200
    assert client_for(personas.senco_b).get(staff_url).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(state=Consultation.State.OPEN)
    client.logout()
    served = client.get(public_url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_a_document_of_another_consultation_is_not_served_under_this_one(client, personas, hub):
    one = make_consultation(hub, slug="one")
    draft = make_consultation(hub, slug="two", state=Consultation.State.DRAFT)
    hidden = services.document_add(
        actor=personas.head_a, consultation=draft, title="Secret draft", file=SimpleUploadedFile("p.pdf", tiny_pdf("x"))
    )
    assert client.get(reverse("consultations:public_document", args=[one.slug, hidden.pk])).status_code == 404


@pytest.mark.django_db
def test_documents_cannot_be_removed_once_the_consultation_has_opened(personas, consultation):
    document = services.document_add(
        actor=personas.head_a,
        consultation=consultation,
        title="Proposal",
        file=SimpleUploadedFile("p.pdf", io.BytesIO(tiny_pdf("x")).getvalue()),
    )
    with pytest.raises(services.ConsultationError, match="can no longer be removed"):
        services.document_remove(actor=personas.head_a, document=document)
    assert Document.objects.filter(pk=document.pk).exists()


def test_a_removed_draft_document_leaves_no_file_behind(
    personas, hub, isolated_media, django_capture_on_commit_callbacks
):
    draft = make_consultation(hub, slug="draft-files", state=Consultation.State.DRAFT)
    document = services.document_add(
        actor=personas.head_a, consultation=draft, title="Proposal", file=SimpleUploadedFile("p.pdf", tiny_pdf("x"))
    )
    stored = isolated_media / document.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.document_remove(actor=personas.head_a, document=document)
    assert not stored.exists()
