"""How consultations write dates and render staff-written text.

Dates carry the weekday computed from the date itself, never typed by a person (seed 000
promised "Monday, 3rd April 2025", which was a Thursday). Body text is Markdown rendered
and then sanitised with nh3: raw HTML is removed, links may only be http, https or mailto.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

from sendhub.dates import LONDON

ALLOWED_TAGS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "br", "blockquote", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# The Design System's classes, set by the sanitiser on what it lets through.
_CLASSES = {
    "p": {"class": "govuk-body"},
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-heading-s"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "blockquote": {"class": "govuk-inset-text"},
    "hr": {"class": "govuk-section-break govuk-section-break--m govuk-section-break--visible"},
    "a": {"class": "govuk-link"},
}


def long_date(day: date) -> str:
    """ "Thursday 3 April 2025": the weekday comes from the date."""
    if isinstance(day, datetime):
        day = day.astimezone(LONDON).date()
    return f"{day:%A} {day.day} {day:%B %Y}"


def time_of_day(moment: datetime) -> str:
    """GOV.UK style: "11:59pm", "9am", "12pm"."""
    local = moment.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def deadline(day: date) -> str:
    """ "11:59pm on Thursday 3 April 2025": a closing date means the end of that day in London."""
    return f"11:59pm on {long_date(day)}"


def render_markdown(text: str) -> SafeString:
    # Headings in a body sit under the page's own h1.
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        set_tag_attribute_values=_CLASSES,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
