"""`manage.py bench_reminders`: time the EHC reminder sweep on this database, twice, then undo it.

Run after `seed_scale --size tenth|county|national` (PostgreSQL). Prints, for the first run and the
second: seconds, statements sent to the database, peak memory of this process (RSS, MB), and
notices written; and each run's slowest statements with their time (`--slowest N`). Each run ends by
checking the deferred foreign keys of what it wrote (what its commit would do), so that time counts.
Everything is then rolled back, so it can be run again on the same data.

`--plans 640000` first adds that many invented EHC plans with their annual reviews (one INSERT ...
SELECT over generate_series each, spread over the schools already there, a case officer of the
school's authority named on 19 in 20), inside the same rolled-back transaction: the national size in
minutes where seed_scale's national build takes hours on a busy 2-core machine.
"""

from __future__ import annotations

import resource
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from pupils.ehc.reminders import ehc_reminders_send
from pupils.ehc.services import plan_review_due_refresh
from pupils.models import EHCPlan


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the EHC reminder sweep twice (first and second run) and roll it back."

    def add_arguments(self, parser):
        parser.add_argument("--plans", type=int, default=0, help="invented plans to add first (PostgreSQL)")
        parser.add_argument(
            "--explain", action="store_true", help="print EXPLAIN ANALYZE of each INSERT and UPDATE (PostgreSQL)"
        )
        parser.add_argument("--slowest", type=int, default=8, help="how many of each run's slowest statements to print")

    def handle(self, *args, **options):
        today = timezone.localdate()
        rows = []
        timings: list[tuple[float, str]] = []

        def count(execute, sql, params, many, context):
            if options["explain"] and sql.startswith(("INSERT", "UPDATE")):
                # The plan, then the statement run inside EXPLAIN ANALYZE (its row count is not the sweep's).
                cursor = context["cursor"].cursor
                self.stdout.write(f"  {' '.join(sql.split())[:120]}")
                for explain in ("EXPLAIN ", "EXPLAIN (ANALYZE, BUFFERS) "):
                    cursor.execute(explain + sql, params)
                    self.stdout.write("    " + "\n    ".join(row[0] for row in cursor.fetchall()), ending="\n\n")
                    self.stdout.flush()
                return None
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timings.append((time.perf_counter() - started, " ".join(sql.split())))

        try:
            with transaction.atomic():
                if options["plans"]:
                    started = time.perf_counter()
                    _generate(options["plans"])
                    self.stdout.write(f"Generated {options['plans']:,} plans in {time.perf_counter() - started:.0f}s")
                plans = EHCPlan.objects.count()
                with connection.execute_wrapper(count):
                    for run in ("first", "second"):
                        timings.clear()
                        started = time.perf_counter()
                        written = ehc_reminders_send(today=today)
                        with connection.cursor() as cursor:  # the deferred foreign key checks of a commit
                            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                        seconds = time.perf_counter() - started
                        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                        rows.append((run, seconds, len(timings), peak, written))
                        self.stdout.write(f"{run} run, slowest statements:")
                        for took, sql in sorted(timings, reverse=True)[: options["slowest"]]:
                            self.stdout.write(f"  {took:6.2f}s  {sql[:160]}")
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"EHC reminder sweep, {plans:,} plans, {connection.vendor}")
        self.stdout.write("| run | seconds | queries | peak memory (MB) | notices written |")
        self.stdout.write("| --- | --- | --- | --- | --- |")
        for run, seconds, queries, peak, written in rows:
            self.stdout.write(f"| {run} | {seconds:.1f} | {queries} | {peak:.0f} | {written:,} |")


def _generate(count: int) -> None:
    """Invented pupils with EHC plans, and their yearly reviews (8 in 100 plans miss the latest one)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_school ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) n, id, "
            "local_authority_id FROM sendhub_school"
        )
        cursor.execute("SELECT count(*) FROM bench_school")
        schools = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO pupils_pupil (upn, legal_first_name, legal_last_name, preferred_first_name, "
            "preferred_last_name, date_of_birth, year_group, sen_provision, primary_need, secondary_need, "
            "created_at, school_id, taught_out_of_year_group, support_cost) SELECT '#' || lpad(g::text, 12, '0'), "
            "'Benchgen', 'Pupil ' || g, '', '', date '2014-01-01' + (g %% 3000), '6', 'E', 'ASD', '', now(), s.id, "
            "false, 0 "
            "FROM generate_series(1, %s) g JOIN bench_school s ON s.n = 1 + g %% %s",
            [count, schools],
        )
        cursor.execute(
            "INSERT INTO pupils_ehcplan (issued_on, transfer_to_post16, pupil_id, case_officer_id) "
            "SELECT current_date - 35 - (p.id %% 2150)::int, false, p.id, "
            "CASE WHEN p.id %% 20 = 0 THEN NULL ELSE o.user_id END "
            "FROM pupils_pupil p JOIN sendhub_school s ON s.id = p.school_id "
            "LEFT JOIN (SELECT local_authority_id, min(user_id) user_id FROM sendhub_membership "
            "WHERE role = 'la_officer' GROUP BY 1) o ON o.local_authority_id = s.local_authority_id "
            "WHERE p.legal_first_name = 'Benchgen'",
            [],
        )
        cursor.execute(
            "INSERT INTO pupils_annualreview (meeting_on, is_phase_transfer, report_sent_on, decision, decision_on, "
            "created_by_id, plan_id) "
            "SELECT m.meeting_on, false, m.meeting_on + 10, 'maintain', m.meeting_on + 21, "
            "(SELECT min(id) FROM sendhub_user), m.plan_id FROM ("
            "  SELECT e.id plan_id, (e.issued_on + k * 365 - (e.id %% 20)::int) meeting_on, k, "
            "  ((current_date - 35 - e.issued_on) / 365) last_k, e.id %% 100 < 8 skips "
            "  FROM pupils_ehcplan e JOIN pupils_pupil p ON p.id = e.pupil_id AND p.legal_first_name = 'Benchgen' "
            "  CROSS JOIN LATERAL generate_series(1, (current_date - 35 - e.issued_on) / 365) k"
            ") m WHERE NOT (m.skips AND m.k = m.last_k)",
            [],
        )
        plan_review_due_refresh(plans=EHCPlan.objects.filter(pupil__legal_first_name="Benchgen"))
        cursor.execute("ANALYZE pupils_pupil; ANALYZE pupils_ehcplan; ANALYZE pupils_annualreview")
