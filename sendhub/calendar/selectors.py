"""Half terms and bank holidays: England's defaults, and each authority's own dates where set.

Reads only: the services that change term dates and import bank holidays are in
`sendhub/services_calendar.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.easter import easter
from django.db.models import Q
from django.utils.dateformat import format as date_format

from sendhub.access import reach
from sendhub.dates import academic_year, academic_year_bounds, require_date
from sendhub.models import HALF_TERM_NAMES, BankHoliday, HalfTerm, LocalAuthority

ENGLAND_AND_WALES = BankHoliday.Division.ENGLAND_AND_WALES


@dataclass(frozen=True)
class HalfTermDates:
    academic_year: str
    number: int
    starts_on: date
    ends_on: date

    @property
    def name(self) -> str:
        return HALF_TERM_NAMES[self.number]

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _last_weekday_of_month(year: int, month: int, weekday: int) -> date:
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _last_working_day_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _first_working_day_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


MONDAY = 0


def default_half_terms(label: str) -> list[HalfTermDates]:
    """A typical English school year, for authorities that have not set their own dates.

    Autumn from the first weekday after 1 September with a break in the week of the last
    Monday of October; Christmas from 20 December; spring from the first working day on or
    after 4 January with a break in the week of the third Monday of February; Easter holidays the
    week before and the week after Easter Sunday; the break in the week of the late May bank
    holiday; summer ends on 22 July (or the working day before).
    """
    start, _ = academic_year_bounds(label)
    y1, y2 = start.year, start.year + 1
    october = _last_weekday_of_month(y1, 10, MONDAY)
    february = _weekday_on_or_after(date(y2, 2, 15), MONDAY)
    sunday = easter(y2)
    may = _last_weekday_of_month(y2, 5, MONDAY)
    spans = [
        (_first_working_day_on_or_after(date(y1, 9, 2)), october - timedelta(days=3)),
        (october + timedelta(days=7), _last_working_day_on_or_before(date(y1, 12, 19))),
        (_first_working_day_on_or_after(date(y2, 1, 4)), february - timedelta(days=3)),
        (february + timedelta(days=7), sunday - timedelta(days=9)),
        (sunday + timedelta(days=8), may - timedelta(days=3)),
        (may + timedelta(days=7), _last_working_day_on_or_before(date(y2, 7, 22))),
    ]
    return [HalfTermDates(label, number, s, e) for number, (s, e) in enumerate(spans, start=1)]


@dataclass(frozen=True)
class SchoolYear:
    """An authority's six half terms for one academic year, and whose dates they are."""

    academic_year: str
    half_terms: list[HalfTermDates]
    # The authority that set these dates; None when they are England's defaults.
    set_by: LocalAuthority | None


def _choose(label: str, local_authority: LocalAuthority | None, rows: Iterable[HalfTerm]) -> SchoolYear:
    """The one rule: the authority's own six rows, else England's stored six, else the computed defaults."""
    own: list[HalfTerm] = []
    england: list[HalfTerm] = []
    for row in rows:
        if row.academic_year != label:
            continue
        if row.local_authority_id is None:
            england.append(row)
        elif local_authority is not None and row.local_authority_id == local_authority.pk:
            own.append(row)
    for chosen, set_by in ((own, local_authority), (england, None)):
        if len(chosen) == 6:
            chosen.sort(key=lambda r: r.number)
            terms = [HalfTermDates(label, r.number, r.starts_on, r.ends_on) for r in chosen]
            return SchoolYear(label, terms, set_by)
    return SchoolYear(label, default_half_terms(label), None)


def school_year(label: str, local_authority: LocalAuthority | None = None) -> SchoolYear:
    """`half_terms`, saying whose dates they are (one query)."""
    return school_years([label], [local_authority] if local_authority else [])[(local_authority, label)]


def school_years(
    labels: Sequence[str], local_authorities: Sequence[LocalAuthority]
) -> dict[tuple[LocalAuthority | None, str], SchoolYear]:
    """Every (authority, year) pair, and England's (None, year), in one query whatever their number."""
    whose = Q(local_authority__isnull=True) | Q(local_authority__in=[la.pk for la in local_authorities])
    rows = list(HalfTerm.objects.filter(whose, academic_year__in=list(labels)))
    result: dict[tuple[LocalAuthority | None, str], SchoolYear] = {}
    for label in labels:
        result[(None, label)] = _choose(label, None, rows)
        for la in local_authorities:
            result[(la, label)] = _choose(label, la, rows)
    return result


def half_terms(label: str, local_authority: LocalAuthority | None = None) -> list[HalfTermDates]:
    """The six half terms of an academic year: the authority's own, else England's stored, else computed defaults."""
    return school_year(label, local_authority).half_terms


def half_term_of(day: date, local_authority: LocalAuthority | None = None) -> HalfTermDates | None:
    """The half term a day falls in, or None in a holiday."""
    return next((term for term in half_terms(academic_year(day), local_authority) if day in term), None)


def is_bank_holiday(day: date, division: str = ENGLAND_AND_WALES) -> bool:
    return BankHoliday.objects.filter(division=division, date=day).exists()


def bank_holidays_between(start: date, end: date, division: str = ENGLAND_AND_WALES) -> dict[date, str]:
    """The bank holidays from `start` to `end` inclusive, as date -> title (one query)."""
    rows = BankHoliday.objects.filter(division=division, date__range=(start, end)).order_by("date")
    return dict(rows.values_list("date", "title"))


def is_working_day(day: date, division: str = ENGLAND_AND_WALES) -> bool:
    """Monday to Friday and not a bank holiday of `division` (as imported: see import_bank_holidays)."""
    require_date(day)
    return day.weekday() < 5 and not is_bank_holiday(day, division)


# No stretch of weekends and bank holidays is this long; a longer one means bad data.
_LONGEST_SEARCH = timedelta(days=366)
_WINDOW = timedelta(days=27)


def next_working_day(day: date, division: str = ENGLAND_AND_WALES) -> date:
    """`day` itself if it is a working day, else the first working day after it.

    Reads the bank holidays four weeks at a time, so it is one query in practice.
    """
    require_date(day)
    start = day
    while start - day < _LONGEST_SEARCH:
        end = start + _WINDOW
        holidays = bank_holidays_between(start, end, division)
        candidate = start
        while candidate <= end:
            if candidate.weekday() < 5 and candidate not in holidays:
                return candidate
            candidate += timedelta(days=1)
        start = end + timedelta(days=1)
    raise ValueError(f"No working day within a year of {day.isoformat()}: check the bank holidays imported")


# --- The rules for an authority's own term dates ---------------------------------------------

STARTS_ON = "starts_on"
ENDS_ON = "ends_on"


@dataclass(frozen=True)
class TermDateProblem:
    number: int  # the half term, 1 to 6
    which: str  # STARTS_ON or ENDS_ON
    message: str


def _long(day: date) -> str:
    return date_format(day, "j F Y")


def term_date_problems(label: str, dates: Sequence[tuple[date | None, date | None]]) -> list[TermDateProblem]:
    """What is wrong with six (first day, last day) pairs for academic year `label`: at most one problem a date.

    The one rule, used by the form (to show every problem at once) and by the service (which refuses).
    """
    if len(dates) != 6:
        raise ValueError(f"Give six half terms, not {len(dates)}")
    first_day, last_day = academic_year_bounds(label)
    problems: list[TermDateProblem] = []
    flagged: set[tuple[int, str]] = set()

    def flag(number: int, which: str, message: str) -> None:
        if (number, which) not in flagged:  # one message a date: the first that applies
            flagged.add((number, which))
            problems.append(TermDateProblem(number, which, message))

    def in_year(day: date | None) -> bool:
        return day is not None and first_day <= day <= last_day

    for number, (starts_on, ends_on) in enumerate(dates, start=1):
        name = HALF_TERM_NAMES[number]
        for which, day, noun in ((STARTS_ON, starts_on, "first day"), (ENDS_ON, ends_on, "last day")):
            if day is None:
                flag(number, which, f"Enter the {noun} of {name}")
            elif not in_year(day):
                flag(
                    number,
                    which,
                    f"The {noun} of {name} must be in the {label} academic year, "
                    f"from {_long(first_day)} to {_long(last_day)}",
                )
            elif day.weekday() >= 5:
                flag(number, which, f"The {noun} of {name} is a {date_format(day, 'l')}: enter a weekday")
        previous_end = dates[number - 2][1] if number > 1 else None
        if in_year(starts_on) and in_year(previous_end) and starts_on <= previous_end:
            flag(number, STARTS_ON, f"{name} must start after {HALF_TERM_NAMES[number - 1]} ends")
        if in_year(starts_on) and in_year(ends_on) and ends_on < starts_on:
            flag(number, ENDS_ON, f"The last day of {name} must be on or after its first day")
    return problems


# --- Who sees and who sets an authority's term dates ------------------------------------------


def may_set_term_dates(user: Any, local_authority: LocalAuthority) -> bool:
    """The authority's own officers and administrators set its term dates."""
    r = reach(user)
    return r.is_admin or local_authority.pk in r.local_authorities


def calendar_authorities(user: Any) -> list[LocalAuthority]:
    """The authorities whose term dates concern the user's roles (one query).

    A school's authority (SENCos, school leaders), a district's (coordinators, panel members),
    the authority itself (its officers), the authorities of a trust's schools (trust leads).
    Administrators reach every authority and choose one on the page.
    """
    r = reach(user)
    schools = r.senco_schools | r.leader_schools
    districts = r.coordinator_districts | r.panel_districts
    if not (r.local_authorities or schools or districts or r.trusts):
        return []
    q = (
        Q(pk__in=r.local_authorities)
        | Q(schools__in=schools)
        | Q(districts__in=districts)
        | Q(schools__trust__in=r.trusts)
    )
    return list(LocalAuthority.objects.filter(q).distinct().order_by("name"))
