"""Who opens which dashboard, what it shows, and that its queries do not grow with the data."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def _url(kind, pk, **query):
    url = reverse("dashboards:show", args=[kind, pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_each_role_sees_its_own_dashboards_listed(personas, client_for):
    page = client_for(personas.trust_lead).get(reverse("dashboards:index"))
    assert page.status_code == 200 and "Trust A" in page.content.decode()
    page = client_for(personas.coordinator).get(reverse("dashboards:index")).content.decode()
    assert "North SEND and Inclusion Hub" in page


def test_parents_panel_members_and_people_without_a_role_have_no_dashboards(personas, client_for):
    for user in (personas.parent, personas.panel, personas.nobody):
        assert client_for(user).get(reverse("dashboards:index")).status_code == 403


def test_another_organisations_dashboard_is_a_404(personas, client_for):
    assert client_for(personas.trust_lead).get(_url("trust", personas.trust_b.pk)).status_code == 404
    assert client_for(personas.senco_a).get(_url("school", personas.school_b.pk)).status_code == 404
    assert client_for(personas.outsider).get(_url("la", personas.la.pk)).status_code == 404
    assert client_for(personas.la_officer).get(_url("la", personas.la.pk)).status_code == 200
    assert client_for(personas.admin).get(_url("trust", personas.trust_b.pk)).status_code == 200


def test_the_trust_dashboard_counts_its_schools_and_names_no_child(grown, client_for):
    personas = grown(2, 9)
    page = client_for(personas.trust_lead).get(_url("trust", personas.trust_a.pk)).content.decode()
    assert "Grown School" in page and "Pupils by SEN provision" in page
    assert "Testson" not in page and "Pupil1" not in page
    assert "<canvas" not in page and "<svg" in page and "<title" in page


def test_filters_stay_in_the_url_and_narrow_the_figures(grown, client_for):
    personas = grown(2, 6)
    client = client_for(personas.la_officer)
    everything = client.get(_url("la", personas.la.pk)).context["board"]
    school = everything.scope.org.schools.filter(name__startswith="Grown").first()
    narrowed = client.get(_url("la", personas.la.pk, school=school.pk)).context["board"]
    assert narrowed.filters.school == school.pk
    total = [r for r in narrowed.table("provision").rows if r.is_total][0]
    assert total.cells[3].value == 6


def test_every_table_downloads_as_csv_with_c_for_small_counts(grown, client_for):
    personas = grown(1, 3)
    client = client_for(personas.trust_lead)
    response = client.get(reverse("dashboards:csv", args=["trust", personas.trust_a.pk, "provision"]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "School,EHC plan (E),SEN support (K),No SEN (N),Total" in body and ",c," in body
    assert client.get(reverse("dashboards:csv", args=["trust", personas.trust_a.pk, "nothing"])).status_code == 404


def test_the_dashboard_downloads_as_a_one_page_pdf(grown, client_for):
    personas = grown(1, 6)
    response = client_for(personas.trust_lead).get(reverse("dashboards:pdf", args=["trust", personas.trust_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Trust A" in text and "Testson" not in text


@pytest.mark.parametrize(
    "who, kind, org",
    [
        ("la_officer", "la", "la"),
        ("trust_lead", "trust", "trust_a"),
        ("senco_a", "school", "school_a"),
        ("coordinator", "district", "district_a"),
    ],
)
def test_a_dashboard_runs_the_same_queries_whatever_its_size(
    grown, client_for, who, kind, org, django_assert_max_num_queries
):
    personas = grown(1, 3)
    client = client_for(getattr(personas, who))
    url = _url(kind, getattr(personas, org).pk)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grown(3, 6)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
    assert len(small) <= 40


def test_the_home_page_shows_headline_figures_linking_to_the_dashboard(grown, client_for):
    personas = grown(1, 6)
    page = client_for(personas.trust_lead).get(reverse("home")).content.decode()
    assert "at a glance" in page and _url("trust", personas.trust_a.pk) in page
    assert "at a glance" not in client_for(personas.parent).get(reverse("home")).content.decode()
