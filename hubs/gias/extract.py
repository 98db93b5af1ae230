"""Reading the GIAS establishment extract (`edubasealldataYYYYMMDD.csv`), without the database.

Public extracts come in Windows-1252 or UTF-8 and have over a hundred columns; the portal
reads the few it needs and checks each row, giving a reason a person understands for every
row it cannot use.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sendhub.errors import DomainError
from sendhub.models import School

REQUIRED_COLUMNS = (
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
)
OPTIONAL_COLUMNS = (
    "Trusts (code)",
    "Trusts (name)",
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity",
    "SenUnitOnRoll",
    "SenUnitCapacity",
)
# The portal's phase labels are GIAS's own names.
PHASES = {label.lower(): value for value, label in School.Phase.choices}
RESOURCED_PROVISION = {
    "": School.ResourcedProvision.NONE,
    "not applicable": School.ResourcedProvision.NONE,
    "resourced provision": School.ResourcedProvision.RESOURCED_PROVISION,
    "sen unit": School.ResourcedProvision.SEN_UNIT,
    "resourced provision and sen unit": School.ResourcedProvision.BOTH,
}
# "Open" in the portal means taking pupils now: a school proposed to open is not open yet.
OPEN_STATUSES = {"open": True, "open, but proposed to close": True, "closed": False, "proposed to open": False}
# Told (rows read so far, rows in the file) as reading goes on: the command's progress bar.
Progress = Callable[[int, int], None]
_DIGITS = re.compile(r"[0-9]+")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SkippedRow:
    row: int
    urn: str
    reason: str


@dataclass
class GiasImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    closed_not_added: int = 0
    authorities_created: int = 0
    trusts_created: int = 0
    trusts_updated: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    dry_run: bool = False

    def skipped_as_json(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.skipped]


@dataclass(slots=True)
class GiasRow:
    """One establishment, checked and in the portal's terms."""

    row: int
    urn: str
    la_code: str
    la_name: str
    laestab: str
    name: str
    establishment_type: str
    is_open: bool
    closed: bool
    phase: str
    is_special: bool
    trust_code: str
    trust_name: str
    resourced_provision: str
    resourced_provision_on_roll: int | None
    resourced_provision_capacity: int | None
    sen_unit_on_roll: int | None
    sen_unit_capacity: int | None


def encoding_of(raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, as public extracts have been.

    Checked in chunks, so a 60MB extract is not held twice in memory as text.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    try:
        for start in range(0, len(raw), _CHUNK):
            decoder.decode(view[start : start + _CHUNK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def decode(raw: bytes) -> str:
    return raw.decode(encoding_of(raw), errors="replace")


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


def _without_bom(header: list[str]) -> list[str]:
    """A UTF-8 byte-order mark can survive in a file that is otherwise Windows-1252."""
    if header:
        header = [header[0].removeprefix("\ufeff").removeprefix("ï»¿"), *header[1:]]
    return header


def header_problem(header: list[str]) -> str | None:
    """What is wrong with a header row, in words a person can act on; None if it is a GIAS extract."""
    present = {_fold(name) for name in header}
    missing = [name for name in REQUIRED_COLUMNS if _fold(name) not in present]
    if not missing:
        return None
    if len(missing) == len(REQUIRED_COLUMNS):
        return (
            "The file is not a GIAS establishment extract: its first row must name the columns, "
            "including URN, LA (code) and EstablishmentName"
        )
    return f"The file is missing the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"


def check_header_bytes(head: bytes) -> str | None:
    """Check the first line of an uploaded file before it is queued (the form uses this)."""
    if not head.strip():
        return "The file is empty"
    if b"\x00" in head:
        return "The file must be a CSV"
    try:
        header = next(csv.reader([decode(head).splitlines()[0]]))
    except (csv.Error, StopIteration):
        return "The file must be a CSV"
    return header_problem(_without_bom(header))


def _count(value: str) -> int | None:
    """A number of places or pupils; blank or not a whole number is "not known"."""
    value = value.strip()
    return int(value) if _DIGITS.fullmatch(value) and len(value) <= 6 else None


def _check_row(line: int, values: dict[str, str]) -> GiasRow | SkippedRow:
    urn = values["urn"].strip()
    if not urn:
        return SkippedRow(line, "", "No URN")
    if not (_DIGITS.fullmatch(urn) and len(urn) == 6):
        return SkippedRow(line, urn[:20], f"The URN “{urn[:20]}” is not 6 digits")

    def skip(reason: str) -> SkippedRow:
        return SkippedRow(line, urn, reason)

    la_code = values["la (code)"].strip()
    if not (_DIGITS.fullmatch(la_code) and len(la_code) == 3):
        return skip(f"The local authority code “{la_code[:20]}” is not 3 digits")
    number = values["establishmentnumber"].strip()
    if not number:
        return skip(
            "No establishment number (GIAS gives none to children's centres and some other "
            "establishments), so it has no LAESTAB"
        )
    if not _DIGITS.fullmatch(number):
        return skip(f"The establishment number “{number[:20]}” is not a number")
    if len(number.lstrip("0")) > 4:
        return skip(f"The establishment number “{number}” has more than 4 digits")
    name = values["establishmentname"].strip()
    if not name:
        return skip("No establishment name")
    if len(name) > 200:
        return skip("The establishment name is longer than 200 characters")
    establishment_type = values["typeofestablishment (name)"].strip()
    if len(establishment_type) > 120:
        return skip("The type of establishment is longer than 120 characters")
    status = values["establishmentstatus (name)"].strip()
    if _fold(status) not in OPEN_STATUSES:
        return skip(f"The establishment status “{status[:60]}” is not one GIAS uses")
    phase = values["phaseofeducation (name)"].strip()
    if _fold(phase) not in PHASES:
        return skip(f"The phase of education “{phase[:60]}” is not one GIAS uses")
    provision = values.get("typeofresourcedprovision (name)", "").strip()
    if _fold(provision) not in RESOURCED_PROVISION:
        return skip(f"The type of resourced provision “{provision[:60]}” is not one GIAS uses")
    la_name = values["la (name)"].strip()
    if len(la_name) > 150:
        return skip("The local authority name is longer than 150 characters")
    trust_code, trust_name = values.get("trusts (code)", "").strip(), values.get("trusts (name)", "").strip()
    if len(trust_code) > 20:
        return skip(f"The trust code “{trust_code[:20]}…” is longer than 20 characters")
    if len(trust_name) > 200:
        return skip("The trust name is longer than 200 characters")
    return GiasRow(
        row=line,
        urn=urn,
        la_code=la_code,
        la_name=la_name,
        laestab=f"{la_code}{int(number):04d}",
        name=name,
        establishment_type=establishment_type,
        is_open=OPEN_STATUSES[_fold(status)],
        closed=_fold(status) == "closed",
        phase=PHASES[_fold(phase)],
        is_special="special" in establishment_type.lower(),
        trust_code=trust_code,
        trust_name=trust_name,
        resourced_provision=RESOURCED_PROVISION[_fold(provision)],
        resourced_provision_on_roll=_count(values.get("resourcedprovisiononroll", "")),
        resourced_provision_capacity=_count(values.get("resourcedprovisioncapacity", "")),
        sen_unit_on_roll=_count(values.get("senunitonroll", "")),
        sen_unit_capacity=_count(values.get("senunitcapacity", "")),
    )


def read_extract(raw: bytes, *, progress: Progress | None = None) -> tuple[list[GiasRow], list[SkippedRow]]:
    """Every row of the extract, checked: rows to import, and rows skipped with the reason.

    Raises DomainError when the file as a whole cannot be used (empty, not CSV, not GIAS).
    """
    if not raw.strip():
        raise DomainError("The file is empty")
    if b"\x00" in raw:
        raise DomainError("The file must be a CSV")
    total = max(raw.count(b"\n"), 1)
    # Decoded as it is read: the real extract is some 60MB.
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding_of(raw), errors="replace", newline="")
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except csv.Error as error:
        raise DomainError(f"The file is not a CSV file we can read: {error}") from None
    header = _without_bom(header)
    problem = header_problem(header)
    if problem:
        raise DomainError(problem)
    # Only the columns the portal uses: the real extract has over a hundred.
    wanted = {_fold(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
    columns = [(index, _fold(name)) for index, name in enumerate(header) if _fold(name) in wanted]
    rows: list[GiasRow] = []
    skipped: list[SkippedRow] = []
    seen: dict[str, int] = {}
    count = 0
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            values: dict[str, str] = defaultdict(str)
            for index, key in columns:
                if index < len(cells):
                    values[key] = cells[index]
            checked = _check_row(reader.line_num, values)
            if isinstance(checked, GiasRow):
                if checked.urn in seen:
                    reason = f"URN {checked.urn} is also on row {seen[checked.urn]}"
                    checked = SkippedRow(checked.row, checked.urn, reason)
                else:
                    seen[checked.urn] = checked.row
            (rows if isinstance(checked, GiasRow) else skipped).append(checked)
            if progress and count % 500 == 0:
                progress(reader.line_num - 1, total)
    except csv.Error as error:
        raise DomainError(f"Row {reader.line_num} of the file is not valid CSV: {error}") from None
    if not count:
        raise DomainError("The file has no schools in it: it has a header row and nothing else")
    if progress:
        progress(total, total)
    return rows, skipped
