"""The school calendar under /calendar/: term dates per local authority and bank holidays."""

from django.urls import path, register_converter

from sendhub.calendar import views as views_calendar
from sendhub.dates import academic_year_bounds


class AcademicYearConverter:
    """An academic year in a URL: "2026-27" in the path is the label "2026/27"."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        label = value.replace("-", "/")
        academic_year_bounds(label)  # ValueError (so no match: a 404) for "2026-28"
        return label

    def to_url(self, value: str) -> str:
        academic_year_bounds(value)
        return value.replace("/", "-")


register_converter(AcademicYearConverter, "academic_year")

urlpatterns = [
    path("", views_calendar.calendar, name="calendar"),
    path("<str:code>/<academic_year:year>/change/", views_calendar.calendar_edit, name="calendar_edit"),
    path("<str:code>/<academic_year:year>/use-england-defaults/", views_calendar.calendar_reset, name="calendar_reset"),
]
