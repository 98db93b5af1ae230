"""An authority's statistical neighbours: recorded by old LA code, read from a CSV, and shown beside
the authority's published EHC plan timeliness with their average.

The DfE's children's services statistical neighbour benchmarking tool lists ten neighbours per
authority; the portal downloads nothing, so an officer records them (a form, or
`manage.py import_statistical_neighbours`).
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.db.models import Q

from dashboards.models import PublishedTimeliness, StatisticalNeighbour
from dashboards.scope import Scope
from dashboards.tables import Cell, Measure, Row, Table
from sendhub.models import LocalAuthority

MAX_NEIGHBOURS = 10
NEIGHBOUR_COLUMNS = ["la_code", "neighbour_code", "rank"]
LA = "Local authority"

NEIGHBOURS_MEASURE = Measure(
    "Benchmarks: region, England and statistical neighbours",
    "published new EHC plans issued within 20 weeks (including and excluding exceptions) for the "
    "authority, its region, England and each statistical neighbour; the neighbours' average is the "
    "mean of the neighbours' published percentages (neighbours with a suppressed figure left out)",
    "new EHC plans issued, as published",
    "calendar years in the imported file",
    "the imported Explore Education Statistics file; neighbours recorded by an officer",
)


def known_codes() -> set[str]:
    """Old LA codes the portal knows: the imported published file's authorities and its own."""
    published = PublishedTimeliness.objects.filter(geographic_level=LA).values_list("la_code", flat=True)
    return set(published) | set(LocalAuthority.objects.values_list("code", flat=True))


def parse_codes(text: str) -> list[str]:
    return [code for code in re.split(r"[\s,;]+", text.strip()) if code]


def neighbour_problems(la_code: str, codes: list[str], known: set[str]) -> list[str]:
    """What is wrong with a list of neighbours' codes (closest first), as a person can fix it."""
    problems = []
    bad = [c for c in codes if not (c.isdigit() and len(c) == 3)]
    if bad:
        problems.append(f"Enter each old LA code as 3 digits, like 990 (not {', '.join(bad[:3])})")
    if len(codes) > MAX_NEIGHBOURS:
        problems.append(f"Enter at most {MAX_NEIGHBOURS} statistical neighbours")
    if la_code in codes:
        problems.append(f"An authority is not its own statistical neighbour: remove {la_code}")
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        problems.append(f"Enter each neighbour once ({', '.join(repeated)} more than once)")
    unknown = [c for c in codes if c.isdigit() and len(c) == 3 and c not in known]
    if unknown:
        problems.append(
            f"{', '.join(unknown[:5])} {'is not an old LA code' if len(unknown) == 1 else 'are not old LA codes'} "
            "in the imported timeliness file or of an authority the portal knows"
        )
    return problems


def read_neighbours_csv(raw: bytes, known: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Neighbours by authority (closest first) from a CSV of la_code, neighbour_code, rank."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, ["The file must be a CSV file saved as UTF-8"]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in NEIGHBOUR_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return {}, [f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"]
    ranked: dict[str, dict[int, str]] = {}
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        la_code, code, rank = (row[c].strip() for c in NEIGHBOUR_COLUMNS)
        if not (la_code.isdigit() and len(la_code) == 3):
            problems.append(f"Row {number}: la_code must be 3 digits")
            continue
        if la_code not in known:
            problems.append(f"Row {number}: la_code {la_code} is not an authority the portal knows")
            continue
        if not (rank.isdigit() and 1 <= int(rank) <= MAX_NEIGHBOURS):
            problems.append(f"Row {number}: rank must be a whole number from 1 to {MAX_NEIGHBOURS}")
            continue
        if int(rank) in ranked.setdefault(la_code, {}):
            problems.append(f"Row {number}: {la_code} already has a neighbour ranked {rank}")
            continue
        ranked[la_code][int(rank)] = code
    neighbours = {la: [codes[r] for r in sorted(codes)] for la, codes in ranked.items()}
    for la_code, codes in neighbours.items():
        problems += [f"{la_code}: {p}" for p in neighbour_problems(la_code, codes, known)]
    if not neighbours and not problems:
        problems.append("The file has no statistical neighbours")
    return neighbours, problems


def neighbours_of(la_code: str) -> list[str]:
    return list(
        StatisticalNeighbour.objects.filter(la_code=la_code).order_by("rank").values_list("neighbour_code", flat=True)
    )


def timeliness_benchmarks(scope: Scope) -> Table | None:
    """2 queries: the neighbours, then the published rows for the authority, them, regions and England.

    Per calendar year (latest first): the authority, its statistical neighbours' average, its
    region, England, then each neighbour, closest first."""
    if scope.kind != "la":
        return None
    own = scope.org.code
    neighbours = neighbours_of(own)
    published = list(
        PublishedTimeliness.objects.filter(
            Q(geographic_level="National")
            | Q(geographic_level="Regional")
            | Q(geographic_level=LA, la_code__in=[own, *neighbours])
        ).order_by("-calendar_year", "geographic_level", "la_name")
    )
    by_year: dict[int, dict[str, Any]] = {}
    for r in published:
        year = by_year.setdefault(r.calendar_year, {"own": None, "regions": {}, "england": None, "neighbours": {}})
        if r.geographic_level == "National":
            year["england"] = r
        elif r.geographic_level == "Regional":
            year["regions"][r.region_code] = r
        elif r.la_code == own:
            year["own"] = r
        else:
            year["neighbours"][r.la_code] = r
    rows: list[Row] = []
    for calendar_year in sorted(by_year, reverse=True):
        year = by_year[calendar_year]
        if year["own"] is None and not neighbours:
            continue
        region = year["regions"].get(year["own"].region_code) if year["own"] else None
        if year["own"]:
            rows.append(_row(year["own"].la_name, calendar_year, year["own"]))
        if neighbours:
            rows.append(_average_row(calendar_year, [year["neighbours"].get(c) for c in neighbours]))
        if region:
            rows.append(_row(region.region_name, calendar_year, region))
        if year["england"]:
            rows.append(_row("England", calendar_year, year["england"]))
        for rank, code in enumerate(neighbours, start=1):
            found = year["neighbours"].get(code)
            name = found.la_name if found else f"Old LA code {code}"
            rows.append(_row(f"Neighbour {rank}: {name}", calendar_year, found))
    if not rows:
        return None
    return Table(
        "benchmarks",
        "Published EHC plan timeliness: the authority beside its statistical neighbours, region and England",
        ["Calendar year", "Within 20 weeks (including exceptions)", "Within 20 weeks (excluding exceptions)"],
        rows,
        chart_column=2,
        first_heading="Area",
        note="From the published local-authority-level file an officer imported (Explore Education Statistics); "
        "statistical neighbours as recorded for the authority"
        + (f" ({len(neighbours)})." if neighbours else ": none recorded yet."),
    )


def _row(label: str, calendar_year: int, r: PublishedTimeliness | None) -> Row:
    return Row(
        label,
        [
            Cell(calendar_year, "text"),
            Cell(r.percent_including if r else None, "percent"),
            Cell(r.percent_excluding if r else None, "percent"),
        ],
    )


def _average_row(calendar_year: int, found: list[PublishedTimeliness | None]) -> Row:
    def mean(values: list[float | None]) -> float | None:
        known = [v for v in values if v is not None]
        return sum(known) / len(known) if known else None

    return Row(
        "Statistical neighbours' average",
        [
            Cell(calendar_year, "text"),
            Cell(mean([r.percent_including if r else None for r in found]), "percent"),
            Cell(mean([r.percent_excluding if r else None for r in found]), "percent"),
        ],
    )
