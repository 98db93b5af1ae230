"""Speed at county scale, measured with pytest-benchmark: `make bench` (PostgreSQL). Not part of `make test`.

The targets are recorded here as budgets a person reads in the benchmark output; the suite's own
tests assert query counts, not times.
"""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_the_la_officers_pupil_list_at_county_scale(benchmark, county):
    client = Client()
    client.force_login(county)
    client.get(reverse("pupils:list"))
    response = benchmark(client.get, reverse("pupils:list"), {"page": 1000})
    assert response.status_code == 200 and response.context["page"].paginator.count == 60000


@pytest.mark.django_db
def test_searching_a_county_for_a_name(benchmark, county):
    client = Client()
    client.force_login(county)
    response = benchmark(client.get, reverse("pupils:list"), {"q": "Bench199 Pupil299"})
    assert response.status_code == 200 and response.context["page"].paginator.count == 1
