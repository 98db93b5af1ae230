"""Half terms and bank holidays: England's defaults, and each authority's own dates where set."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter

from .dates import academic_year, academic_year_bounds
from .models import HALF_TERM_NAMES, BankHoliday, HalfTerm, LocalAuthority


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


def half_terms(label: str, local_authority: LocalAuthority | None = None) -> list[HalfTermDates]:
    """The six half terms of an academic year: the authority's own, else England's stored defaults, else computed ones."""
    rows = list(HalfTerm.objects.filter(academic_year=label, local_authority=local_authority).order_by("number"))
    if local_authority is not None and len(rows) < 6:
        rows = list(HalfTerm.objects.filter(academic_year=label, local_authority=None).order_by("number"))
    if len(rows) == 6:
        return [HalfTermDates(label, r.number, r.starts_on, r.ends_on) for r in rows]
    return default_half_terms(label)


def half_term_of(day: date, local_authority: LocalAuthority | None = None) -> HalfTermDates | None:
    """The half term a day falls in, or None in a holiday."""
    return next((term for term in half_terms(academic_year(day), local_authority) if day in term), None)


def is_bank_holiday(day: date, division: str = BankHoliday.Division.ENGLAND_AND_WALES) -> bool:
    return BankHoliday.objects.filter(division=division, date=day).exists()
