"""Hostile input on every form: whatever is sent, the portal answers with a page, never a 500.

For each route whose POST some persona may use, the first such persona opens the page, reads
the form's own fields, and sends them back filled with what a careless or malicious user might
type: text far beyond any limit, NUL bytes and markup, dates that do not exist, numbers out of
range or not numbers at all, and choices that are not on the list. Each answer must be a page
(with its error summary) or a redirect; an unhandled error fails the test with its traceback.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from tests.routes import MATRIX
from tests.test_access_matrix import world  # noqa: F401  (the module-scoped demo world)
from tests.world import PERSONAS

ALLOWED = {200, 302}
SKIP_FIELDS = {"csrfmiddlewaretoken"}


class _FormFields(HTMLParser):
    """The named fields of the page's forms: name -> (kind, options)."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, tuple[str, list[str]]] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and name not in SKIP_FIELDS:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset"}:
                return
            options = self.fields.get(name, (kind, []))[1]
            if kind in {"radio", "checkbox"} and a.get("value") is not None:
                options.append(a["value"])
            self.fields[name] = (kind, options)
        elif tag == "textarea" and name:
            self.fields[name] = ("textarea", [])
        elif tag == "select" and name:
            self._select = name
            self.fields[name] = ("select", [])
        elif tag == "option" and self._select and a.get("value") is not None:
            self.fields[self._select][1].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _payloads(fields: dict[str, tuple[str, list[str]]]) -> dict[str, dict]:
    def build(text, number, date_part, choice, upload):
        data = {}
        for name, (kind, options) in fields.items():
            if kind == "file":
                data[name] = upload()
            elif kind in {"radio", "checkbox", "select"}:
                data[name] = choice(options)
            elif kind == "number" or name.endswith(("-day", "-month", "-year", "_0", "_1", "_2")):
                data[name] = date_part(name) if name.endswith(("-day", "-month", "-year", "_0", "_1", "_2")) else number
            else:
                data[name] = text
        return data

    def impossible_date(name):
        return {"day": "31", "month": "2", "year": "2025"}.get(name.rsplit("-", 1)[-1], "31")

    return {
        "far too long": build(
            "é" * 70_000,
            "9" * 40,
            lambda n: "9" * 40,
            lambda o: "x" * 5_000,
            lambda: SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 200, content_type="application/pdf"),
        ),
        "markup and NUL": build(
            "<script>alert(1)</script>\x00'; DROP TABLE pupils_pupil; --",
            "-1",
            lambda n: "\x00",
            lambda o: "\x00",
            lambda: SimpleUploadedFile("x.png", b"<?php ?>", content_type="image/png"),
        ),
        "impossible dates, odd numbers": build(
            "  ",
            "1e309",
            impossible_date,
            lambda o: o[-1] if o else "1",
            lambda: SimpleUploadedFile("empty.pdf", b"", content_type="application/octet-stream"),
        ),
        "unicode digits and zero dates": build(
            "\u202eevil\u200b",
            "１２",
            lambda n: "0",
            lambda o: "-1",
            lambda: SimpleUploadedFile("a" * 300 + ".jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
        ),
    }


def _cases():
    for name, route in sorted(MATRIX.items()):
        if any(status in ALLOWED for status in route.post.values()):
            yield name


@pytest.mark.parametrize("name", list(_cases()))
def test_hostile_form_input_is_answered_with_a_page(name, world, client, db):  # noqa: F811
    route = MATRIX[name]
    for kwargs, expectations in route.pages(world):
        persona = next((p for p in PERSONAS if expectations.post.get(p) in ALLOWED), None)
        if persona is None:
            continue
        url = reverse(name, kwargs=kwargs) + (f"?{route.query}" if route.query else "")
        user = world.users[persona]
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(url)
        parser = _FormFields()
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parser.feed(page.content.decode())
        for label, data in _payloads(parser.fields).items():
            with transaction.atomic():
                response = client.post(url, data)
                transaction.set_rollback(True)
            assert response.status_code < 500, f"POST {url} as {persona} with {label}: {response.status_code}"
