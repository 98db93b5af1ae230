"""Formatting for consultation pages. Filters format values; they never query."""

from datetime import date

from django import template

from .. import formatting

register = template.Library()

_TAG_CLASSES = {
    "draft": "govuk-tag--grey",
    "scheduled": "govuk-tag--light-blue",
    "open": "govuk-tag--green",
    "closed": "govuk-tag--orange",
    "outcome_published": "govuk-tag--blue",
}


@register.filter
def long_date(value: date) -> str:
    return formatting.long_date(value) if value else ""


@register.filter
def deadline(value: date) -> str:
    return formatting.deadline(value) if value else ""


@register.filter
def when(value) -> str:
    """ "24 November 2026, 2:55pm" in UK time."""
    if not value:
        return ""
    from sendhub.dates import LONDON

    local = value.astimezone(LONDON)
    return f"{local.day} {local:%B %Y}, {formatting.time_of_day(local)}"


@register.filter
def markdown(value: str):
    return formatting.render_markdown(value or "")


@register.filter
def phase_tag_class(phase: str) -> str:
    return _TAG_CLASSES.get(phase, "")


@register.filter
def file_size(value: int) -> str:
    from sendhub.uploads import human_size

    return human_size(value or 0)


@register.simple_tag
def phase_of(consultation, now=None) -> str:
    return consultation.phase(now)
