"""Build the invented demo world. Safe to run twice; refuses to run in production."""

from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from sendhub.demo import DEMO_PASSWORD, DemoWorld
from sendhub.models import Notification


class Command(BaseCommand):
    help = "Create or refresh the invented demo organisations, accounts and records."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo makes invented demo data and accounts: it refuses to run with DJANGO_ENV=production."
            )
        world = DemoWorld()
        # The demo's own notices (a referral submitted, a meeting scheduled...) are recorded in
        # the outbox like any other, but delivered to memory rather than printed at a first run.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            # Each app that has demo data adds it, in INSTALLED_APPS order (core first).
            for config in apps.get_app_configs():
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(world)
            # People start the demo with nothing unread: the notices the demo's own story
            # produced (referrals sent, meetings arranged) are history, not news.
            Notification.objects.filter(read_at__isnull=True).update(read_at=timezone.now())
        accounts = ", ".join(sorted(user.email for user in world.users.values()))
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Accounts (password {DEMO_PASSWORD}): {accounts}"))
