"""Writes of the school calendar: an authority's own term dates, and bank holidays from GOV.UK's feed.

Reads (half terms, bank holidays, working days) and the rules for term dates are in
`sendhub/calendar.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction

from sendhub.calendar.selectors import may_set_term_dates, term_date_problems
from sendhub.dates import academic_year_bounds
from sendhub.errors import DomainError
from sendhub.models import HALF_TERM_NAMES, BankHoliday, HalfTerm, LocalAuthority, User

FEED_URL = "https://www.gov.uk/bank-holidays.json"
# The saved copy shipped with the portal (refresh it from FEED_URL; see README.md).
SAVED_FEED = Path(__file__).resolve().parent.parent / "data" / "bank-holidays.json"
DIVISIONS: tuple[str, ...] = tuple(BankHoliday.Division.values)
DIVISION_NAMES = dict(BankHoliday.Division.choices)


# --- An authority's term dates -----------------------------------------------------------


def _require_setter(actor: User, local_authority: LocalAuthority) -> None:
    if not may_set_term_dates(actor, local_authority):
        raise DomainError(f"Only officers of {local_authority.name} and administrators can change its term dates")


def _require_label(label: str) -> None:
    try:
        academic_year_bounds(label)
    except (TypeError, ValueError) as error:
        raise DomainError(str(error)) from None


@transaction.atomic
def half_terms_set(
    *,
    actor: User,
    local_authority: LocalAuthority,
    academic_year: str,
    dates: Sequence[tuple[date | None, date | None]],
) -> list[HalfTerm]:
    """The authority's six half terms for the year become `dates` (Autumn 1 first), all or none, with history."""
    _require_setter(actor, local_authority)
    _require_label(academic_year)
    if len(dates) != 6:
        raise DomainError(f"Give the first and last day of all six half terms, not {len(dates)}")
    problems = term_date_problems(academic_year, dates)
    if problems:
        first = problems[0]
        raise DomainError(first.message, field=f"term_{first.number}_{first.which}")
    # One officer at a time per authority: a second save waits, then updates the rows the first made.
    LocalAuthority.objects.select_for_update().filter(pk=local_authority.pk).get()
    existing = {
        row.number: row for row in HalfTerm.objects.filter(local_authority=local_authority, academic_year=academic_year)
    }
    rows = []
    for number, (starts_on, ends_on) in enumerate(dates, start=1):
        row = existing.get(number) or HalfTerm(
            local_authority=local_authority, academic_year=academic_year, number=number
        )
        if row.pk is None or (row.starts_on, row.ends_on) != (starts_on, ends_on):
            row.starts_on, row.ends_on = starts_on, ends_on
            row._history_user = actor
            row._change_reason = f"{HALF_TERM_NAMES[number]} {academic_year} set"
            row.save()
        rows.append(row)
    return rows


@transaction.atomic
def half_terms_reset(*, actor: User, local_authority: LocalAuthority, academic_year: str) -> int:
    """The authority goes back to England's default dates for the year; its own rows go (their history stays)."""
    _require_setter(actor, local_authority)
    _require_label(academic_year)
    LocalAuthority.objects.select_for_update().filter(pk=local_authority.pk).get()
    rows = list(HalfTerm.objects.filter(local_authority=local_authority, academic_year=academic_year))
    if not rows:
        raise DomainError(f"{local_authority.name} already uses England's default dates for {academic_year}")
    for row in rows:
        # One at a time, so that each row's history records who removed it.
        row._history_user = actor
        row._change_reason = "Back to England's default dates"
        row.delete()
    return len(rows)


# --- Bank holidays from the GOV.UK feed ------------------------------------------------------

FORMAT_HINT = (
    'the format of https://www.gov.uk/bank-holidays.json: {"england-and-wales": '
    '{"division": "england-and-wales", "events": [{"title": ..., "date": "YYYY-MM-DD", ...}]}, ...}'
)


@dataclass(frozen=True)
class ImportCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows of the database within the dates the file covers that the file no longer lists.
    removed: int = 0


Feed = dict[str, list[tuple[date, str]]]


def bank_holidays_read(raw: bytes) -> Feed:
    """The events of each division in a saved copy of the feed; DomainError saying what is wrong."""
    try:
        # json.loads reads UTF-8 (with or without a byte order mark), UTF-16 and UTF-32.
        data = json.loads(raw)
    except UnicodeDecodeError:
        raise DomainError(
            "The file is not in a Unicode encoding (UTF-8, as GOV.UK publishes it): save the feed again "
            "without changing its encoding"
        ) from None
    except json.JSONDecodeError as error:
        raise DomainError(f"The file is not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from None
    return bank_holidays_parse(data)


def _event(division: str, index: int, event: Any) -> tuple[date, str]:
    where = f"{division}, event {index}"
    if not isinstance(event, dict):
        raise DomainError(f"{where}: each event must be an object with a title and a date")
    title, day = event.get("title"), event.get("date")
    if not isinstance(title, str) or not title.strip():
        raise DomainError(f"{where}: the event has no title")
    title = title.strip()
    if len(title) > BankHoliday._meta.get_field("title").max_length:
        raise DomainError(f"{where} ({title[:40]}…): the title is longer than 150 characters")
    where = f'{where} ("{title}")'
    if not isinstance(day, str):
        raise DomainError(f"{where}: the event has no date (write it as YYYY-MM-DD)")
    try:
        if len(day) != 10:
            raise ValueError
        parsed = date.fromisoformat(day)
    except ValueError:
        raise DomainError(f'{where}: "{day[:20]}" is not a real date written as YYYY-MM-DD') from None
    return parsed, title


def bank_holidays_parse(data: Any) -> Feed:
    """Check the shape of the feed, every division and every event, before anything is saved."""
    if not isinstance(data, dict):
        raise DomainError(f"The file must be a JSON object in {FORMAT_HINT}")
    unknown = [key for key in data if key not in DIVISIONS]
    if unknown:
        raise DomainError(f'"{str(unknown[0])[:40]}" is not a division of the feed: expected {", ".join(DIVISIONS)}')
    if not data:
        raise DomainError(f"The file has no divisions: expected {FORMAT_HINT}")
    feed: Feed = {}
    for division, body in data.items():
        if not isinstance(body, dict) or not isinstance(body.get("events"), list):
            raise DomainError(f"{division}: expected an object with a list of events, in {FORMAT_HINT}")
        if body.get("division", division) != division:
            raise DomainError(f'{division}: it says it is the division "{str(body["division"])[:40]}"')
        if not body["events"]:
            raise DomainError(f"{division}: the list of events is empty")
        events: dict[date, str] = {}
        for index, raw_event in enumerate(body["events"], start=1):
            day, title = _event(division, index, raw_event)
            if day in events:
                raise DomainError(f"{division}, event {index}: {day.isoformat()} is listed twice")
            events[day] = title
        feed[division] = sorted(events.items())
    return feed


@transaction.atomic
def bank_holidays_import(*, feed: Feed, divisions: Iterable[str] | None = None) -> dict[str, ImportCounts]:
    """Make the stored bank holidays of each division match the feed over the dates it covers; all or nothing.

    Idempotent: the same feed a second time counts everything unchanged. Days outside the
    feed's first and last date are kept, so an older year stays when GOV.UK drops it.
    """
    wanted = list(feed) if divisions is None else list(divisions)
    for division in wanted:
        if division not in DIVISIONS:
            raise DomainError(f'"{division}" is not a division: expected {", ".join(DIVISIONS)}')
        if division not in feed:
            raise DomainError(f"The file has no {division} division")
    counts: dict[str, ImportCounts] = {}
    for division in wanted:
        events = dict(feed[division])
        first, last = min(events), max(events)
        stored = {
            row.date: row
            for row in BankHoliday.objects.select_for_update().filter(division=division, date__range=(first, last))
        }
        added = [
            BankHoliday(division=division, date=day, title=title) for day, title in events.items() if day not in stored
        ]
        changed = []
        for day, row in stored.items():
            if day in events and row.title != events[day]:
                row.title = events[day]
                changed.append(row)
        gone = [row.pk for day, row in stored.items() if day not in events]
        BankHoliday.objects.bulk_create(added)
        BankHoliday.objects.bulk_update(changed, ["title"])
        BankHoliday.objects.filter(pk__in=gone).delete()
        counts[division] = ImportCounts(
            added=len(added), updated=len(changed), unchanged=len(stored) - len(changed) - len(gone), removed=len(gone)
        )
    return counts
