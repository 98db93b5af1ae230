"""The SEN2 timeliness figures per school and year, kept by PostgreSQL triggers (issue 19).

The timeliness page counted every plan the authority ever issued on each request. Here each
(school, year) row holds the counts of the plans issued that year to the school's pupils, and
statement triggers recount the rows a statement touches: assessments written (their request or
issue date, their pupil), exceptions added or removed, pupils moving school. A recount takes a
transaction-scoped advisory lock on its row first, then counts from a fresh snapshot (READ
COMMITTED), so two transactions never leave a count that misses the other's rows. SQLite has no
such triggers: there the page counts live (pupils.ehc.selectors.timeliness_by_year).
"""

import django.db.models.deletion
from django.db import migrations, models

# "Within 20 weeks" (reg 13(2)): issued on or before the request date plus 140 days.
_EXCEPTED = "EXISTS (SELECT 1 FROM pupils_ehcexception e WHERE e.assessment_id = a.id)"
_IN_TIME = "a.final_issued_on - a.request_received_on <= 140"
_COUNTS = f"""
    count(*),
    count(*) FILTER (WHERE {_IN_TIME}),
    count(*) FILTER (WHERE NOT {_EXCEPTED}),
    count(*) FILTER (WHERE {_IN_TIME} AND NOT {_EXCEPTED})
"""

CREATE = f"""
CREATE OR REPLACE FUNCTION pupils_ehc_timeliness_refresh(p_school bigint, p_year integer) RETURNS void AS $$
DECLARE
    n_plans integer; n_in_time integer; n_without integer; n_in_time_without integer;
BEGIN
    IF p_school IS NULL OR p_year IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('pupils_ehc_timeliness'), hashtext(p_school::text || ':' || p_year::text));
    SELECT {_COUNTS} INTO n_plans, n_in_time, n_without, n_in_time_without
      FROM pupils_ehcassessment a JOIN pupils_pupil p ON p.id = a.pupil_id
     WHERE p.school_id = p_school
       AND a.final_issued_on >= make_date(p_year, 1, 1) AND a.final_issued_on < make_date(p_year + 1, 1, 1);
    IF n_plans = 0 THEN
        DELETE FROM pupils_ehctimelinesscount WHERE school_id = p_school AND year = p_year;
    ELSE
        INSERT INTO pupils_ehctimelinesscount
               (school_id, year, plans, in_time, plans_without_exception, in_time_without_exception)
        VALUES (p_school, p_year, n_plans, n_in_time, n_without, n_in_time_without)
        ON CONFLICT (school_id, year) DO UPDATE SET
            plans = EXCLUDED.plans, in_time = EXCLUDED.in_time,
            plans_without_exception = EXCLUDED.plans_without_exception,
            in_time_without_exception = EXCLUDED.in_time_without_exception;
    END IF;
END $$ LANGUAGE plpgsql;

-- Assessments: the rows' (school, year) before and after the statement.
CREATE OR REPLACE FUNCTION pupils_ehc_timeliness_on_assessment() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM r.final_issued_on)::integer AS year
              FROM new_rows r JOIN pupils_pupil p ON p.id = r.pupil_id WHERE r.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM r.final_issued_on)::integer AS year
              FROM old_rows r JOIN pupils_pupil p ON p.id = r.pupil_id WHERE r.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    ELSE
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM r.final_issued_on)::integer AS year
              FROM (SELECT n.pupil_id, n.final_issued_on FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.final_issued_on IS DISTINCT FROM o.final_issued_on
                        OR n.request_received_on IS DISTINCT FROM o.request_received_on
                        OR n.pupil_id IS DISTINCT FROM o.pupil_id
                    UNION ALL
                    SELECT o.pupil_id, o.final_issued_on FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.final_issued_on IS DISTINCT FROM o.final_issued_on
                        OR n.request_received_on IS DISTINCT FROM o.request_received_on
                        OR n.pupil_id IS DISTINCT FROM o.pupil_id) r
              JOIN pupils_pupil p ON p.id = r.pupil_id WHERE r.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Exceptions: the (school, year) of their assessments, if issued.
CREATE OR REPLACE FUNCTION pupils_ehc_timeliness_on_exception() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM a.final_issued_on)::integer AS year
              FROM new_rows r JOIN pupils_ehcassessment a ON a.id = r.assessment_id
              JOIN pupils_pupil p ON p.id = a.pupil_id WHERE a.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM a.final_issued_on)::integer AS year
              FROM old_rows r JOIN pupils_ehcassessment a ON a.id = r.assessment_id
              JOIN pupils_pupil p ON p.id = a.pupil_id WHERE a.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    ELSE
        PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
            SELECT DISTINCT p.school_id, EXTRACT(YEAR FROM a.final_issued_on)::integer AS year
              FROM (SELECT n.assessment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.assessment_id IS DISTINCT FROM o.assessment_id
                    UNION ALL
                    SELECT o.assessment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE n.assessment_id IS DISTINCT FROM o.assessment_id) r
              JOIN pupils_ehcassessment a ON a.id = r.assessment_id
              JOIN pupils_pupil p ON p.id = a.pupil_id WHERE a.final_issued_on IS NOT NULL
             ORDER BY 1, 2) c;
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

-- Pupils moving school: their issued plans leave one school's rows for another's.
CREATE OR REPLACE FUNCTION pupils_ehc_timeliness_on_pupil() RETURNS trigger AS $$
BEGIN
    PERFORM pupils_ehc_timeliness_refresh(c.school_id, c.year) FROM (
        SELECT DISTINCT s.school_id, EXTRACT(YEAR FROM a.final_issued_on)::integer AS year
          FROM (SELECT n.id, n.school_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n.school_id IS DISTINCT FROM o.school_id
                UNION ALL
                SELECT o.id, o.school_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                 WHERE n.school_id IS DISTINCT FROM o.school_id) s
          JOIN pupils_ehcassessment a ON a.pupil_id = s.id WHERE a.final_issued_on IS NOT NULL
         ORDER BY 1, 2) c;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ehc_timeliness_assessment_insert AFTER INSERT ON pupils_ehcassessment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_assessment();
CREATE TRIGGER ehc_timeliness_assessment_update AFTER UPDATE ON pupils_ehcassessment
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_assessment();
CREATE TRIGGER ehc_timeliness_assessment_delete AFTER DELETE ON pupils_ehcassessment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_assessment();
CREATE TRIGGER ehc_timeliness_exception_insert AFTER INSERT ON pupils_ehcexception
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_exception();
CREATE TRIGGER ehc_timeliness_exception_update AFTER UPDATE ON pupils_ehcexception
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_exception();
CREATE TRIGGER ehc_timeliness_exception_delete AFTER DELETE ON pupils_ehcexception
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_exception();
CREATE TRIGGER ehc_timeliness_pupil_update AFTER UPDATE ON pupils_pupil
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pupils_ehc_timeliness_on_pupil();

-- The rows for the plans already issued.
INSERT INTO pupils_ehctimelinesscount
       (school_id, year, plans, in_time, plans_without_exception, in_time_without_exception)
SELECT p.school_id, EXTRACT(YEAR FROM a.final_issued_on)::integer, {_COUNTS}
  FROM pupils_ehcassessment a JOIN pupils_pupil p ON p.id = a.pupil_id
 WHERE a.final_issued_on IS NOT NULL
 GROUP BY 1, 2;
"""

DROP = """
DROP TRIGGER IF EXISTS ehc_timeliness_assessment_insert ON pupils_ehcassessment;
DROP TRIGGER IF EXISTS ehc_timeliness_assessment_update ON pupils_ehcassessment;
DROP TRIGGER IF EXISTS ehc_timeliness_assessment_delete ON pupils_ehcassessment;
DROP TRIGGER IF EXISTS ehc_timeliness_exception_insert ON pupils_ehcexception;
DROP TRIGGER IF EXISTS ehc_timeliness_exception_update ON pupils_ehcexception;
DROP TRIGGER IF EXISTS ehc_timeliness_exception_delete ON pupils_ehcexception;
DROP TRIGGER IF EXISTS ehc_timeliness_pupil_update ON pupils_pupil;
DROP FUNCTION IF EXISTS pupils_ehc_timeliness_on_assessment();
DROP FUNCTION IF EXISTS pupils_ehc_timeliness_on_exception();
DROP FUNCTION IF EXISTS pupils_ehc_timeliness_on_pupil();
DROP FUNCTION IF EXISTS pupils_ehc_timeliness_refresh(bigint, integer);
DELETE FROM pupils_ehctimelinesscount;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0012_ehc_caseload_indexes"),
        ("sendhub", "0008_prepared_download"),
    ]

    operations = [
        migrations.CreateModel(
            name="EHCTimelinessCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField()),
                ("plans", models.PositiveIntegerField(default=0)),
                ("in_time", models.PositiveIntegerField(default=0)),
                ("plans_without_exception", models.PositiveIntegerField(default=0)),
                ("in_time_without_exception", models.PositiveIntegerField(default=0)),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sendhub.school"
                    ),
                ),
            ],
            options={
                "verbose_name": "EHC timeliness count",
                "constraints": [models.UniqueConstraint(fields=("school", "year"), name="timeliness_count_once")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
