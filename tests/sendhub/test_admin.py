"""The Django admin is for staff: every registered model's list, for every persona."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.world import PERSONAS, build_world


@pytest.fixture
def world(db):
    return build_world()


def test_every_admin_list_is_for_administrators_only(client, world):
    urls = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]
    failures = []
    for persona in PERSONAS:
        user = world.users[persona]
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            status = client.get(url).status_code
            expected = 200 if persona == "admin" else 302
            if status != expected:
                failures.append(f"{url} as {persona}: {status}")
    assert not failures, "\n".join(failures)
