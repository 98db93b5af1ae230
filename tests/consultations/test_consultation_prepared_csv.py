"""Issue 19: the responses CSV is prepared in the background (sendhub.downloads), with progress shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.exports import KIND
from consultations.models import Answer, Consultation
from consultations.views import exports as export_views
from sendhub import tasks
from sendhub.downloads import services as download_services
from sendhub.downloads.services import download_prepare, download_request
from sendhub.files import retention_purge
from sendhub.models import AuditEvent, Membership, PreparedDownload
from tests.consultations.test_consultation_pages import _many_responses

Status = PreparedDownload.Status


def _start(client, consultation: Consultation, capture) -> PreparedDownload:
    with capture(execute=True):
        started = client.post(reverse("consultations:manage_export_start", args=[consultation.pk]))
    download = PreparedDownload.objects.latest("pk")
    assert started.status_code == 302 and started["Location"] == reverse("downloads:status", args=[download.pk])
    download.refresh_from_db()
    return download


def _file(client, download: PreparedDownload):
    return client.get(reverse("downloads:file", args=[download.pk]))


@pytest.mark.django_db
def test_the_prepared_csv_is_the_same_file_as_the_streamed_one(
    client_for, personas, consultation, django_capture_on_commit_callbacks
):
    _many_responses(consultation, 60)
    written = Answer.objects.filter(response__consultation=consultation, question__kind="free_text").first()
    written.value = '=HYPERLINK("http://example.org","Click")'
    written.save()
    client = client_for(personas.head_a)
    streamed = b"".join(
        client.get(reverse("consultations:manage_export_csv", args=[consultation.pk])).streaming_content
    )

    download = _start(client, consultation, django_capture_on_commit_callbacks)

    assert download.status == Status.DONE and download.rows_done == download.rows_total == 60
    response = _file(client, download)
    prepared = b"".join(response.streaming_content)
    assert prepared == streamed
    assert prepared.startswith("\ufeff".encode()) and b"'=HYPERLINK" in prepared
    assert response["Content-Disposition"] == f'attachment; filename="{consultation.slug}-responses.csv"'
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        user=personas.head_a, action=AuditEvent.Action.EXPORT, model="consultations.consultation"
    ).exists()


@pytest.mark.django_db
def test_progress_is_written_after_every_chunk(personas, consultation, monkeypatch):
    _many_responses(consultation, 60)
    monkeypatch.setattr(download_services, "CHUNK_ROWS", 20)
    seen: list[int] = []
    real = download_services.open_export

    def watching(kind, user, params):
        export = real(kind, user, params)
        rows = export.rows

        def rows_seen(chunk_size):
            for row in rows(chunk_size):
                seen.append(PreparedDownload.objects.get().rows_done)
                yield row

        export.rows = rows_seen
        return export

    monkeypatch.setattr(download_services, "open_export", watching)
    download = PreparedDownload.objects.create(
        requested_by=personas.head_a,
        kind=KIND,
        params={"consultation": consultation.pk},
        title="Responses",
        filename="x.csv",
        noun="responses",
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert download_prepare(download_id=download.pk)
    assert sorted(set(seen)) == [0, 20, 40]
    download.refresh_from_db()
    assert (download.status, download.rows_done, download.rows_total) == (Status.DONE, 60, 60)
    assert not download_prepare(download_id=download.pk)  # safe to run twice: already claimed


@pytest.mark.django_db
def test_the_status_page_shows_progress_in_words_and_as_json(
    client_for, personas, consultation, django_assert_max_num_queries
):
    download = download_request(actor=personas.head_a, kind=KIND, params={"consultation": consultation.pk})
    PreparedDownload.objects.filter(pk=download.pk).update(status=Status.RUNNING, rows_done=2000, rows_total=20000)
    client = client_for(personas.head_a)
    url = reverse("downloads:status", args=[download.pk])
    client.get(url)  # warm the session
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert "2,000 of 20,000 responses written." in page
    assert 'aria-live="polite"' in page and "Check again" in page
    assert 'http-equiv="refresh"' not in page
    progress = client.get(reverse("downloads:progress", args=[download.pk]))
    assert "private" in progress["Cache-Control"] and "no-store" in progress["Cache-Control"]
    assert progress.json()["text"] == "2,000 of 20,000 responses written."
    assert progress.json()["percent"] == 10 and not progress.json()["finished"]
    # The file is not there yet.
    assert _file(client, download).status_code == 404


@pytest.mark.django_db
def test_the_status_page_takes_the_same_queries_however_many_rows(
    client_for, personas, consultation, django_capture_on_commit_callbacks
):
    client = client_for(personas.head_a)
    small = _start(client, consultation, django_capture_on_commit_callbacks)
    _many_responses(consultation, 120)
    large = _start(client, consultation, django_capture_on_commit_callbacks)
    assert (small.rows_done, large.rows_done) == (0, 120)
    client.get(reverse("downloads:status", args=[small.pk]))  # warm the session
    counts = []
    for download in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("downloads:status", args=[download.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


@pytest.mark.django_db
def test_someone_who_did_not_ask_gets_404(client_for, personas, consultation, django_capture_on_commit_callbacks):
    download = _start(client_for(personas.head_a), consultation, django_capture_on_commit_callbacks)
    # The LA officer may see the consultation's responses, but did not ask for this file.
    for person in (personas.la_officer, personas.senco_b, personas.admin):
        client = client_for(person)
        for name in ("downloads:status", "downloads:progress", "downloads:file"):
            assert client.get(reverse(name, args=[download.pk])).status_code == 404, (person, name)


@pytest.mark.django_db
def test_someone_who_lost_access_since_asking_gets_404_at_download(
    client_for, personas, consultation, django_capture_on_commit_callbacks
):
    client = client_for(personas.head_a)
    download = _start(client, consultation, django_capture_on_commit_callbacks)
    Membership.objects.filter(user=personas.head_a).update(ended_on=timezone.localdate())
    assert _file(client, download).status_code == 404


@pytest.mark.django_db
def test_a_job_the_broker_never_got_is_prepared_by_the_sweep(
    personas, consultation, django_capture_on_commit_callbacks
):
    _many_responses(consultation, 5)
    download = download_request(actor=personas.head_a, kind=KIND, params={"consultation": consultation.pk})
    # Not queued at all (no commit callbacks ran, as with the broker down): a minute later, not yet.
    assert tasks.downloads_sweep() == 0
    PreparedDownload.objects.filter(pk=download.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert tasks.downloads_sweep() == 1
    download.refresh_from_db()
    assert download.status == Status.DONE and download.rows_done == 5


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_taken_back_then_given_up(personas, consultation):
    download = download_request(actor=personas.head_a, kind=KIND, params={"consultation": consultation.pk})
    stale = timezone.now() - timedelta(hours=1)
    PreparedDownload.objects.filter(pk=download.pk).update(status=Status.RUNNING, heartbeat_at=stale, attempts=1)
    assert tasks.downloads_sweep() == 1
    assert PreparedDownload.objects.get(pk=download.pk).status == Status.DONE
    PreparedDownload.objects.filter(pk=download.pk).update(status=Status.RUNNING, heartbeat_at=stale, attempts=3)
    assert tasks.downloads_sweep() == 0
    assert PreparedDownload.objects.get(pk=download.pk).status == Status.FAILED


@pytest.mark.django_db
def test_the_nightly_purge_deletes_prepared_files_after_a_day(
    client_for, personas, consultation, django_capture_on_commit_callbacks
):
    download = _start(client_for(personas.head_a), consultation, django_capture_on_commit_callbacks)
    name = download.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_purge(timezone.now() + timedelta(hours=23))["prepared downloads"] == 0
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_purge(timezone.now() + timedelta(hours=25))["prepared downloads"] == 1
    assert not PreparedDownload.objects.filter(pk=download.pk).exists()
    assert not default_storage.exists(name)


@pytest.mark.django_db
def test_the_old_csv_url_streams_small_consultations_and_sends_large_ones_to_the_button(
    client_for, personas, consultation, monkeypatch
):
    _many_responses(consultation, 12)
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_export_csv", args=[consultation.pk])
    assert client.get(url)["Content-Type"] == "text/csv; charset=utf-8"
    monkeypatch.setattr(export_views, "STREAM_LIMIT", 10)
    large = client.get(url)
    assert large.status_code == 302 and large["Location"] == reverse(
        "consultations:manage_detail", args=[consultation.pk]
    )
    page = client.get(large["Location"]).content.decode()
    assert "too many responses to download at once" in page
    assert reverse("consultations:manage_export_start", args=[consultation.pk]) in page


@pytest.mark.django_db
def test_staff_see_whether_the_summary_is_waiting_being_made_or_made(client_for, personas, hub):
    from tests.consultations.builders import make_consultation

    today = timezone.localdate()
    closed = make_consultation(
        hub,
        slug="closed-now",
        opening=today - timedelta(days=20),
        closing=today - timedelta(days=2),
        state=Consultation.State.CLOSED,
        closed_at=timezone.now(),
    )
    client = client_for(personas.head_a)
    url = reverse("consultations:manage_detail", args=[closed.pk])
    assert "The summary is waiting to be made: queued since the close" in client.get(url).content.decode()
    Consultation.objects.filter(pk=closed.pk).update(summary_started_at=timezone.now())
    assert "The summary is being made: started" in client.get(url).content.decode()
