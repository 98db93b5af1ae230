"""The places page's occupancy and register rows are written in the view (issue 19), not by the
template's loops: they must be the markup those loops wrote, byte for byte. The loops they replace
are kept here as the reference."""

from datetime import date

import pytest
from django.template import engines

from pupils.models import Placement, Pupil
from pupils.places import views
from pupils.places.occupancy import OccupancyRow
from sendhub.http import pk_url
from sendhub.models import School

OCCUPANCY_LOOP = """{% load sendhub_tags %}{% for row in rows %}
        <tr class="govuk-table__row">
          <th scope="row" class="govuk-table__header">{{ row.label }}<br><span class="govuk-body-s">{{ row.on|long_date }}</span></th>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.commissioned }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.filled }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.offered }}</td>
          <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.vacant }}</td>
        </tr>
        {% endfor %}"""  # noqa: E501

REGISTER_LOOP = """{% for place in register.object_list %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell"><a class="govuk-link" href="{{ place.pupil_link }}">{{ place.pupil.name }}</a><br><span class="govuk-body-s">{{ place.pupil.school.name }}</span></td>
          <td class="govuk-table__cell">{{ place.starts }}</td>
          <td class="govuk-table__cell">{{ place.planned_end }}</td>
          <td class="govuk-table__cell">{% if place.ended_on %}Ended {{ place.ended }}: {{ place.get_end_reason_display|lower }}{% elif place.starts_on > today %}<strong class="govuk-tag govuk-tag--blue">Offered</strong>{% elif place.status_today == "Due to be ended" %}<strong class="govuk-tag govuk-tag--orange">Due to be ended</strong><br><span class="govuk-body-s">The planned end date has passed: not counted as filled</span>{% else %}<strong class="govuk-tag govuk-tag--green">In the hub</strong>{% endif %}</td>
          {% if may_place %}<td class="govuk-table__cell">{% if not place.ended_on %}<a class="govuk-link" href="{{ place.end_link }}">End<span class="govuk-visually-hidden"> {{ place.pupil.name }}'s place</span></a>{% endif %}</td>{% endif %}
        </tr>
        {% endfor %}"""  # noqa: E501

TODAY = date(2026, 3, 4)


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def _places() -> list[Placement]:
    school = School(pk=7, name="St Mary's & <Friends>")
    made = []
    cases = [
        # (start, planned end, ended, reason): in the hub, offered, due to be ended, ended, declined
        (date(2025, 9, 3), date(2026, 7, 20), None, ""),
        (date(2026, 4, 20), None, None, ""),
        (date(2025, 9, 3), date(2026, 2, 1), None, ""),
        (date(2025, 9, 3), date(2026, 7, 20), date(2026, 1, 9), Placement.EndReason.PLAN_CEASED),
        (date(2026, 4, 20), None, date(2026, 3, 1), Placement.EndReason.OFFER_DECLINED),
        (date(2025, 9, 3), None, None, ""),
    ]
    for i, (starts_on, planned_end_on, ended_on, reason) in enumerate(cases):
        pupil = Pupil(
            pk=100 + i,
            legal_first_name=f"O'Neil & <b>{i}</b>",
            legal_last_name="Smith",
            preferred_first_name="Sam" if i % 2 else "",
            school=school,
        )
        made.append(
            Placement(
                pk=500 + i,
                pupil=pupil,
                starts_on=starts_on,
                planned_end_on=planned_end_on,
                ended_on=ended_on,
                end_reason=reason,
            )
        )
    return made


def _as_the_old_view_did(places: list[Placement]) -> list[Placement]:
    pupil_link, end_link = pk_url("pupils:detail"), pk_url("places:end")
    for place in places:
        place.status_today = place.status_on(TODAY)
        place.pupil_link = pupil_link(place.pupil_id)
        place.end_link = end_link(place.pk)
        place.starts = views._short_date(place.starts_on)
        place.planned_end = views._short_date(place.planned_end_on)
        place.ended = views._short_date(place.ended_on)
    return places


@pytest.mark.parametrize("may_place", [True, False])
def test_register_rows_are_the_markup_the_template_wrote(may_place):
    old = _render(
        REGISTER_LOOP,
        register={"object_list": _as_the_old_view_did(_places())},
        today=TODAY,
        may_place=may_place,
    )
    new = views._register_rows(_places(), today=TODAY, may_place=may_place)
    assert new == old
    assert "O&#x27;Neil &amp; &lt;b&gt;" in new and "St Mary&#x27;s &amp; &lt;Friends&gt;" in new


def test_no_register_rows_write_nothing():
    assert views._register_rows([], today=TODAY, may_place=True) == ""


def test_occupancy_rows_are_the_markup_the_template_wrote():
    rows = [
        OccupancyRow("Autumn 1 <first>", date(2025, 9, 3), 10, 4, 2),
        OccupancyRow("Spring 2", date(2026, 2, 23), 3, 4, 1),
        OccupancyRow("Today", TODAY, 0, 0, 0),
    ]
    assert views._occupancy_rows(rows) == _render(OCCUPANCY_LOOP, rows=rows)


@pytest.mark.parametrize("size", [0, 37, 100, 101, 250])
@pytest.mark.parametrize("number", [None, "", "1", "2", "3", "x", "99"])
def test_the_short_list_paginator_reads_the_pages_django_s_paginator_reads(size, number):
    from django.core.paginator import Paginator

    ours = views._ShortListPaginator(list(range(size)), 100).get_page(number)
    theirs = Paginator(list(range(size)), 100).get_page(number)
    assert list(ours.object_list) == list(theirs.object_list)
    assert (ours.number, ours.paginator.count, ours.paginator.num_pages, ours.has_next()) == (
        theirs.number,
        theirs.paginator.count,
        theirs.paginator.num_pages,
        theirs.has_next(),
    )
