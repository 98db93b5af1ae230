"""Updating the schools register through the portal: the upload page, the Celery task and the result."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from hubs.gias import forms as forms_gias
from hubs.gias import uploads
from hubs.models import GiasImport
from hubs.tasks import GIAS_RETRIES, gias_import_process
from sendhub.models import Membership, Role, School
from tests.factories import LocalAuthorityFactory, member
from tests.hubs.gias_data import extract, fixture_bytes, school_row

# These tests count the uploaded files left behind, so each has a media directory of its own.
pytestmark = pytest.mark.usefixtures("isolated_media")

UPLOAD_URL = reverse("hubs:gias_import")
# A spreadsheet (a zip inside) and a picture, both named .csv.
ZIP = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 40
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40


def csv_upload(content: bytes | None = None, name: str = "edubasealldata20261101.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, fixture_bytes() if content is None else content, content_type="text/csv")


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def result_url(record: GiasImport) -> str:
    return reverse("hubs:gias_import_result", kwargs={"pk": record.pk})


@pytest.fixture
def queued(wessex_officer, django_capture_on_commit_callbacks):
    """The fixture uploaded by the Wessex LA officer, waiting for the worker."""
    with django_capture_on_commit_callbacks(execute=False):
        return uploads.gias_upload_queue(actor=wessex_officer, upload=csv_upload())


# --- The upload page, end to end ---------------------------------------------------------


def test_an_la_officer_uploads_the_extract_and_sees_what_it_changed(
    client_for, wessex, wessex_officer, settings, django_capture_on_commit_callbacks
):
    client = client_for(wessex_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(UPLOAD_URL, {"file": csv_upload()})
    record = GiasImport.objects.get()
    assert response.status_code == 302 and response["Location"] == result_url(record)
    assert record.status == GiasImport.Status.DONE and record.uploaded_by == wessex_officer
    assert (record.rows, record.created, record.closed_not_added, record.skipped) == (16, 11, 1, 4)
    assert list(record.local_authorities.all()) == [wessex]
    assert School.objects.filter(local_authority=wessex).count() == 11
    assert not record.file and not stored_files(settings), "the upload is deleted once imported"
    page = client.get(response["Location"]).content.decode()
    assert '<h1 class="govuk-heading-l">Schools register updated</h1>' in page
    assert "11 schools added, 0 updated and 0 unchanged" in page
    assert "of which 1 belongs to another local authority" in page
    assert "Belongs to another local authority" in page and "The URN “99901” is not 6 digits" in page


def test_an_administrator_uploads_for_every_authority(client_for, admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(admin).post(UPLOAD_URL, {"file": csv_upload()})
    record = GiasImport.objects.get()
    assert (record.created, record.authorities_created, record.trusts_created) == (12, 2, 1)
    assert not record.local_authorities.exists()
    assert "Every local authority in the file" in client_for(admin).get(result_url(record)).content.decode()


def test_the_upload_page_explains_the_la_officers_limit_and_lists_recent_imports(client_for, wessex_officer, queued):
    page = client_for(wessex_officer).get(UPLOAD_URL).content.decode()
    assert "You can update the schools of Wessex County Council" in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".csv,text/csv"' in page
    assert "Recent imports" in page and result_url(queued) in page
    assert GiasImport.objects.count() == 1, "nothing changes on GET"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("schools.xlsx", b"URN,LA (code)\r\n", "The selected file must be a CSV"),
        ("schools.csv", ZIP, "The selected file must be a CSV"),
        ("schools.csv", PNG, "The selected file must be a CSV"),
        ("schools.csv", b"", "The selected file is empty"),
        ("people.csv", b"Name,Age\r\nBob,9\r\n", "The selected file is not a GIAS establishment extract"),
        ("few.csv", b"URN,LA (code),LA (name)\r\n", "The selected file is missing the columns EstablishmentNumber"),
    ],
)
def test_a_file_that_is_not_a_gias_csv_is_refused_with_a_govuk_error(
    client_for, wessex_officer, name, content, message
):
    response = client_for(wessex_officer).post(UPLOAD_URL, {"file": csv_upload(content, name)})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "govuk-error-summary" in page and "<title>Error: " in page
    assert not GiasImport.objects.exists()


def test_sending_no_file_asks_for_one(client_for, wessex_officer):
    page = client_for(wessex_officer).post(UPLOAD_URL, {}).content.decode()
    assert "Select a CSV file" in page and "<title>Error: " in page


def test_a_file_over_the_size_limit_is_refused(client_for, wessex_officer, monkeypatch):
    monkeypatch.setattr(forms_gias, "MAX_BYTES", 100)
    page = client_for(wessex_officer).post(UPLOAD_URL, {"file": csv_upload()}).content.decode()
    assert "The selected file must be smaller than 100MB" in page
    assert not GiasImport.objects.exists()


# --- Who sees what --------------------------------------------------------------------------


def test_people_who_are_not_administrators_or_la_officers_are_refused_the_upload_page(client_for, personas):
    for user in (personas.senco_a, personas.coordinator, personas.trust_lead, personas.parent, personas.nobody):
        client = client_for(user)
        assert client.get(UPLOAD_URL).status_code == 403
        assert client.post(UPLOAD_URL, {"file": csv_upload()}).status_code == 403
    assert not GiasImport.objects.exists()


def test_another_authoritys_officer_gets_404_for_the_result_and_an_administrator_sees_it(
    client_for, queued, admin, personas
):
    other_officer = member(Role.LA_OFFICER, local_authority=LocalAuthorityFactory(code="991", name="Mercia"))
    assert client_for(other_officer).get(result_url(queued)).status_code == 404
    assert client_for(personas.senco_a).get(result_url(queued)).status_code == 404
    assert client_for(admin).get(result_url(queued)).status_code == 200
    colleague = member(Role.LA_OFFICER, local_authority=queued.local_authorities.get())
    assert client_for(colleague).get(result_url(queued)).status_code == 200


# --- The result page ------------------------------------------------------------------------


def test_the_result_says_to_refresh_until_the_import_has_run(client_for, wessex_officer, queued):
    client = client_for(wessex_officer)
    assert "The import is waiting to start – refresh this page" in client.get(result_url(queued)).content.decode()
    GiasImport.objects.filter(pk=queued.pk).update(status=GiasImport.Status.RUNNING, started_at=timezone.now())
    assert "The import is running – refresh this page" in client.get(result_url(queued)).content.decode()


def test_a_failed_import_says_why_and_that_nothing_changed(client_for, wessex_officer, queued):
    GiasImport.objects.filter(pk=queued.pk).update(status=GiasImport.Status.FAILED, error="The file is empty")
    page = client_for(wessex_officer).get(result_url(queued)).content.decode()
    assert "The import did not work" in page and "The file is empty" in page
    assert "Nothing in the schools register was changed" in page


def test_a_long_list_of_skipped_rows_is_paginated(client_for, wessex_officer, queued):
    rows = [{"row": n, "urn": f"{990000 + n}", "reason": f"Reason {n}"} for n in range(2, 122)]
    GiasImport.objects.filter(pk=queued.pk).update(status=GiasImport.Status.DONE, skipped=120, skipped_rows=rows)
    client = client_for(wessex_officer)
    first = client.get(result_url(queued)).content.decode()
    assert "Rows skipped (page 1 of 3)" in first and "Reason 51" in first and "Reason 52" not in first
    assert 'class="govuk-pagination"' in first
    last = client.get(result_url(queued) + "?page=3").content.decode()
    assert "Reason 121" in last and "Reason 2<" not in last
    assert client.get(result_url(queued) + "?page=nonsense").status_code == 200


def test_the_home_page_offers_the_import_to_la_officers_but_not_to_sencos(client_for, wessex_officer, personas):
    action = "Update the schools register from GIAS"
    assert action in client_for(wessex_officer).get(reverse("home")).content.decode()
    assert action not in client_for(personas.senco_a).get(reverse("home")).content.decode()


# --- The task ------------------------------------------------------------------------------


def test_the_task_is_safe_to_run_twice(queued, settings):
    assert stored_files(settings), "the upload waits under MEDIA_ROOT for the worker"
    gias_import_process(queued.pk)
    history = School.history.count()
    gias_import_process(queued.pk)
    assert uploads.gias_upload_run(import_id=queued.pk) is False
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.DONE and queued.created == 11
    assert School.history.count() == history == 11
    assert not stored_files(settings)


def test_a_redelivered_task_takes_over_only_a_claim_abandoned_by_a_dead_worker(queued):
    GiasImport.objects.filter(pk=queued.pk).update(status=GiasImport.Status.RUNNING, started_at=timezone.now())
    gias_import_process(queued.pk)
    assert not School.objects.exists(), "another worker is still on it"
    an_hour_ago = timezone.now() - uploads.STALE_CLAIM - timedelta(minutes=1)
    GiasImport.objects.filter(pk=queued.pk).update(started_at=an_hour_ago)
    gias_import_process(queued.pk)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.DONE and School.objects.count() == 11


def test_the_task_records_why_a_file_could_not_be_imported(
    wessex_officer, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        record = uploads.gias_upload_queue(actor=wessex_officer, upload=csv_upload(extract()))
    record.refresh_from_db()
    assert record.status == GiasImport.Status.FAILED
    assert record.error == "The file has no schools in it: it has a header row and nothing else"
    assert not stored_files(settings)


def test_the_task_imports_nothing_for_someone_who_is_no_longer_an_la_officer(wessex_officer, queued):
    Membership.objects.filter(user=wessex_officer).update(ended_on=timezone.localdate())
    gias_import_process(queued.pk)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.FAILED and "no longer" in queued.error
    assert not School.objects.exists()


def test_the_task_reports_a_missing_file(queued):
    queued.file.storage.delete(queued.file.name)
    gias_import_process(queued.pk)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.FAILED
    assert queued.error == "The uploaded file is no longer there. Upload it again"


def test_a_database_outage_puts_the_upload_back_in_the_queue_then_gives_up(queued, monkeypatch, settings):
    def unavailable(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(uploads, "gias_import", unavailable)
    with pytest.raises(OperationalError):
        uploads.gias_upload_run(import_id=queued.pk)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.QUEUED and stored_files(settings), "kept for the retry"
    gias_import_process.apply(args=[queued.pk], retries=GIAS_RETRIES)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.FAILED and "database was not available" in queued.error
    assert not stored_files(settings)


def test_when_the_task_queue_is_down_the_upload_is_marked_failed(
    client_for, wessex_officer, monkeypatch, django_capture_on_commit_callbacks, settings
):
    def broker_down(*args, **kwargs):
        raise BrokerUnavailable("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(gias_import_process, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(wessex_officer).post(UPLOAD_URL, {"file": csv_upload()})
    record = GiasImport.objects.get()
    assert response["Location"] == result_url(record)
    assert record.status == GiasImport.Status.FAILED and "task queue is not available" in record.error
    assert not stored_files(settings) and not School.objects.exists()


def test_an_unexpected_error_is_recorded_for_people_to_see(queued, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(uploads, "gias_import", broken)
    gias_import_process(queued.pk)
    queued.refresh_from_db()
    assert queued.status == GiasImport.Status.FAILED and queued.error == uploads.UNEXPECTED


def test_a_row_for_another_authority_in_an_officers_upload_is_listed_not_imported(
    wessex_officer, django_capture_on_commit_callbacks
):
    raw = extract(school_row("999001"), school_row("999002", **{"LA (code)": "991", "LA (name)": "Mercia"}))
    with django_capture_on_commit_callbacks(execute=True):
        record = uploads.gias_upload_queue(actor=wessex_officer, upload=csv_upload(raw))
    record.refresh_from_db()
    assert record.skipped_rows == [{"row": 3, "urn": "999002", "reason": "belongs to another local authority"}]
