"""The production path, for real: gunicorn with DJANGO_ENV=production, DEBUG off, collected static
files, PostgreSQL, Redis, a Celery worker and beat. Run by `make test-production`."""

from __future__ import annotations

import re
import time

import pytest
from http_client import Session, forms
from signing_in import sign_in

PASSWORD = "demo-sendhub"  # README "Demo accounts"

# Each demo account and the main pages of its role (README "Demo accounts"); every other link
# on the person's home page is visited too.
MAIN_PAGES = {
    "senco.a@example.org": ["/", "/pupils/", "/hubs/", "/referrals/"],
    "senco.b@example.org": ["/", "/pupils/", "/hubs/", "/referrals/"],
    "head.a@example.org": ["/", "/hubs/", "/consultations/manage/"],
    "coordinator@example.org": ["/", "/hubs/", "/meetings/", "/referrals/", "/referrals/inbox/"],
    "panel@example.org": ["/", "/hubs/", "/meetings/", "/referrals/"],
    "panel.education@example.org": ["/", "/hubs/", "/meetings/", "/referrals/"],
    "panel.socialcare@example.org": ["/", "/hubs/", "/meetings/", "/referrals/"],
    "la.officer@example.org": ["/", "/pupils/", "/hubs/", "/consultations/manage/", "/hubs/schools/import/"],
    "trust.lead@example.org": ["/", "/pupils/", "/hubs/", "/consultations/manage/"],
    "parent@example.org": ["/", "/pupils/", "/referrals/"],
    "admin@example.org": ["/", "/pupils/", "/hubs/", "/meetings/", "/referrals/", "/consultations/manage/", "/admin/"],
}

GOVUK_PAGE = 'class="govuk-template__body"'
HASHED_CSS = re.compile(r'href="(/static/build/sendhub\.[0-9a-f]{12}\.css)"')


def links(html: str) -> set[str]:
    """Same-site page links (not static files, not fragments)."""
    found = set(re.findall(r'href="(/[^"#?]*)', html))
    return {path for path in found if not path.startswith("/static/")}


@pytest.fixture
def session(base_url) -> Session:
    return Session(base_url)


def test_healthz_is_200_and_every_part_is_ok(session):
    response = session.get("/healthz")
    assert response.status == 200, response.text
    assert response.json() | {"status": "ok"} == response.json()
    assert {key: value for key, value in response.json().items() if value != "ok"} == {}


@pytest.mark.parametrize("email", list(MAIN_PAGES))
def test_each_demo_account_signs_in_and_gets_its_main_pages(base_url, email):
    # Each person from an address of their own, as nginx would forward it.
    session = Session(base_url, client_address=f"198.51.100.{list(MAIN_PAGES).index(email) + 20}")
    home = sign_in(session, email, PASSWORD)
    assert home.status == 200 and home.url.endswith("/"), (home.status, home.url)
    assert "Sign out" in home.text, f"{email} is not signed in"
    pages = set(MAIN_PAGES[email]) | links(home.text)
    assert set(MAIN_PAGES[email]) <= links(home.text) | {"/", "/admin/"}, "a main page is missing from the home page"
    failures = {}
    for path in sorted(pages):
        response = session.get(path)
        if response.status != 200 or GOVUK_PAGE not in response.text and not path.startswith("/admin/"):
            failures[path] = response.status
    assert failures == {}, f"{email}: pages that did not answer 200 with a GOV.UK page: {failures}"


def test_a_missing_page_is_the_gov_uk_404_with_debug_off(session):
    response = session.get("/no-such-page/")
    assert response.status == 404
    assert GOVUK_PAGE in response.text and "Page not found" in response.text
    assert HASHED_CSS.search(response.text), "the 404 page links the hashed stylesheet"
    assert "Using the URLconf" not in response.text  # Django's DEBUG page


def test_a_server_error_is_the_gov_uk_500_with_debug_off(session):
    response = session.get("/smoke-test/error/")
    assert response.status == 500
    assert GOVUK_PAGE in response.text and "Sorry, there is a problem with the service" in response.text
    assert HASHED_CSS.search(response.text), "the 500 page links the hashed stylesheet"
    assert "Traceback" not in response.text and "SmokeTestError" not in response.text


def test_static_files_are_served_with_hashed_names_and_cached_for_a_year(session):
    page = session.get("/accounts/login/")
    stylesheet = HASHED_CSS.search(page.text).group(1)
    css = session.get(stylesheet)
    assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    max_age = int(re.search(r"max-age=(\d+)", css.headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 60 * 60 and "immutable" in css.headers["Cache-Control"]
    # Every url() of the stylesheet was rewritten to a hashed file that is there.
    urls = re.findall(r"url\(\"?([^\")]+)\"?\)", css.text)
    assert urls, "the stylesheet refers to GOV.UK Frontend's images"
    for url in urls:
        if url.startswith("data:"):
            continue
        assert re.search(r"\.[0-9a-f]{12}\.", url), f"{url} is not hashed"
        assert session.get(url if url.startswith("/") else "/static/build/" + url).status == 200, url
    scripts = re.findall(r'src="(/static/[^"]+\.js)"', page.text)
    assert scripts and all(re.search(r"\.[0-9a-f]{12}\.js$", src) for src in scripts), scripts


def test_the_portal_says_to_stay_on_https(session):
    response = session.get("/accounts/login/")
    assert int(re.search(r"max-age=(\d+)", response.headers["Strict-Transport-Security"]).group(1)) > 0
    assert any(cookie.secure for cookie in session.cookies), "cookies are marked Secure"


GIAS_HEADER = (
    "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),"
    "EstablishmentStatus (name),PhaseOfEducation (name),Postcode,Trusts (code),Trusts (name),"
    "TypeOfResourcedProvision (name),ResourcedProvisionOnRoll,ResourcedProvisionCapacity,SenUnitOnRoll,SenUnitCapacity"
)


def test_an_upload_is_imported_by_the_celery_worker_and_the_page_shows_the_result(base_url):
    session = Session(base_url, client_address="198.51.100.99")
    assert sign_in(session, "admin@example.org", PASSWORD).status == 200
    upload = session.get("/hubs/schools/import/")
    form = next(f for f in forms(upload.text) if "file" in f.names)
    row = "999901,990,Wessex,2901,Smoke Test Primary School,Community school,Open,Primary,ZZ99 9ZZ,,,Not applicable,,,,"
    extract = f"{GIAS_HEADER}\r\n{row}\r\n".encode("cp1252")
    result = session.submit(upload, form, {}, files={"file": ("edubasealldata20261101.csv", extract, "text/csv")})
    assert result.status == 200 and "/hubs/schools/import/" in result.url, (result.status, result.url)
    # The worker (not the web process: the broker is Redis) imports it; the page says when it is done.
    deadline = time.monotonic() + 60
    while "govuk-tag--green" not in result.text:
        assert "govuk-tag--red" not in result.text, "the import failed"
        assert time.monotonic() < deadline, "the Celery worker did not import the file within a minute"
        time.sleep(1)
        result = session.get(result.url)
    assert "Done" in result.text
