"""Issue 19: a list's rows written in Python (sendhub.tables.TableBody, `{% table_rows %}`) are the
rows its template wrote, but for the whitespace between the table's tags; the pupil list's are
compared with its old template loop for every kind of row."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

from django.template import Context, Template
from django.utils.html import format_html

from pupils.models import Pupil
from pupils.records.tables import pupil_rows
from sendhub.models import School
from sendhub.tables import Column, TableBody


def normalised(html: str) -> str:
    """Whitespace a browser does not show: runs of it are one space, and none is kept next to the
    tags of a table's structure or a line break (a space between two inline tags is kept)."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r" ?(</?(?:table|thead|tbody|tr|td|th|caption)\b[^>]*>|<br>) ?", r"\1", html)
    return html.strip()


def test_cells_are_escaped_unless_safe_and_take_classes_and_row_headers():
    body = TableBody(
        Column(lambda row: row["name"], header=True),
        lambda row: row["name"],
        Column(lambda row: format_html("<b>{}</b>", row["n"]), classes="govuk-table__cell--numeric"),
    )
    html = Template("{% load sendhub_tags %}{% table_rows body rows %}").render(
        Context({"body": body, "rows": [{"name": "A & <B>", "n": 3}, {"name": "C", "n": 4}]})
    )
    assert html == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">A &amp; &lt;B&gt;</th>'
        '<td class="govuk-table__cell">A &amp; &lt;B&gt;</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric"><b>3</b></td></tr>\n'
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">C</th>'
        '<td class="govuk-table__cell">C</td>'
        '<td class="govuk-table__cell govuk-table__cell--numeric"><b>4</b></td></tr>\n'
    )
    assert (
        Template("{% load sendhub_tags %}{% table_rows body rows %}").render(Context({"body": body, "rows": []})) == ""
    )


# pupils/templates/pupils/records/list.html's rows until issue 19 (the reference).
PUPIL_ROWS = """{% load sendhub_tags %}
        {% for pupil in page.object_list %}
        <tr class="govuk-table__row">
          <td class="govuk-table__cell">
            <a class="govuk-link" href="{{ pupil.detail_url }}">{{ pupil.name }}</a>
            <br><span class="govuk-body-s app-nowrap">UPN {{ pupil.upn }}</span>
            {% if many_schools %}<br><span class="govuk-body-s">{{ pupil.school.name }}</span>{% endif %}
          </td>
          <td class="govuk-table__cell">{{ pupil.get_year_group_display }}</td>
          <td class="govuk-table__cell">{{ pupil.get_sen_provision_display }}</td>
          <td class="govuk-table__cell">{{ pupil.primary_need|default:"–" }}{% if pupil.secondary_need %}, {{ pupil.secondary_need }}{% endif %}</td>
          <td class="govuk-table__cell">
            {% if pupil.sen_provision != "N" and pupil.meetings_this_year < meetings_target %}<strong class="govuk-tag govuk-tag--yellow">{{ pupil.meetings_this_year }} of {{ meetings_target }} parent meetings</strong>{% endif %}
            {% if pupil.support_cost > threshold %}<strong class="govuk-tag govuk-tag--red">Over {{ threshold|money }}</strong>{% endif %}
          </td>
        </tr>
        {% endfor %}
"""  # noqa: E501


def test_the_pupil_lists_rows_are_those_its_template_wrote():
    threshold, target = Decimal("6000.00"), 3
    school = School(name="St Mary's & <All> Saints")
    pupils = []
    kinds = itertools.product(
        ["N", "K", "E"],  # SEN provision
        [0, 2, 3, 5],  # parent meetings this year
        [Decimal("0"), Decimal("6000.00"), Decimal("6000.01"), Decimal("12345.5")],  # support cost
        [("SLCN", ""), ("", ""), ("ASD", "SEMH")],  # needs
    )
    for number, (provision, meetings, cost, (primary, secondary)) in enumerate(kinds):
        pupil = Pupil(
            pk=number + 1,
            school=school,
            upn=f"A{number:012d}",
            legal_first_name=f"Zoë <{number}>",
            legal_last_name="O'Brien & Co",
            preferred_first_name="Kit" if number % 2 else "",
            year_group="R" if number % 3 == 0 else "10",
            sen_provision=provision,
            primary_need=primary,
            secondary_need=secondary,
            support_cost=cost,
        )
        pupil.meetings_this_year = meetings
        pupil.detail_url = f"/pupils/{pupil.pk}/?a=1&b=2"
        pupils.append(pupil)
    for many_schools in (False, True):
        context = {"page": {"object_list": pupils}, "many_schools": many_schools}
        old = Template(PUPIL_ROWS).render(Context({**context, "meetings_target": target, "threshold": threshold}))
        body = pupil_rows(many_schools=many_schools, meetings_target=target, threshold=threshold)
        new = Template("{% load sendhub_tags %}{% table_rows rows page.object_list %}").render(
            Context({**context, "rows": body})
        )
        assert normalised(new) == normalised(old)
        assert new.count("<tr") == len(pupils) and ("All&gt; Saints" in new) is many_schools


def test_html_writes_a_value_as_conditional_escape_does():
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from sendhub.tables import html

    for value in ["A & <B> \"c\" 'd'", mark_safe("<b>x</b>"), gettext_lazy("Any school"), 3, None, Decimal("1.50")]:
        assert html(value) == conditional_escape(value)


def test_choice_label_is_get_display():
    from sendhub.tables import choice_label

    year = choice_label(Pupil, "year_group")
    for value in ["R", "3", "10", "nonsense", ""]:
        pupil = Pupil(year_group=value)
        assert year(pupil) == pupil.get_year_group_display()
