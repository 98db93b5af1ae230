"""Builders of GIAS extracts for tests: the shipped fixture, and rows made to measure."""

from __future__ import annotations

import csv
import io
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "gias" / "edubasealldata20261101.csv"

HEADER = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
    "PhaseOfEducation (name)",
    "Postcode",
    "Trusts (code)",
    "Trusts (name)",
    "TypeOfResourcedProvision (name)",
    "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity",
    "SenUnitOnRoll",
    "SenUnitCapacity",
]


def fixture_bytes() -> bytes:
    return FIXTURE.read_bytes()


def school_row(urn: str = "999001", **values: str) -> dict[str, str]:
    row = {
        "URN": urn,
        "LA (code)": "990",
        "LA (name)": "Wessex",
        "EstablishmentNumber": "2001",
        "EstablishmentName": f"Test School {urn}",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentStatus (name)": "Open",
        "PhaseOfEducation (name)": "Primary",
        "Postcode": "ZZ99 9ZZ",
        "Trusts (code)": "",
        "Trusts (name)": "",
        "TypeOfResourcedProvision (name)": "Not applicable",
        "ResourcedProvisionOnRoll": "",
        "ResourcedProvisionCapacity": "",
        "SenUnitOnRoll": "",
        "SenUnitCapacity": "",
    }
    row.update(values)
    return row


def extract(*rows: dict[str, str], header: list[str] | None = None, encoding: str = "cp1252") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=header or HEADER, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def many_schools(count: int, *, name: str = "School") -> bytes:
    """`count` open schools across two authorities, a third of them in one of 50 trusts."""
    rows = []
    for n in range(count):
        la = "990" if n % 2 else "991"
        trust = n % 3 == 0
        rows.append(
            school_row(
                f"{900000 + n}",
                **{
                    "LA (code)": la,
                    "LA (name)": "Wessex" if la == "990" else "Mercia",
                    "EstablishmentNumber": f"{n // 2:04d}",
                    "EstablishmentName": f"{name} {n}",
                    "Trusts (code)": f"TR9{n % 50:04d}" if trust else "",
                    "Trusts (name)": f"Trust {n % 50}" if trust else "",
                },
            )
        )
    return extract(*rows)
