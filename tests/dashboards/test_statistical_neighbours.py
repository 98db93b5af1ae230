"""An authority's statistical neighbours: recorded by its officer (a form or a CSV import) and shown,
with their average, beside its published timeliness on the LA dashboard."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dashboards.models import PublishedTimeliness, StatisticalNeighbour
from dashboards.neighbours import neighbours_of

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "ehcp_timeliness_la.csv"


def _published(code: str, name: str, including: tuple[int, int], excluding: tuple[int, int]) -> None:
    PublishedTimeliness.objects.create(
        calendar_year=2024,
        geographic_level="Local authority",
        region_code="E12000009",
        region_name="South West",
        la_code=code,
        la_name=name,
        plans_including_exceptions=including[0],
        within_20_weeks_including_exceptions=including[1],
        plans_excluding_exceptions=excluding[0],
        within_20_weeks_excluding_exceptions=excluding[1],
        imported_from="test.csv",
    )


@pytest.fixture
def wessex(personas):
    personas.la.code = "990"
    personas.la.save()
    call_command("import_ehc_timeliness", str(FIXTURE), verbosity=0)
    _published("992", "Christminster City Council", (100, 50), (100, 60))
    _published("993", "Exonbury City Council", (200, 50), (100, 30))
    return personas


def test_an_officer_records_neighbours_and_sees_them_with_their_average(wessex, client_for):
    client = client_for(wessex.la_officer)
    url = reverse("dashboards:neighbours", args=[wessex.la.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"codes": "992, 993\n991"})
    assert response.status_code == 302
    assert neighbours_of("990") == ["992", "993", "991"]
    board = client.get(reverse("dashboards:show", args=["la", wessex.la.pk])).context["board"]
    rows = {row.label: row for row in board.table("benchmarks").rows}
    assert rows["Neighbour 1: Christminster City Council"].cells[2].display == "60.0%"
    assert rows["Neighbour 2: Exonbury City Council"].cells[2].display == "30.0%"
    assert rows["Neighbour 3: Mercia Borough Council"].cells[2].display == "no data", "c in the file"
    # The mean of the neighbours' published shares; a suppressed neighbour is left out.
    assert rows["Statistical neighbours' average"].cells[1].display == "37.5%"
    assert rows["Statistical neighbours' average"].cells[2].display == "45.0%"
    assert {"Wessex County Council", "South West", "England"} <= set(rows)
    labels = [row.label for row in board.table("benchmarks").rows]
    assert labels.index("Wessex County Council") < labels.index("Statistical neighbours' average")
    measures = [m.name for s in board.sections for m in s.measures]
    assert "Benchmarks: region, England and statistical neighbours" in measures


@pytest.mark.parametrize(
    "codes, message",
    [
        ("", "Enter the old LA codes of the authority&#x27;s statistical neighbours"),
        ("99", "Enter each old LA code as 3 digits"),
        ("990", "An authority is not its own statistical neighbour"),
        ("992, 992", "Enter each neighbour once"),
        ("555", "555 is not an old LA code in the imported timeliness file"),
        (", ".join(str(c) for c in range(980, 991)), "Enter at most 10 statistical neighbours"),
    ],
)
def test_the_form_refuses_codes_it_cannot_use(wessex, client_for, codes, message):
    response = client_for(wessex.la_officer).post(
        reverse("dashboards:neighbours", args=[wessex.la.pk]), {"codes": codes}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and message in page
    assert not StatisticalNeighbour.objects.exists()


def test_another_authoritys_neighbours_are_a_404(wessex, client_for):
    url = reverse("dashboards:neighbours", args=[wessex.la.pk])
    assert client_for(wessex.outsider).post(url, {"codes": "992"}).status_code == 404
    assert client_for(wessex.trust_lead).get(url).status_code == 404
    assert not StatisticalNeighbour.objects.exists()


def test_the_import_command_reads_neighbours_and_replaces_an_authoritys_list(wessex, tmp_path):
    file = tmp_path / "neighbours.csv"
    file.write_text("la_code,neighbour_code,rank\n990,993,2\n990,992,1\n")
    call_command("import_statistical_neighbours", str(file), verbosity=0)
    assert neighbours_of("990") == ["992", "993"]
    file.write_text("la_code,neighbour_code,rank\n990,991,1\n")
    call_command("import_statistical_neighbours", str(file), verbosity=0)
    assert neighbours_of("990") == ["991"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("la,neighbour\n990,992\n", "missing the columns la_code, neighbour_code, rank"),
        ("la_code,neighbour_code,rank\n990,992,11\n", "rank must be a whole number from 1 to 10"),
        ("la_code,neighbour_code,rank\n990,992,1\n990,993,1\n", "already has a neighbour ranked 1"),
        ("la_code,neighbour_code,rank\n990,5555,1\n", "3 digits"),
        ("la_code,neighbour_code,rank\n990,556,1\n", "556 is not an old LA code"),
        ("la_code,neighbour_code,rank\n557,992,1\n", "la_code 557 is not an authority"),
    ],
)
def test_the_import_command_refuses_a_file_it_cannot_use(wessex, tmp_path, text, message):
    file = tmp_path / "neighbours.csv"
    file.write_text(text)
    with pytest.raises(CommandError, match=message):
        call_command("import_statistical_neighbours", str(file), verbosity=0)
    assert not StatisticalNeighbour.objects.exists()


def test_the_demo_records_wessexs_neighbours_from_the_demo_file():
    call_command("seed_demo", verbosity=0)
    codes = neighbours_of("990")
    assert len(codes) == 8
    known = set(
        PublishedTimeliness.objects.filter(geographic_level="Local authority").values_list("la_code", flat=True)
    )
    assert set(codes) <= known
