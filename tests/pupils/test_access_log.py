"""A family's access log: which organisations and roles viewed or changed their child's records, and when."""

import csv
import io

from django.urls import reverse

from pupils.models import Pupil


def log_url(pupil, name="pupils:access_log"):
    return reverse(name, kwargs={"pk": pupil.pk})


def test_the_parent_sees_roles_and_organisations_but_no_staff_names(client_for, personas, pupil_a):
    client_for(personas.senco_a).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    client_for(personas.la_officer).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    page = client_for(personas.parent).get(log_url(pupil_a)).content.decode()
    assert "SENCo, School A" in page
    assert "Local authority officer, Test County Council" in page
    assert "Viewed" in page and "Pupil" in page
    for person in (personas.senco_a, personas.la_officer):
        assert person.full_name not in page and person.email not in page


def test_changes_are_listed_and_the_parents_own_views_are_not(client_for, personas, pupil_a):
    client_for(personas.parent).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    page = client_for(personas.parent).get(log_url(pupil_a)).content.decode()
    assert "Viewed" not in page and "Parent or carer" not in page
    pupil = Pupil.objects.get(pk=pupil_a.pk)
    pupil._history_user = personas.senco_a
    pupil.save()
    page = client_for(personas.parent).get(log_url(pupil_a)).content.decode()
    assert "Changed" in page and "SENCo, School A" in page


def test_the_log_is_paginated(client_for, personas, pupil_a):
    for _ in range(51):
        client_for(personas.senco_a).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    client = client_for(personas.parent)
    first = client.get(log_url(pupil_a)).content.decode()
    assert "page 1 of 2" in first and 'class="govuk-pagination"' in first
    assert client.get(log_url(pupil_a) + "?page=2").content.decode().count("SENCo, School A") == 1


def test_the_parent_downloads_it_as_csv(client_for, personas, pupil_a):
    client_for(personas.trust_lead).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk}))
    response = client_for(personas.parent).get(log_url(pupil_a, "pupils:access_log_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["When", "Who (role and organisation)", "What they did", "Record"]
    assert rows[1][1:] == [f"Trust SEND lead, {personas.trust_a.name}", "Viewed", "Pupil"]  # newest first


def test_staff_and_other_parents_get_a_404(client_for, personas, pupil_a, pupil_b):
    for user in (personas.senco_a, personas.la_officer, personas.admin):
        assert client_for(user).get(log_url(pupil_a)).status_code == 404
    assert client_for(personas.parent).get(log_url(pupil_b)).status_code == 404


def test_the_childs_page_links_to_it(client_for, personas, pupil_a):
    page = client_for(personas.parent).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).content.decode()
    assert log_url(pupil_a) in page
