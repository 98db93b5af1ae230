"""Import pupils from a school information system's CSV export: check every row, then all or nothing."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from pupils.models import Pupil, PupilImport, date_of_birth_problem, need_problems
from pupils.records.models import year_group_problem
from pupils.records.upn import normalise_upn, upn_problem
from sendhub import access, audit
from sendhub.codes import Need, SENProvision, YearGroup
from sendhub.errors import DomainError
from sendhub.models import School, User

MAX_ROWS = 5000
IMPORT_FIELDS = (
    "upn",
    "legal_first_name",
    "legal_last_name",
    "preferred_first_name",
    "preferred_last_name",
    "date_of_birth",
    "year_group",
    "taught_out_of_year_group",
    "sen_provision",
    "primary_need",
    "secondary_need",
)
REQUIRED_COLUMNS = ("upn", "legal_first_name", "legal_last_name", "date_of_birth", "year_group", "sen_provision")
COLUMN_LABELS = {
    "upn": "UPN",
    "legal_first_name": "Forename",
    "legal_last_name": "Surname",
    "date_of_birth": "Date of birth",
    "year_group": "Year",
    "taught_out_of_year_group": "Taught out of year group",
    "sen_provision": "SEN provision",
    "primary_need": "Primary need",
    "secondary_need": "Secondary need",
    "preferred_first_name": "Preferred forename",
    "preferred_last_name": "Preferred surname",
}
# The names school information systems give these columns, folded to lower case without spaces or punctuation.
HEADER_ALIASES = {
    "upn": "upn",
    "uniquepupilnumber": "upn",
    "surname": "legal_last_name",
    "legalsurname": "legal_last_name",
    "lastname": "legal_last_name",
    "legallastname": "legal_last_name",
    "familyname": "legal_last_name",
    "forename": "legal_first_name",
    "legalforename": "legal_first_name",
    "firstname": "legal_first_name",
    "legalfirstname": "legal_first_name",
    "givenname": "legal_first_name",
    "preferredforename": "preferred_first_name",
    "preferredfirstname": "preferred_first_name",
    "preferredsurname": "preferred_last_name",
    "preferredlastname": "preferred_last_name",
    "dob": "date_of_birth",
    "dateofbirth": "date_of_birth",
    "birthdate": "date_of_birth",
    "year": "year_group",
    "yeargroup": "year_group",
    "ncyear": "year_group",
    "ncyearactual": "year_group",
    "nationalcurriculumyear": "year_group",
    "taughtoutofyeargroup": "taught_out_of_year_group",
    "outofyeargroup": "taught_out_of_year_group",
    "senprovision": "sen_provision",
    "senstatus": "sen_provision",
    "sen": "sen_provision",
    "primaryneed": "primary_need",
    "senneed1": "primary_need",
    "needtype1": "primary_need",
    "primarysentype": "primary_need",
    "secondaryneed": "secondary_need",
    "senneed2": "secondary_need",
    "needtype2": "secondary_need",
    "secondarysentype": "secondary_need",
}
_YEAR_WORDS = {"reception": "R", "rec": "R", "nursery1": "N1", "nursery2": "N2"}
_PROVISION_WORDS = {
    "ehcplan": "E",
    "ehcp": "E",
    "statement": "E",
    "sensupport": "K",
    "nosen": "N",
    "none": "N",
    "": "N",
}
_NEED_LABELS = {re.sub(r"[^a-z]", "", label.lower()): code for code, label in Need.choices}
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as older exports are."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _year(value: str) -> str | None:
    folded = _fold(value)
    folded = _YEAR_WORDS.get(folded, folded)
    if folded.startswith("year"):
        folded = folded[4:]
    elif folded.startswith("y") and folded[1:].isdigit():
        folded = folded[1:]
    candidate = folded.upper() if not folded.isdigit() else str(int(folded))
    return candidate if candidate in YearGroup.values else None


_YES = {"yes", "y", "true", "1"}
_NO = {"", "no", "n", "false", "0"}


def _provision(value: str) -> str | None:
    upper = value.strip().upper()
    if upper in SENProvision.values:
        return upper
    return _PROVISION_WORDS.get(_fold(value))


def _need(value: str) -> str | None:
    if not value.strip():
        return ""
    upper = value.strip().upper()
    if upper in Need.values:
        return upper
    return _NEED_LABELS.get(re.sub(r"[^a-z]", "", value.lower()))


def _date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def check_row(raw: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One row's values in the portal's terms, and what is wrong with them, in plain words."""
    errors: list[str] = []
    values: dict[str, Any] = {}
    upn = normalise_upn(raw.get("upn", ""))
    problem = upn_problem(upn)
    if problem:
        errors.append(problem)
    values["upn"] = upn
    for name in ("legal_first_name", "legal_last_name", "preferred_first_name", "preferred_last_name"):
        value = raw.get(name, "").strip()
        if len(value) > 100:
            errors.append(f"{COLUMN_LABELS[name]} must be 100 characters or fewer")
        values[name] = value[:100]
    for name in ("legal_first_name", "legal_last_name"):
        if not values[name]:
            errors.append(f"Enter the pupil's {COLUMN_LABELS[name].lower()}")
    born = _date(raw.get("date_of_birth", ""))
    if born is None:
        errors.append("Date of birth must be a real date, like 27/03/2017")
    elif problem := date_of_birth_problem(born, today=timezone.localdate()):
        errors.append(problem)
    values["date_of_birth"] = born.isoformat() if born else ""
    year = _year(raw.get("year_group", ""))
    if year is None:
        errors.append("Year must be a national curriculum year: N1, N2, R or 1 to 14")
    values["year_group"] = year or raw.get("year_group", "")[:10]
    flag = _fold(raw.get("taught_out_of_year_group", ""))
    if flag not in _YES | _NO:
        errors.append("Taught out of year group must be Yes, No or empty")
    values["taught_out_of_year_group"] = flag in _YES
    if born is not None and year is not None:
        if problem := year_group_problem(
            born, year, today=timezone.localdate(), taught_out=values["taught_out_of_year_group"]
        ):
            errors.append(
                problem.replace("confirm that the pupil", "say in the Taught out of year group column if the pupil")
            )
    provision = _provision(raw.get("sen_provision", ""))
    if provision is None:
        errors.append("SEN provision must be E (EHC plan), K (SEN support) or N (no SEN)")
    values["sen_provision"] = provision or ""
    for name in ("primary_need", "secondary_need"):
        need = _need(raw.get(name, ""))
        if need is None:
            errors.append(f"{COLUMN_LABELS[name]} must be a census need code, like SLCN or ASD")
        values[name] = need or ""
    if provision is not None:
        errors += [m for m in need_problems(provision, values["primary_need"], values["secondary_need"]).values()]
    return values, errors


def parse(raw: bytes) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows of a CSV file with their problems, and problems with the file as a whole."""
    text = decode(raw)
    if not text.strip():
        return [], ["The selected file is empty"]
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return [], ["The file could not be read as a CSV"]
    columns: dict[int, str] = {}
    for index, name in enumerate(header):
        field = HEADER_ALIASES.get(_fold(name))
        if field and field not in columns.values():
            columns[index] = field
    missing = [COLUMN_LABELS[f] for f in REQUIRED_COLUMNS if f not in columns.values()]
    if missing:
        return [], [f"The file has no column for: {', '.join(missing)}. The first row must name the columns"]
    rows: list[dict[str, Any]] = []
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                return [], [f"The file has more than {MAX_ROWS} pupils: split it into smaller files"]
            raw_row = {field: (cells[index] if index < len(cells) else "") for index, field in columns.items()}
            values, errors = check_row(raw_row)
            rows.append({"row": number, "values": values, "errors": errors, "action": "add"})
    except csv.Error as exc:
        return [], [f"The file could not be read as a CSV: {exc}"]
    if not rows:
        return [], ["The file has no pupils in it"]
    return rows, []


def _check_against_portal(rows: list[dict[str, Any]], school: School) -> None:
    """Mark rows that update a pupil of this school, and refuse UPNs repeated or held by another school."""
    seen: dict[str, int] = {}
    for row in rows:
        upn = row["values"]["upn"]
        if upn in seen:
            row["errors"].append(f"This UPN is also on row {seen[upn]}")
        else:
            seen[upn] = row["row"]
    holders = dict(Pupil.objects.filter(upn__in=list(seen)).values_list("upn", "school_id"))
    for row in rows:
        holder = holders.get(row["values"]["upn"])
        if holder is None:
            row["action"] = "add"
        elif holder == school.pk:
            row["action"] = "update"
        else:
            row["action"] = "add"
            row["errors"].append(
                "A pupil with this UPN is on another school's roll: ask the local authority to move their record"
            )


@transaction.atomic
def import_check(*, actor: User, school: School, filename: str, raw: bytes) -> PupilImport:
    """Check a file and keep the result for the preview. Nothing is imported yet."""
    if not access.may_at_school(actor, school, "pupil", access.EDIT):
        raise DomainError("You cannot import pupils onto this school's roll", field="school")
    rows, file_errors = parse(raw)
    if rows:
        _check_against_portal(rows, school)
    return PupilImport.objects.create(
        school=school, uploaded_by=actor, filename=filename[:200], rows=rows, file_errors=file_errors
    )


@transaction.atomic
def import_confirm(*, actor: User, batch: PupilImport) -> PupilImport:
    """Import every row of a checked file, or none of them."""
    batch = PupilImport.objects.select_for_update().get(pk=batch.pk)
    if not access.may_at_school(actor, batch.school, "pupil", access.EDIT):
        raise DomainError("You cannot import pupils onto this school's roll")
    if batch.status == PupilImport.Status.IMPORTED:
        raise DomainError("This file has already been imported")
    # The portal may have changed since the check: check again before writing anything.
    rows = [{**row, "errors": list(row["errors"])} for row in batch.rows]
    _check_against_portal(rows, batch.school)
    if batch.file_errors or any(row["errors"] for row in rows) or not rows:
        raise DomainError("Some rows have problems, so nothing has been imported. Correct the file and upload it again")
    existing = {
        p.upn: p
        for p in Pupil.objects.select_for_update().filter(
            school=batch.school, upn__in=[r["values"]["upn"] for r in rows]
        )
    }
    new, changed = [], []
    for row in rows:
        values = {**row["values"], "date_of_birth": date.fromisoformat(row["values"]["date_of_birth"])}
        pupil = existing.get(values["upn"])
        if pupil is None:
            new.append(Pupil(school=batch.school, **values))
        else:
            for name, value in values.items():
                setattr(pupil, name, value)
            changed.append(pupil)
    try:
        with transaction.atomic():
            audit.bulk_create_with_audit(Pupil, new, actor)
            if changed:
                audit.bulk_update_with_audit(Pupil, changed, [f for f in IMPORT_FIELDS if f != "upn"], actor)
    except IntegrityError:
        raise DomainError("Another import added some of these pupils a moment ago. Upload the file again") from None
    batch.status = PupilImport.Status.IMPORTED
    batch.imported_at = timezone.now()
    batch.added, batch.updated = len(new), len(changed)
    batch.save(update_fields=["status", "imported_at", "added", "updated"])
    return batch
