"""The pupil page's timeline items are written in the view (issue 19), not by the template's loop:
they must be the markup that loop wrote, byte for byte. The loop it replaces is kept here."""

from datetime import date

from django.template import engines
from django.utils.safestring import mark_safe

from pupils.records.timeline import TimelineEvent
from pupils.records.views import _timeline_items

LOOP = """{% load sendhub_tags %}{% for event in timeline %}
  <li class="app-timeline__item">
    <p class="app-timeline__meta">{{ event.on|long_date }} · <strong class="govuk-tag govuk-tag--grey">{{ event.kind }}</strong></p>
    <p class="app-timeline__title">{% if event.url %}<a class="govuk-link" href="{{ event.url }}">{{ event.title }}</a>{% else %}{{ event.title }}{% endif %}</p>
    {% if event.detail %}<p class="govuk-body-s govuk-!-margin-bottom-0">{{ event.detail }}</p>{% endif %}
  </li>
  {% endfor %}"""  # noqa: E501


def test_the_timeline_items_are_the_markup_the_template_wrote():
    events = [
        TimelineEvent(date(2026, 3, 4), "Place arranged at O'Neil & <Hub>", "Hub place", "Starting 4 May", "/h/1/"),
        TimelineEvent(date(2025, 9, 3), "Request for an EHC needs assessment", "EHC", url="/a/?x=1&y=2"),
        TimelineEvent(date(2025, 1, 1), "Meeting <with> parents", "Parent meeting", detail="Mum & Dad's views"),
        TimelineEvent(date(2024, 12, 31), mark_safe("Already <em>safe</em>"), "SEN support"),
    ]
    old = engines["django"].from_string(LOOP).render({"timeline": events})
    assert _timeline_items(events) == old
    assert "O&#x27;Neil &amp; &lt;Hub&gt;" in old and "?x=1&amp;y=2" in old


def test_no_events_write_nothing():
    assert _timeline_items([]) == ""
