"""Demo figures for the dashboards (all invented): census-day snapshots for the last three
academic years, an invented copy of the published LA-level timeliness file and invented
statistical neighbours for Wessex, so that the trends and the benchmarks have something to show.
Counts only; no pupil."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db.models import Count, Q
from django.utils import timezone

from dashboards.forms import read_timeliness_csv
from dashboards.models import CensusSnapshot, StatisticalNeighbour
from dashboards.neighbours import known_codes, read_neighbours_csv
from dashboards.services import census_days, statistical_neighbours_import, timeliness_import
from pupils.models import Pupil
from sendhub.dates import academic_year
from sendhub.demo import DemoWorld

DEMO_FILE = Path(__file__).parent / "data" / "ehcp_timeliness_demo.csv"
# Wessex's invented statistical neighbours, all in the demo timeliness file.
NEIGHBOURS_FILE = Path(__file__).parent / "data" / "statistical_neighbours_demo.csv"


def seed(world: DemoWorld) -> None:
    today = timezone.localdate()
    counts = {
        row["school_id"]: row
        for row in Pupil.objects.order_by()
        .values("school_id")
        .annotate(
            e=Count("pk", filter=Q(sen_provision="E")),
            k=Count("pk", filter=Q(sen_provision="K")),
            n=Count("pk", filter=Q(sen_provision="N")),
        )
    }
    days: list[tuple[date, str]] = []
    for year in range(today.year - 3, today.year + 1):
        days += [(day, term) for day, term in census_days(year).items() if day < today]
    oldest = int(academic_year(today)[:4]) - 2
    days = [(day, term) for day, term in days if int(academic_year(day)[:4]) >= oldest]
    rows = []
    for steps_back, (day, term) in enumerate(sorted(days, reverse=True)):
        for school_id, row in counts.items():
            # Fewer plans and more SEN support further back, as the national trend went the other way.
            rows.append(
                CensusSnapshot(
                    school_id=school_id,
                    taken_on=day,
                    academic_year=academic_year(day),
                    term=term,
                    ehc_plan=max(0, row["e"] - steps_back // 2),
                    sen_support=row["k"] + steps_back // 3,
                    no_sen=row["n"],
                )
            )
    CensusSnapshot.objects.bulk_create(rows, ignore_conflicts=True)
    published, problems = read_timeliness_csv(DEMO_FILE.read_bytes())
    if not problems:
        timeliness_import(rows=published, filename=DEMO_FILE.name)
    if not StatisticalNeighbour.objects.exists():
        neighbours, problems = read_neighbours_csv(NEIGHBOURS_FILE.read_bytes(), known_codes())
        if not problems:
            statistical_neighbours_import(neighbours=neighbours)
