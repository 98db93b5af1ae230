"""`seed_demo` builds the invented world with the documented accounts, and is safe to run twice."""

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from sendhub.access import reach
from sendhub.demo import DEMO_PASSWORD
from sendhub.models import Agency, Role, School, User

DEMO_ACCOUNTS = {
    "senco.a@example.org": Role.SENCO,
    "senco.b@example.org": Role.SENCO,
    "coordinator@example.org": Role.HUB_COORDINATOR,
    "panel@example.org": Role.PANEL_MEMBER,
    "la.officer@example.org": Role.LA_OFFICER,
    "trust.lead@example.org": Role.TRUST_SEND_LEAD,
    "parent@example.org": Role.PARENT,
    "admin@example.org": Role.ADMINISTRATOR,
}


@pytest.fixture
def seeded(db):
    call_command("seed_demo", verbosity=0)


@pytest.mark.parametrize("email, role", DEMO_ACCOUNTS.items())
def test_each_demo_account_signs_in_with_the_demo_password_and_holds_its_role(seeded, rf, email, role):
    user = authenticate(rf.post("/accounts/login/"), username=email, password=DEMO_PASSWORD)
    assert user is not None
    assert role in reach(user).roles


def test_the_demo_world_has_the_shapes_of_the_seeds(seeded):
    a = User.objects.get(email="senco.a@example.org").memberships.get().school
    b = User.objects.get(email="senco.b@example.org").memberships.get().school
    assert a.phase == School.Phase.PRIMARY and a.sen_unit_capacity == 14
    assert a.district != b.district and a.trust != b.trust and a.local_authority == b.local_authority
    trust_lead = User.objects.get(email="trust.lead@example.org").memberships.get()
    assert trust_lead.trust == a.trust
    assert a.trust.schools.filter(is_special=True).exists(), "the trust has a special school anchor"
    coordinator = User.objects.get(email="coordinator@example.org").memberships.get()
    assert coordinator.district == a.district
    panel = User.objects.get(email="panel@example.org").memberships.get()
    assert panel.agency == Agency.HEALTH and panel.district == a.district


def test_running_seed_demo_twice_changes_nothing(seeded):
    counts = {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if not m._meta.label.startswith(("sendhub.AuditEvent", "axes.", "sessions.", "admin."))
        and "Historical" not in m.__name__
    }
    call_command("seed_demo", verbosity=0)
    again = {label: apps.get_model(label)._default_manager.count() for label in counts}
    assert again == counts


def test_seed_demo_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run with DJANGO_ENV=production"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize("day", ["2028-02-29", "2027-08-31"])
def test_seed_demo_builds_the_world_on_any_day_of_the_year(db, day):
    """The demo's dates are relative to today: a leap day or the last day of a school year must not break them."""
    import time_machine

    with time_machine.travel(f"{day} 09:00:00+00:00", tick=False):
        call_command("seed_demo", verbosity=0)
    assert User.objects.filter(email="senco.a@example.org").exists()
