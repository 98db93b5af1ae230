"""Build a data set at the scale of a tenth of a county, a county or England, for benchmarks."""

from __future__ import annotations

import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from sendhub.models import LocalAuthority
from sendhub.scale import SIZES, ScaleContext


class Command(BaseCommand):
    help = (
        "Add invented records at scale on top of the demo world (PostgreSQL only): "
        "--size tenth, county or national. Safe to run again; a bigger size tops up a smaller one."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), required=True)

    def handle(self, *args, size: str, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_scale makes invented data: it refuses to run with DJANGO_ENV=production.")
        if connection.vendor != "postgresql":
            raise CommandError(
                "seed_scale needs PostgreSQL: set DATABASE_URL=postgres://... (SQLite would take hours)."
            )
        if not LocalAuthority.objects.filter(code="990").exists():
            call_command("seed_demo", verbosity=0)
        ctx = ScaleContext(size=SIZES[size], today=timezone.localdate())
        started = time.monotonic()
        # Each app that has a scale part adds it, in INSTALLED_APPS order (core first).
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.scale")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.scale":
                    raise
                continue
            part_started = time.monotonic()
            module.seed(ctx)
            for line in ctx.log:
                self.stdout.write(f"  {config.label}: {line}")
            ctx.log.clear()
            self.stdout.write(f"{config.label} done in {time.monotonic() - part_started:.0f}s")
        with connection.cursor() as cursor:
            # VACUUM as well where it can run (not inside a transaction, as in tests): tables just
            # bulk-inserted and updated have no visibility map and dead rows until autovacuum
            # comes, and queries would read the heap that a steady-state database's would not.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Scale data set '{size}' ready in {time.monotonic() - started:.0f}s"))
