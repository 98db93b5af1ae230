"""Pupil counts per school, provision, needs and parent meetings year, kept by PostgreSQL triggers (issue 19).

The pupil list's exact count and the dashboards' SEN profile counted every pupil in an authority
on each request (60,000 at county size). Here each PupilCount row holds how many pupils of one
school have one (SEN provision, primary need, secondary need, parent meetings year), and of them
how many have fewer than 3 meetings counted that year and how many have support costing more
than £6,000. AFTER INSERT/UPDATE/DELETE statement triggers with transition tables add each
statement's changes, grouped: +1 for every new row's values, -1 for every old row's, through
INSERT ... ON CONFLICT DO UPDATE (row locks, taken in key order, serialise concurrent writers
without lost updates). An UPDATE that changes none of the counted values (a name, a date of
birth) writes nothing. The rows are filled from the pupils once the triggers exist, in the same
transaction (CREATE TRIGGER holds off concurrent writes to the pupils until it commits). SQLite
has no such triggers: there the figures are always counted live.

The thresholds (3 meetings, £6,000) are frozen here: pupils.records.models.COUNTED_MEETINGS_TARGET
and COUNTED_COST_THRESHOLD, which a test compares with PARENT_MEETINGS_PER_YEAR and
NOTIONAL_SEN_BUDGET_THRESHOLD.

Also: a partial index for "SEN support reviews overdue", the one SEN profile figure that depends
on today's date and so is still counted from the pupils (those whose review date has passed).
"""

import django.db.models.deletion
from django.db import migrations, models

_KEY = "school_id, sen_provision, primary_need, secondary_need, meetings_year"
# A pupil row's key and counted values; `r` is the row, `sign` +1 (new values) or -1 (old).
_VALUES = """r.school_id, r.sen_provision, r.primary_need, r.secondary_need,
             COALESCE(r.parent_meetings_year, 0) AS meetings_year, {sign} AS pupils,
             CASE WHEN r.parent_meetings_count < 3 THEN {sign} ELSE 0 END AS under_meetings_target,
             CASE WHEN r.support_cost > 6000 THEN {sign} ELSE 0 END AS over_cost_threshold"""


def _counted_change(new: str, old: str) -> str:
    """Whether a pupil's new row moves it between counts: what an UPDATE must touch to count."""
    values = (
        "{t}.school_id, {t}.sen_provision, {t}.primary_need, {t}.secondary_need, {t}.parent_meetings_year,"
        " {t}.parent_meetings_count < 3, {t}.support_cost > 6000"
    )
    return f"({values.format(t=new)}) IS DISTINCT FROM ({values.format(t=old)})"


def _apply(rows: str) -> str:
    """Add the grouped changes in `rows` (a query of _VALUES) to the kept counts."""
    return f"""
        INSERT INTO pupils_pupilcount AS c ({_KEY}, pupils, under_meetings_target, over_cost_threshold)
        SELECT {_KEY}, sum(pupils), sum(under_meetings_target), sum(over_cost_threshold)
          FROM ({rows}) d
         GROUP BY {_KEY}
        HAVING sum(pupils) <> 0 OR sum(under_meetings_target) <> 0 OR sum(over_cost_threshold) <> 0
         ORDER BY {_KEY}
        ON CONFLICT ({_KEY}) DO UPDATE SET
            pupils = c.pupils + EXCLUDED.pupils,
            under_meetings_target = c.under_meetings_target + EXCLUDED.under_meetings_target,
            over_cost_threshold = c.over_cost_threshold + EXCLUDED.over_cost_threshold;"""


_NEW = f"SELECT {_VALUES.format(sign=1)} FROM new_rows r"
_OLD = f"SELECT {_VALUES.format(sign=-1)} FROM old_rows r"
# An UPDATE: the rows whose counted values changed, +1 for their new values and -1 for their old.
_UPDATED = f"""SELECT {_VALUES.format(sign=1)} FROM new_rows r JOIN old_rows o ON o.id = r.id
                WHERE {_counted_change("r", "o")}
               UNION ALL
               SELECT {_VALUES.format(sign=-1)} FROM old_rows r JOIN new_rows n ON n.id = r.id
                WHERE {_counted_change("n", "r")}"""

CREATE = f"""
CREATE OR REPLACE FUNCTION pupils_pupil_counts_on_pupil() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(_NEW)}
    ELSIF TG_OP = 'DELETE' THEN
        {_apply(_OLD)}
    ELSE
        {_apply(_UPDATED)}
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER pupil_counts_insert AFTER INSERT ON pupils_pupil
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_pupil_counts_on_pupil();
CREATE TRIGGER pupil_counts_update AFTER UPDATE ON pupils_pupil
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pupils_pupil_counts_on_pupil();
CREATE TRIGGER pupil_counts_delete AFTER DELETE ON pupils_pupil
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pupils_pupil_counts_on_pupil();

-- The counts of the pupils already recorded.
DELETE FROM pupils_pupilcount;
INSERT INTO pupils_pupilcount ({_KEY}, pupils, under_meetings_target, over_cost_threshold)
SELECT {_KEY}, sum(pupils), sum(under_meetings_target), sum(over_cost_threshold)
  FROM (SELECT {_VALUES.format(sign=1)} FROM pupils_pupil r) d
 GROUP BY {_KEY};
"""

DROP = """
DROP TRIGGER IF EXISTS pupil_counts_insert ON pupils_pupil;
DROP TRIGGER IF EXISTS pupil_counts_update ON pupils_pupil;
DROP TRIGGER IF EXISTS pupil_counts_delete ON pupils_pupil;
DROP FUNCTION IF EXISTS pupils_pupil_counts_on_pupil();
DELETE FROM pupils_pupilcount;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("pupils", "0015_merge_list_ehc_dashboard_indexes"),
        ("sendhub", "0008_prepared_download"),
    ]

    operations = [
        migrations.CreateModel(
            name="PupilCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "sen_provision",
                    models.CharField(choices=[("E", "EHC plan"), ("K", "SEN support"), ("N", "No SEN")], max_length=1),
                ),
                ("primary_need", models.CharField(blank=True, max_length=4)),
                ("secondary_need", models.CharField(blank=True, max_length=4)),
                ("meetings_year", models.PositiveSmallIntegerField()),
                ("pupils", models.IntegerField(default=0)),
                ("under_meetings_target", models.IntegerField(default=0)),
                ("over_cost_threshold", models.IntegerField(default=0)),
                (
                    "school",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sendhub.school"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("school", "sen_provision", "primary_need", "secondary_need", "meetings_year"),
                        name="pupil_count_once",
                    )
                ],
            },
        ),
        migrations.AddIndex(
            model_name="pupil",
            index=models.Index(
                condition=models.Q(("sen_provision", "K"), ("support_review_due__isnull", False)),
                fields=["support_review_due", "school", "primary_need"],
                name="pupil_support_review_due",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
