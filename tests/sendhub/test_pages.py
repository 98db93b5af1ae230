"""The GOV.UK shell: home pages per role, information pages, errors, headers, health."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from sendhub.celery import app


def test_the_start_page_invites_staff_to_sign_in_and_tells_the_public_they_need_no_account(client, db):
    html = client.get("/").content.decode()
    assert "Sign in" in html and "do not need an account" in html


def test_each_persona_sees_their_organisations_and_roles(client_for, personas):
    html = client_for(personas.senco_a).get("/").content.decode()
    assert "School A" in html and "SENCo" in html
    html = client_for(personas.panel).get("/").content.decode()
    assert "North SEND and Inclusion Hub" in html and "Panel member (Health)" in html
    html = client_for(personas.la_officer).get("/").content.decode()
    assert "Test County Council" in html and "Local authority officer" in html
    html = client_for(personas.trust_lead).get("/").content.decode()
    assert "Trust A" in html and "Trust SEND lead" in html


def test_someone_with_several_roles_sees_each_of_them(client_for, personas):
    html = client_for(personas.outsider).get("/").content.decode()
    assert html.count("Your role") == 3


def test_someone_with_no_role_is_told_to_ask_their_administrator(client_for, personas):
    html = client_for(personas.nobody).get("/").content.decode()
    assert "You do not have a role" in html


@pytest.mark.parametrize(
    "path, heading", [("/accessibility/", "Accessibility statement"), ("/privacy/", "Privacy notice")]
)
def test_footer_pages_exist_and_are_linked_from_every_page(client, db, path, heading):
    assert heading in client.get(path).content.decode()
    assert f'href="{path}"' in client.get("/").content.decode()


def test_pages_carry_a_content_security_policy_without_inline_script(client, db):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert scripts and all("src=" in tag for tag in scripts)
    assert response["X-Frame-Options"] == "DENY"


def test_the_portal_is_not_dressed_as_gov_uk(client, db):
    html = client.get("/").content.decode()
    assert "govuk-header__logotype" not in html and "crown" not in html.lower()
    css = open("static/build/sendhub.css").read()
    assert "GDS Transport" not in css and "system-ui" in css


def test_a_missing_page_is_a_gov_uk_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "govuk-template" in response.content.decode()


def test_the_500_page_renders_in_gov_uk_style_without_a_request_context(db):
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_a_form_without_its_csrf_token_gets_a_gov_uk_page(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403 and "Your form could not be sent" in response.content.decode()


def test_healthz_reports_each_part_and_200_when_healthy(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["migrations"] == "ok" and body["cache"] == "ok"
    assert body["broker"].startswith("eager")


def test_healthz_is_503_when_the_broker_is_unreachable(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    old = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = old
    assert response.status_code == 503
    assert response.json()["broker"] == "error" and response.json()["status"] == "unhealthy"


def test_healthz_is_503_when_migrations_are_missing(client, db, monkeypatch):
    from sendhub import views

    monkeypatch.setattr(views.MigrationExecutor, "migration_plan", lambda self, targets: [("sendhub", "9999_new")])
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["migrations"] == "1 unapplied"


def test_healthz_is_503_when_the_cache_does_not_answer(client, db, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    from django.core.cache import caches

    caches._settings = None  # rebuilt from the new setting
    try:
        response = client.get("/healthz")
    finally:
        caches._settings = None
    assert response.status_code == 503 and response.json()["cache"] == "error"


def _manifest_storage(settings, static_root) -> None:
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "sendhub.staticfiles.ManifestStaticFilesStorage"},
    }


def test_healthz_is_503_with_the_reason_when_the_static_manifest_is_missing(client, db, settings, tmp_path):
    _manifest_storage(settings, tmp_path)  # production storage, and collectstatic never ran
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"] == "no static manifest: run collectstatic, then restart"


def test_healthz_is_200_when_the_static_manifest_holds_the_stylesheet(client, db, settings, tmp_path):
    import json

    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "sendhub.0123456789ab.css").write_text("body{}")
    manifest = {"paths": {"build/sendhub.css": "build/sendhub.0123456789ab.css"}, "version": "1.1", "hash": "x"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    _manifest_storage(settings, tmp_path)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["static"] == "ok"


def test_the_smoke_test_error_route_is_a_404_unless_switched_on(client, db):
    response = client.get("/smoke-test/error/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_switched_on_the_smoke_test_error_route_shows_the_gov_uk_500_page(db, settings):
    from django.test import Client

    settings.SMOKE_TEST_ERROR_ROUTE = True
    response = Client(raise_request_exception=False).get("/smoke-test/error/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html and 'class="govuk-template__body"' in html


def test_every_file_the_compiled_stylesheet_points_at_is_built_beside_it():
    """collectstatic's manifest storage fails on a url() whose file is missing (issue 14)."""
    from django.conf import settings

    root = settings.BASE_DIR / "static"
    css = (root / "build" / "sendhub.css").read_text()
    urls = [url for url in re.findall(r"url\(\"?([^\")]+)\"?\)", css) if not url.startswith("data:")]
    assert urls, "GOV.UK Frontend's stylesheet uses images"
    missing = [url for url in urls if not (root / url.removeprefix(settings.STATIC_URL)).is_file()]
    assert missing == [], "run `npm run build`: it copies GOV.UK Frontend's images to static/build/images/"
