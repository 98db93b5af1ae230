"""Calendar helpers shared across the portal.

Portal convention (DOMAIN.md, "Counting time"): every period is a calendar period,
never working days, and every date is a date in Europe/London. The academic year runs
from 1 September to 31 August and is written "2025/26".

Every function here takes plain ``date`` objects. A ``datetime`` is rejected even though it
is a subclass of ``date``: it carries a time (and maybe a time zone) that would be silently
dropped, so passing one is almost always a bug at the call site.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "LONDON",
    "academic_year",
    "academic_year_start_year",
    "academic_year_bounds",
    "end_of_day",
    "start_of_day",
    "add_weeks",
    "add_years_clamped",
    "require_date",
    "require_int",
]

LONDON = ZoneInfo("Europe/London")

_ACADEMIC_YEAR_START_MONTH = 9
_LABEL_RE = re.compile(r"([0-9]{4})/([0-9]{2})")


def require_date(value: object, name: str = "day") -> date:
    """Return ``value`` if it is a plain ``date``; raise TypeError otherwise (datetimes included)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (not a datetime), got {type(value).__name__}")
    return value


def require_int(value: object, name: str) -> int:
    """Return ``value`` if it is an ``int``; bools are refused because True/False as a count is a bug."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    return value


def academic_year_start_year(day: date) -> int:
    """Calendar year in which the academic year containing ``day`` began (1 September)."""
    require_date(day)
    return day.year if day.month >= _ACADEMIC_YEAR_START_MONTH else day.year - 1


def academic_year(day: date) -> str:
    """Academic year label for ``day``, e.g. "2025/26" for 1 Sep 2025 to 31 Aug 2026."""
    start = academic_year_start_year(day)
    # Four-digit start keeps the label parseable by academic_year_bounds for every year.
    return f"{start:04d}/{(start + 1) % 100:02d}"


def academic_year_bounds(label: str) -> tuple[date, date]:
    """First and last day of the academic year ``label``: "2025/26" -> (1 Sep 2025, 31 Aug 2026)."""
    if not isinstance(label, str):
        raise TypeError(f"academic year label must be a str, got {type(label).__name__}")
    match = _LABEL_RE.fullmatch(label)
    if match is None:
        raise ValueError(
            f"Academic year must be written like 2025/26 (four digits, a slash, two digits), got {label!r}"
        )
    start = int(match.group(1))
    end_suffix = int(match.group(2))
    if end_suffix != (start + 1) % 100:
        raise ValueError(
            f"Academic year {label!r} is not valid: the part after the slash must be the "
            f"following year, {start:04d}/{(start + 1) % 100:02d}"
        )
    if not (1 <= start < date.max.year):
        raise ValueError(f"Academic year {label!r} is outside the supported range of dates")
    return date(start, 9, 1), date(start + 1, 8, 31)


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in Europe/London, as an aware datetime.

    UK clocks change at 01:00 UTC, so local midnight always exists and is never ambiguous.
    """
    require_date(day)
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of_day(day: date) -> datetime:
    """The last instant (23:59:59.999999) of ``day`` in Europe/London, as an aware datetime.

    A closing date means the end of that day in Europe/London (DOMAIN.md, "Consultations").
    """
    require_date(day)
    return datetime.combine(day, time.max, tzinfo=LONDON)


def add_weeks(day: date, weeks: int) -> date:
    """``day`` plus ``weeks`` calendar weeks: "within N weeks of D" ends on D + 7N days."""
    require_date(day)
    require_int(weeks, "weeks")
    return day + timedelta(weeks=weeks)


def add_years_clamped(day: date, years: int = 1) -> date:
    """Same month and day ``years`` later; 29 February becomes 28 February in a common year.

    Portal convention for "within 12 months of D" (DOMAIN.md, "Counting time").
    """
    require_date(day)
    require_int(years, "years")
    target_year = day.year + years
    if not (date.min.year <= target_year <= date.max.year):
        raise ValueError(f"{day.isoformat()} plus {years} years is outside the supported range")
    try:
        return day.replace(year=target_year)
    except ValueError:
        # Only 29 February can fail here: the target year is not a leap year.
        return day.replace(year=target_year, day=28)


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day` (29 February birthdays count from 28 February in common years)."""
    years = day.year - born.year
    return years if add_years_clamped(born, years) <= day else years - 1
