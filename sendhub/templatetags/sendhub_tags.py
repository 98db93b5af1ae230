"""Formatting for templates. Tags format values; they never query."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.50, or £1,234 for whole pounds."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@register.filter
def long_date(value: date | None) -> str:
    """The weekday, computed from the date itself: "Thursday 3 April 2025"."""
    return date_format(value, "l j F Y") if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def govuk_date(value, fmt: str = "j F Y") -> str:
    """Django's date filter, with times written the GOV.UK way: "1:30pm", not "1:30p.m."."""
    from django.template.defaultfilters import date as date_filter

    text = date_filter(value, fmt)
    return text.replace("a.m.", "am").replace("p.m.", "pm") if text else ""


@register.filter
def seconds(value) -> str:
    """A duration in seconds for people: "0.09 seconds", "12.3 seconds", "2 minutes 5 seconds"."""
    if value is None:
        return ""
    total = value.total_seconds()
    if total < 1:
        return f"{total:.2f} seconds"
    if total < 60:
        return f"{total:.1f} seconds"
    minutes, rest = divmod(int(round(total)), 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''} {rest} second{'s' if rest != 1 else ''}"
