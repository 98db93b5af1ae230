"""Shared markup that assistive technology relies on: error summary links that focus the
field, date parts that bring up the number pad, wide tables that scroll in their own box.

The browser crawl (tests/browser/test_every_page.py) follows every error summary link on
every form and lays every page out 375 px wide; these tests pin the rules it relies on.
"""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template

from sendhub.forms import GDSForm, GOVUKDateField


class Everything(GDSForm):
    name = forms.CharField(label="Name", error_messages={"required": "Enter the name"})
    kind = forms.ChoiceField(
        label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, error_messages={"required": "Choose"}
    )
    needs = forms.MultipleChoiceField(
        label="Needs",
        choices=[("x", "X"), ("y", "Y")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose a need"},
    )
    born = GOVUKDateField(label="Date of birth")

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def _render(form) -> str:
    return Template("{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}").render(
        Context({"form": form})
    )


def test_each_error_summary_link_points_at_an_input_that_exists():
    form = Everything(data={"born_0": "", "born_1": "", "born_2": ""})
    assert not form.is_valid()
    html = _render(form)
    summary = html.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    # The whole-form message goes to the first field; radios and checkboxes to their first
    # input; the date to its day box.
    assert targets == ["id_name", "id_name", "id_kind_1", "id_needs_1", "id_born_0"]
    for target in targets:
        assert re.search(rf'<input[^>]*id="{target}"', html), target


def test_date_parts_bring_up_the_number_pad():
    html = _render(Everything())
    for part in ("id_born_0", "id_born_1", "id_born_2"):
        tag = re.search(rf'<input[^>]*id="{part}"[^>]*>', html).group(0)
        assert 'inputmode="numeric"' in tag


def test_a_wide_table_scrolls_in_a_focusable_box_named_by_its_caption():
    html = Template(
        "{% load sendhub_tags %}{% scroll_table %}<table><caption>Pupils, page {{ n }}</caption></table>"
        "{% endscroll_table %}"
    ).render(Context({"n": 2}))
    assert html.startswith('<div class="app-table-scroll" role="region" aria-label="Pupils, page 2" tabindex="0">')
    named = Template('{% load sendhub_tags %}{% scroll_table "Cases" %}<table></table>{% endscroll_table %}')
    assert 'aria-label="Cases"' in named.render(Context())
