"""The dashboard's PDF: one page, tagged for screen readers (PDF/UA), on the fullest demo dashboards."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from dashboards.scope import dashboards_for
from sendhub.models import User
from tests.pdf import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def test_each_demo_dashboards_pdf_is_one_accessible_page(client):
    call_command("seed_demo", verbosity=0)
    for email, kind, name in [
        ("la.officer@example.org", "la", "Wessex County Council"),
        ("trust.lead@example.org", "trust", "Heathland Learning Trust"),
        ("coordinator@example.org", "district", "Casterbridge"),
        ("senco.a@example.org", "school", "St Aldhelm"),
    ]:
        user = User.objects.get(email=email)
        client.force_login(user)
        response = client.get(reverse("dashboards:pdf", args=[kind, dashboards_for(user)[kind][0]]))
        assert response["Content-Type"] == "application/pdf"
        assert_accessible_pdf(response.content, "Dashboard: ", name)
        reader = PdfReader(io.BytesIO(response.content))
        assert len(reader.pages) == 1, f"{kind}: {len(reader.pages)} pages"
