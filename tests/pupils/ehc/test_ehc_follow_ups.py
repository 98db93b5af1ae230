"""The plan's named setting: the URN or the hub is asked beneath the answer, and required only for it."""

from pupils.ehc.forms import FinalPlanForm, ReviewAmendedPlanForm
from tests.factories import SchoolFactory
from tests.pupils.ehc.helpers import TODAY


def _issued(name: str) -> dict[str, str]:
    return {f"{name}_0": str(TODAY.day), f"{name}_1": str(TODAY.month), f"{name}_2": str(TODAY.year)}


def test_a_school_needs_its_urn_and_nothing_about_a_hub(db):
    form = FinalPlanForm({**_issued("final_issued_on"), "setting": "school", "named_hub": "not a hub"})
    assert not form.is_valid()
    assert set(form.errors) == {"named_school"}  # the hub's broken answer is ignored
    assert form.errors["named_school"] == ["Enter the name or URN of the school the plan names"]


def test_a_hub_needs_the_hub_and_the_urn_typed_for_a_school_is_dropped(db, hub):
    form = FinalPlanForm({**_issued("final_issued_on"), "setting": "hub", "named_school": "12"})
    assert not form.is_valid() and set(form.errors) == {"named_hub"}
    form = FinalPlanForm({**_issued("final_issued_on"), "setting": "hub", "named_hub": hub.pk, "named_school": "12"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["named_hub"] == hub and form.cleaned_data["named_school"] is None


def test_an_amended_plan_naming_the_same_setting_asks_for_neither(db):
    school = SchoolFactory(urn="990777")
    form = ReviewAmendedPlanForm(
        {**_issued("amended_plan_issued_on"), "setting": "same", "new_named_school": school.urn}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_named_school"] is None and form.cleaned_data["new_named_hub"] is None
    form = ReviewAmendedPlanForm({**_issued("amended_plan_issued_on"), "setting": "school"})
    assert not form.is_valid()
    assert form.errors["new_named_school"] == ["Enter the name or URN of the school the amended plan names"]


def test_the_follow_ups_render_beneath_their_radio_numbered_from_one(db):
    html = _render(FinalPlanForm())
    assert 'id="id_setting_1"' in html and 'data-app-reveals="conditional_setting_1"' in html
    assert (
        html.index('id="conditional_setting_1"') < html.index('id="id_named_school"') < html.index('id="id_setting_2"')
    )
    assert "data-app-conditional-reveal" in html and "aria-expanded" not in html


def _render(form) -> str:
    from django.template import Context, Template

    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))
