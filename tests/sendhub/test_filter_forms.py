"""Issue 19: the lists' filter forms are written by sendhub/filter_forms.py, not crispy-forms-gds's
templates, and a person sees exactly what crispy rendered: each list's form, unbound, with values,
with the sort in force, with errors, with a school typed instead of chosen, in both renderings."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from consultations.forms import ResponseFilterForm
from pupils.ehc.forms import CaseloadFilter
from pupils.models import EHCAssessment, Pupil
from pupils.records.forms import PupilFilter
from referrals.intake.forms import InboxFilter, ReferralFilter
from referrals.models import Referral
from sendhub.filter_forms import _supported, crispy_html, render_filter_form
from sendhub.models import School
from tests.pupils.ehc.helpers import request as ehc_request
from tests.referrals.conftest import child, draft, hubs, submitted  # noqa: F401 - fixtures

WITH_ERRORS = "received_from_0=40&received_from_1=13&received_from_2=20&stage=nonsense&case_officer=0"


def normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r">\s+", ">", html)
    html = re.sub(r"\s+<", "<", html)
    return re.sub(r"\s+(/?>)", r"\1", html).strip()


def both_ways(make) -> str:
    """The filter form rendered by crispy and by the new renderer (each on a fresh form: rendering
    changes the widgets' attributes); they must be the same, and the new one must not have fallen back."""
    assert _supported(make())
    old, new = crispy_html(make()), render_filter_form(make())
    assert normalised(new) == normalised(old)
    return new


def data(query: str) -> QueryDict | None:
    return QueryDict(query) if query else None


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=Kit&provision=K&need=SLCN&year=Y3&school=SCHOOL&few_meetings=true",
        "provision=nonsense&year=Y99&school=999999",
    ],
)
@pytest.mark.parametrize("typed", [False, True])
def test_the_pupil_list_filter_form(personas, submitted, monkeypatch, query, typed):  # noqa: F811
    if typed:
        monkeypatch.setattr(PupilFilter, "SCHOOL_SELECT_LIMIT", 1)
    schools = School.objects.filter(pk__in=[personas.school_a.pk, personas.school_b.pk])
    query = query.replace("SCHOOL", "Lowford" if typed else str(personas.school_a.pk))

    def make():
        return PupilFilter(data(query), queryset=Pupil.objects.all(), schools=schools, many_schools=True).form

    html = both_ways(make)
    assert 'class="govuk-select' in html and "School A" in html or typed
    if typed:
        assert 'data-module="app-autocomplete"' in html and f'data-source="{reverse("hubs:school_find")}"' in html


@pytest.mark.parametrize(
    "query",
    ["", "stage=request&case_officer=OFFICER&school=SCHOOL&overdue=true&sort=-pupil", WITH_ERRORS],
)
@pytest.mark.parametrize("typed", [False, True])
def test_the_ehc_caseload_filter_form(personas, monkeypatch, query, typed):
    officer = personas.la_officer
    assessment = ehc_request(officer, Pupil.objects.create(school=personas.school_a, **pupil_names()), date(2026, 1, 5))
    EHCAssessment.objects.filter(pk=assessment.pk).update(case_officer=officer)
    if typed:
        monkeypatch.setattr(CaseloadFilter, "SCHOOL_SELECT_LIMIT", 0)
    query = query.replace("OFFICER", str(officer.pk)).replace(
        "SCHOOL", "100001" if typed else str(personas.school_a.pk)
    )

    def make():
        all_open = EHCAssessment.objects.all()
        filters = CaseloadFilter(data(query), queryset=all_open, user=officer, today=date(2026, 3, 2))
        filters.is_valid()
        return filters.form

    html = both_ways(make)
    assert "govuk-date-input" in html and "govuk-checkboxes--small" in html
    if query == WITH_ERRORS:
        assert "govuk-form-group--error" in html and "govuk-error-message" in html
    if "sort" in query:
        assert 'type="hidden" name="sort" value="-pupil"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=submitted&school=SCHOOL&hub=HUB&submitted_from_0=1&submitted_from_1=2&submitted_from_2=2026&sort=child",
        "status=nonsense&school=0&submitted_to_0=31&submitted_to_1=2&submitted_to_2=2026",
        "submitted_from_0=1&submitted_from_2=2026",
    ],
)
@pytest.mark.parametrize("kind", [ReferralFilter, InboxFilter])
def test_the_referral_list_and_inbox_filter_forms(personas, hubs, submitted, query, kind):  # noqa: F811
    query = query.replace("SCHOOL", str(personas.school_a.pk)).replace("HUB", str(submitted.hub_id))

    def make():
        filters = kind(data(query), queryset=Referral.objects.all(), scope=Referral.objects.all())
        filters.is_valid()
        return filters.form

    html = both_ways(make)
    assert "School A" in html
    if "nonsense" in query or "_to_0=31" in query:
        assert "govuk-error-message" in html


@pytest.mark.parametrize("query", ["", "status=counted&capacity=Parent+or+carer&reference=ab-12", "status=bad"])
@pytest.mark.parametrize("capacities", [[], ["Parent or carer", "Teacher <or> staff"]])
def test_the_consultation_responses_filter_form(db, query, capacities):
    def make():
        form = ResponseFilterForm(data(query), capacities=capacities)
        form.is_valid()
        return form

    html = both_ways(make)
    assert "govuk-input--width-10" in html and 'spellcheck="false"' in html
    if capacities:
        assert "Teacher &lt;or&gt; staff" in html


@pytest.mark.parametrize(
    "persona, route",
    [
        ("la_officer", "pupils:list"),
        ("la_officer", "pupils:ehc_caseload"),
        ("senco_a", "referrals:list"),
        ("coordinator", "referrals:inbox"),
    ],
)
def test_each_list_page_shows_its_filter_form(client_for, personas, submitted, persona, route):  # noqa: F811
    page = client_for(getattr(personas, persona)).get(reverse(route))
    assert page.status_code == 200
    html = page.content.decode()
    form = re.search(r"<form [^>]*method=\"get\".*?</form>", html, re.S).group(0)
    assert "novalidate" in form and 'name="apply"' in form, form


def pupil_names() -> dict:
    return {"legal_first_name": "Ada", "legal_last_name": "Filter", "date_of_birth": date(2016, 5, 1)}


class _Small(forms.Form):
    """A form with what no list has yet: a hidden field, a select with a hint, markup in a choice."""

    def __init__(self, *args, **kwargs):
        from crispy_forms_gds.helper import FormHelper
        from crispy_forms_gds.layout import Button, Field, Layout

        super().__init__(*args, **kwargs)
        self.fields["kept"] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.fields["pick"] = forms.ChoiceField(choices=[("x", "X <y>")], required=False, help_text="Pick <b>one</b>")
        self.helper = FormHelper(self)
        self.helper.form_method = "get"
        self.helper.layout = Layout(Field("kept"), Field.select("pick"), Button("go", "Go"))


@pytest.mark.parametrize("query", ["", "kept=1&pick=nonsense"])
def test_hidden_fields_hints_and_escaping_match_crispy(query):
    def make():
        form = _Small(data(query))
        form.is_valid()
        return form

    html = both_ways(make)
    assert "X &lt;y&gt;" in html and "Pick <b>one</b>" in html


def test_a_layout_the_renderer_does_not_write_is_left_to_crispy():
    from crispy_forms_gds.layout import Fieldset, Layout

    form = _Small()
    form.helper.layout = Layout(Fieldset("pick", legend="Pick"))
    assert not _supported(form)
    assert normalised(render_filter_form(form)) == normalised(crispy_html(_with_fieldset()))


def _with_fieldset():
    from crispy_forms_gds.layout import Fieldset, Layout

    form = _Small()
    form.helper.layout = Layout(Fieldset("pick", legend="Pick"))
    return form
