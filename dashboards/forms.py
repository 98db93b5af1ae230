"""The dashboard's filters (django-filter): academic year, school, district and need, kept in the URL."""

from __future__ import annotations

import csv
import io
from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from dashboards.scope import Scope
from dashboards.selectors import Filters
from pupils.models import Pupil
from sendhub.codes import Need
from sendhub.dates import academic_year
from sendhub.forms import GDSForm
from sendhub.models import District, School


def year_choices(today) -> list[tuple[str, str]]:
    start = int(academic_year(today)[:4])
    return [(f"{y}/{(y + 1) % 100:02d}", f"{y}/{(y + 1) % 100:02d}") for y in range(start, start - 5, -1)]


class DashboardFilter(django_filters.FilterSet):
    """Only its form is used: the figures apply the cleaned values to each of their querysets."""

    year = django_filters.ChoiceFilter(label="Academic year", method="keep", empty_label=None)
    school = django_filters.ModelChoiceFilter(label="School", queryset=School.objects.none(), empty_label="All schools")
    district = django_filters.ModelChoiceFilter(
        label="District", queryset=District.objects.none(), empty_label="All districts", method="keep"
    )
    need = django_filters.ChoiceFilter(
        label="Primary need", choices=Need.choices, empty_label="All needs", method="keep"
    )

    class Meta:
        model = Pupil
        fields: list[str] = []

    def __init__(self, data: Any, *, scope: Scope, today, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        super().__init__(data, queryset=Pupil.objects.none(), **kwargs)
        self.scope = scope
        self.filters["year"].extra["choices"] = year_choices(today)
        schools = School.objects.filter(scope.schools()).only("pk", "name").order_by("name")
        self.filters["school"].queryset = schools
        if scope.kind == "la":
            self.filters["district"].queryset = District.objects.filter(local_authority=scope.org).order_by("name")
        else:
            self.filters["district"].queryset = District.objects.filter(pk__in=schools.values("district"))

    def field_choices(self) -> list[tuple[Any, list[tuple[Any, str]]]]:
        """Each field with its options: the schools and districts from the scope's lists (read once
        per page and shared with the figures), not a query per select."""
        lists = {"school": self.scope.school_names, "district": self.scope.district_names}
        fields = []
        for field in self.form:
            if field.name in lists:
                choices = [("", field.field.empty_label), *lists[field.name]]
            else:
                choices = list(field.field.choices)
            fields.append((field, choices))
        return fields

    def keep(self, queryset, name, value):
        return queryset

    def values(self, today) -> Filters:
        form = self.form
        cleaned = form.cleaned_data if form.is_valid() else {}
        return Filters(
            year=cleaned.get("year") or academic_year(today),
            school=cleaned["school"].pk if cleaned.get("school") else None,
            district=cleaned["district"].pk if cleaned.get("district") else None,
            need=cleaned.get("need") or "",
        )


# --- The published timeliness file -----------------------------------------------------------

# The columns the importer expects (README "Dashboards": the file's layout).
REQUIRED_COLUMNS = [
    "time_period",
    "geographic_level",
    "region_code",
    "region_name",
    "old_la_code",
    "la_name",
    "exceptions",
    "ehcp_issued",
    "ehcp_issued_within_20_weeks",
]
LEVELS = {"National", "Regional", "Local authority"}
EXCEPTIONS = {"Including exceptions": "including", "Excluding exceptions": "excluding"}


def read_timeliness_csv(raw: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows grouped by (year, level, region, LA), or the problems a person can fix in the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ["The file must be a CSV file saved as UTF-8"]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"]
    grouped: dict[tuple, dict[str, Any]] = {}
    problems: list[str] = []
    for number, row in enumerate(reader, start=2):
        level = row["geographic_level"].strip()
        if level not in LEVELS:
            continue  # other levels (e.g. local authority district) are not used
        period = row["time_period"].strip()
        kind = EXCEPTIONS.get(row["exceptions"].strip())
        if not (period.isdigit() and len(period) == 4):
            problems.append(f"Row {number}: time_period must be a calendar year like 2024")
            continue
        if kind is None:
            problems.append(f"Row {number}: exceptions must be 'Including exceptions' or 'Excluding exceptions'")
            continue
        code = row["old_la_code"].strip()
        if level == "Local authority" and not (code.isdigit() and len(code) == 3):
            problems.append(f"Row {number}: old_la_code must be 3 digits for a local authority")
            continue
        try:
            issued = _count(row["ehcp_issued"])
            within = _count(row["ehcp_issued_within_20_weeks"])
        except ValueError:
            problems.append(f"Row {number}: ehcp_issued and ehcp_issued_within_20_weeks must be whole numbers")
            continue
        if issued is not None and within is not None and within > issued:
            problems.append(f"Row {number}: more plans within 20 weeks than plans issued")
            continue
        key = (int(period), level, row["region_code"].strip(), code if level == "Local authority" else "")
        entry = grouped.setdefault(
            key,
            {
                "calendar_year": key[0],
                "geographic_level": level,
                "region_code": key[2],
                "region_name": row["region_name"].strip(),
                "la_code": key[3],
                "la_name": row["la_name"].strip(),
            },
        )
        entry[f"plans_{kind}_exceptions"] = issued
        entry[f"within_20_weeks_{kind}_exceptions"] = within
    if not grouped and not problems:
        problems.append("The file has no national, regional or local authority rows")
    return list(grouped.values()), problems


def _count(value: str) -> int | None:
    value = value.strip().replace(",", "")
    if value in ("", "c", "x", "z", "u", "low"):
        return None  # suppressed or not available in the published file
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class TimelinessUploadForm(GDSForm):
    file = forms.FileField(
        label="Upload the local authority EHC plan timeliness file",
        help_text="The CSV file from the Explore Education Statistics release "
        "“Education, health and care plans” (local authority level timeliness)",
        error_messages={"required": "Choose the CSV file to upload"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The file must be a CSV file")
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError("The file must be smaller than 20MB")
        rows, problems = read_timeliness_csv(upload.read())
        if problems:
            raise forms.ValidationError(problems[:5])
        self.rows = rows
        return upload


def now():
    return timezone.now()


class StatisticalNeighboursForm(GDSForm):
    codes = forms.CharField(
        label="Statistical neighbours' old LA codes, closest first",
        help_text="Up to 10 three-digit codes separated by commas or new lines, as the DfE's children's "
        "services statistical neighbour benchmarking tool lists them, for example 991, 992, 993",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the old LA codes of the authority's statistical neighbours"},
    )

    def __init__(self, *args: Any, la_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.la_code = la_code

    def clean_codes(self) -> list[str]:
        from dashboards.neighbours import known_codes, neighbour_problems, parse_codes

        codes = parse_codes(self.cleaned_data["codes"])
        problems = neighbour_problems(self.la_code, codes, known_codes())
        if problems:
            raise forms.ValidationError(problems)
        return codes
