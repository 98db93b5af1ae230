"""Census-day snapshots (counts only) and the published timeliness file beside the LA's figures."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from dashboards.models import CensusSnapshot, PublishedTimeliness
from dashboards.services import census_days, snapshot_if_census_day
from dashboards.tasks import census_snapshot
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "ehcp_timeliness_la.csv"


def test_census_days_are_the_third_thursdays_of_january_and_may_and_the_first_of_october():
    assert census_days(2026) == {
        date(2026, 1, 15): "spring",
        date(2026, 5, 21): "summer",
        date(2026, 10, 1): "autumn",
    }


def test_a_snapshot_is_taken_on_census_day_only_and_once(personas):
    PupilFactory.create_batch(3, school=personas.school_a, sen_provision="E", primary_need="ASD")
    PupilFactory(school=personas.school_a, sen_provision="N", primary_need="")
    assert snapshot_if_census_day(today=date(2026, 10, 2)) == 0
    assert snapshot_if_census_day(today=date(2026, 10, 1)) == 1
    snapshot_if_census_day(today=date(2026, 10, 1))
    row = CensusSnapshot.objects.get()
    assert (row.ehc_plan, row.sen_support, row.no_sen, row.academic_year, row.term) == (3, 0, 1, "2026/27", "autumn")


def test_the_beat_task_runs_without_a_census_day(personas):
    assert census_snapshot() in (0, 1, 2, 3)


def test_an_administrator_takes_a_snapshot_now(personas, client_for):
    PupilFactory(school=personas.school_a)
    assert client_for(personas.la_officer).post(reverse("dashboards:snapshot")).status_code == 403
    response = client_for(personas.admin).post(reverse("dashboards:snapshot"))
    assert response.status_code == 302 and CensusSnapshot.objects.filter(term="on_demand").count() == 1


def test_the_import_command_reads_the_published_file(personas):
    call_command("import_ehc_timeliness", str(FIXTURE), verbosity=0)
    wessex = PublishedTimeliness.objects.get(la_code="990")
    assert wessex.plans_excluding_exceptions == 398 and round(wessex.percent_excluding, 1) == 42.2
    assert PublishedTimeliness.objects.get(geographic_level="National").plans_including_exceptions == 57898
    assert PublishedTimeliness.objects.get(la_code="991").plans_including_exceptions is None, "c stays suppressed"
    assert not PublishedTimeliness.objects.filter(la_name="Ignored district row").exists()
    call_command("import_ehc_timeliness", str(FIXTURE), verbosity=0)
    assert PublishedTimeliness.objects.count() == 4, "importing again replaces the year"


def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    bad = tmp_path / "wrong.csv"
    bad.write_text("year,la,percent\n2024,Wessex,40\n")
    with pytest.raises(CommandError, match="missing the columns time_period"):
        call_command("import_ehc_timeliness", str(bad))


def test_an_officer_uploads_the_file_and_sees_wessex_beside_its_region_and_england(personas, client_for):
    personas.la.code = "990"
    personas.la.save()
    client = client_for(personas.la_officer)
    response = client.post(reverse("dashboards:timeliness_upload"), {})
    assert "Choose the CSV file to upload" in response.content.decode()
    bad = SimpleUploadedFile("x.csv", b"time_period,la_name\n2024,Wessex\n", content_type="text/csv")
    response = client.post(reverse("dashboards:timeliness_upload"), {"file": bad})
    assert "missing the columns" in response.content.decode()
    upload = SimpleUploadedFile("ehcp.csv", FIXTURE.read_bytes(), content_type="text/csv")
    assert client.post(reverse("dashboards:timeliness_upload"), {"file": upload}).status_code == 302
    board = client.get(reverse("dashboards:show", args=["la", personas.la.pk])).context["board"]
    rows = {row.label: row for row in board.table("benchmarks").rows}
    assert set(rows) == {"Wessex County Council", "South West", "England"}
    assert rows["Wessex County Council"].cells[2].display == "42.2%"
    years = board.table("ehc_years")
    assert years.columns[-1].startswith("England")
