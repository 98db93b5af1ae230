"""`manage.py bench_reminders`: time the EHC reminder sweep on this database, twice, then undo it.

Run after `seed_scale --size tenth|county|national` (PostgreSQL). Prints, for the first run and the
second: seconds, statements sent to the database, peak memory of this process (RSS, MB), and
notices written. Everything is rolled back, so it can be run again on the same data.
"""

from __future__ import annotations

import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from pupils.ehc.reminders import ehc_reminders_send
from pupils.models import EHCPlan


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the EHC reminder sweep twice (first and second run) and roll it back."

    def handle(self, *args, **options):
        today = timezone.localdate()
        plans = EHCPlan.objects.count()
        rows = []
        statements = [0]

        def count(execute, sql, params, many, context):
            statements[0] += 1
            return execute(sql, params, many, context)

        try:
            with transaction.atomic(), connection.execute_wrapper(count):
                for run in ("first", "second"):
                    statements[0] = 0
                    started = time.perf_counter()
                    written = ehc_reminders_send(today=today)
                    seconds = time.perf_counter() - started
                    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                    rows.append((run, seconds, statements[0], peak, written))
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"EHC reminder sweep, {plans:,} plans, {connection.vendor}")
        self.stdout.write("| run | seconds | queries | peak memory (MB) | notices written |")
        self.stdout.write("| --- | --- | --- | --- | --- |")
        for run, seconds, queries, peak, written in rows:
            self.stdout.write(f"| {run} | {seconds:.1f} | {queries} | {peak:.0f} | {written:,} |")
