"""Another app adds a section (e.g. a trust's training figures) without importing dashboards."""

import pytest
from django.urls import reverse

from dashboards import registry

pytestmark = pytest.mark.django_db


def test_a_registered_section_shows_on_its_kind_of_dashboard_with_suppression(personas, client_for):
    def training(scope, filters):
        return {
            "tables": [
                {
                    "key": "training",
                    "caption": "Staff trained",
                    "columns": ["Tier 1", "Tier 2"],
                    "rows": [("School A", [12, 3]), ("School B", [20, 9])],
                    "first_heading": "School",
                }
            ],
            "measures": [
                {"name": "Staff trained", "numerator": "staff", "denominator": "—", "period": "year", "source": "x"}
            ],
        }

    registry.register_section(key="training", title="Training and QA", kinds=("trust",), build=training)
    try:
        client = client_for(personas.trust_lead)
        board = client.get(reverse("dashboards:show", args=["trust", personas.trust_a.pk])).context["board"]
        table = board.table("training")
        assert table.rows[0].cells[1].display == "fewer than 5" and table.rows[0].cells[0].value == 12
        la = client_for(personas.la_officer).get(reverse("dashboards:show", args=["la", personas.la.pk]))
        assert la.context["board"].table("training") is None
        with pytest.raises(ValueError):
            registry.register_section(key="x", title="X", kinds=("nowhere",), build=training)
    finally:
        registry.unregister_section("training")
