"""Filter forms rendered with the form API, not through crispy-forms-gds's templates (issue 19).

A list's filter form (a FilterSet's form with the helper from `sendhub.tables.filter_form_helper`,
or any small GET form with a crispy-forms-gds helper) took longer to render through
`{% crispy form %}` than all the list page's queries: a template include per field and per hint,
error and label, and Django's widget templates (one include per `<option>` and per attribute
list). `render_filter_form` writes the same GOV.UK Frontend markup in Python:

- the `<form>` tag from the helper's attributes (`novalidate`, method GET);
- per `Field` of the layout, crispy-forms-gds's `gds/field.html` (form group, error class, label
  with the helper's size, hint, error messages with their ids), or `gds/layout/multifield.html`
  for the date input (fieldset, legend, `aria-describedby`), or the single checkbox;
- the widget's own attributes are set by crispy-forms-gds's own code (`CrispyGDSFieldNode`:
  `govuk-select`, `govuk-input`, `govuk-input--error`, `aria-describedby`, and the attributes
  the layout adds, such as `data-module="app-autocomplete"` and `data-source` on a typed school),
  and the widget is rendered by `FastWidgetRenderer`, which writes Django's `input`, `select`,
  `select_option` and crispy-forms-gds's date templates directly;
- `Hidden` (the sort in force) and `Button` from the layout.

Anything else in a layout (fieldsets, radios, character counts, POST forms, templated button
labels) falls back to crispy-forms-gds, so the output never silently differs.
`tests/sendhub/test_filter_forms.py` compares both renderings of every list's filter form.
"""

from __future__ import annotations

from html import escape as html_escape
from typing import Any

from django import forms
from django.forms.renderers import get_default_renderer
from django.template import Context, Template
from django.utils.safestring import SafeData, SafeString, mark_safe

# `conditional_escape` without its lazy-string wrapper, which cost a list's filter form more than
# the escaping itself (sendhub.tables.html).
from .tables import html as conditional_escape

_CRISPY = "{% load crispy_forms_tags %}{% crispy form %}"
_crispy_template: Template | None = None

# Django's widget templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "hidden", "checkbox", "search", "tel", "url", "password")
}
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"
_DATE = "gds/widgets/date.html"
# What a layout `Field`'s extra context may hold for this renderer to write it.
_FIELD_CONTEXT = {"label_size", "legend_size", "checkboxes_small"}


class _Unsupported(Exception):
    """A widget this renderer does not write: Django's template renders it."""


def _value(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` with autoescaping."""
    return str(value) if isinstance(value, SafeData) else html_escape(f"{value}")


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        name = conditional_escape(name)
        out.append(f" {name}" if value is True else f' {name}="{_value(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{_value(widget["value"])}"'
    kind, name = conditional_escape(widget["type"]), conditional_escape(widget["name"])
    return f'<input type="{kind}" name="{name}"{value}{_attrs(widget["attrs"])}>'


def _select(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                raise _Unsupported(option["template_name"])
            parts.append(
                f'\n  <option value="{_value(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _date(widget: dict[str, Any]) -> str:
    parts = [f'<div class="govuk-date-input" id="{conditional_escape(widget["attrs"].get("id", ""))}">']
    if any(sub["template_name"] not in _INPUTS for sub in widget["subwidgets"]):
        raise _Unsupported("a date part's template")  # before any label is taken from the attributes
    for sub in widget["subwidgets"]:
        label = conditional_escape(sub["attrs"].pop("label"))
        for_id = conditional_escape(sub["attrs"].get("id", ""))
        parts.append(
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            f'<label class="govuk-label govuk-date-input__label" for="{for_id}">'
            f"{label}</label>{_input(sub)}</div></div>"
        )
    parts.append("</div>")
    return "".join(parts)


class FastWidgetRenderer:
    """A form renderer that writes the common widget templates in Python; others go to Django's."""

    form_template_name = "django/forms/div.html"
    formset_template_name = "django/forms/formsets/div.html"
    field_template_name = "django/forms/field.html"

    def get_template(self, template_name: str) -> Any:
        return get_default_renderer().get_template(template_name)

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> SafeString:
        widget = context.get("widget")
        if template_name in _INPUTS:
            return mark_safe(_input(widget))  # noqa: S308 - every value escaped above
        if template_name == _SELECT:
            try:
                return mark_safe(_select(widget))  # noqa: S308
            except _Unsupported:
                pass
        elif template_name == _DATE:
            try:
                return mark_safe(_date(widget))  # noqa: S308
            except _Unsupported:
                pass
        return get_default_renderer().render(template_name, context, request)


FAST_RENDERER = FastWidgetRenderer()


def _help_and_errors(bf: forms.BoundField, show_errors: bool) -> str:
    """gds/layout/help_text_and_errors.html with the helper's defaults (hint as a div, errors inline)."""
    parts = []
    if bf.help_text:
        parts.append(f'<div id="{conditional_escape(bf.auto_id)}_hint" class="govuk-hint">{bf.help_text}</div>')
    if show_errors:
        for i, error in enumerate(bf.errors, start=1):
            parts.append(
                f'<span id="{conditional_escape(bf.auto_id)}_{i}_error" class="govuk-error-message">'
                f'<span class="govuk-visually-hidden">Error:</span> {conditional_escape(error)}</span>'
            )
    return "".join(parts)


def _widget(bf: forms.BoundField, attrs: dict[str, Any]) -> str:
    """The widget as crispy renders it: the layout's attributes (crispy_forms.utils.render_field),
    then crispy-forms-gds's classes and aria attributes (its `crispy_gds_field` tag)."""
    from crispy_forms_gds.templatetags.crispy_forms_gds import CrispyGDSFieldNode

    field = bf.field
    if attrs:  # `_supported` has checked that it is one widget, not made hidden
        field.widget.attrs.update(attrs)
    return CrispyGDSFieldNode("field", {}).render(Context({"field": bf, "template_pack": "gds"}))


def _field(form: forms.Form, name: str, item: Any, settings: dict[str, Any]) -> str:
    """gds/field.html for one field."""
    from crispy_forms_gds.templatetags.crispy_forms_gds import is_checkbox, is_multivalue

    bf = form[name]
    if bf.is_hidden:  # gds/field.html: `{{ field }}`, without crispy-forms-gds's classes
        if item.attrs:
            bf.field.widget.attrs.update(item.attrs)
        return str(bf)
    context = {**settings, **item.context}
    show_errors = context["form_show_errors"]
    classes = "govuk-form-group"
    if show_errors and bf.errors:
        classes += " govuk-form-group--error"
    css_classes = bf.css_classes()
    if css_classes:
        classes += " " + css_classes
    auto_id = conditional_escape(bf.auto_id)
    parts = [f'<div id="div_{auto_id}" class="{conditional_escape(classes)}">']
    if is_multivalue(bf):
        # gds/layout/multifield.html
        described = ""
        if bf.help_text or bf.errors:
            hint = f"{auto_id}_hint" if bf.help_text else ""
            errors = "".join(f" {auto_id}_{i}_error" for i in range(1, len(bf.errors) + 1))
            described = f' aria-describedby="{hint}{errors}"'
        parts.append(f'<fieldset class="govuk-fieldset"{described}>')
        if bf.label:
            size = context.get("legend_size")
            parts.append(f'<legend class="govuk-fieldset__legend{" " + size if size else ""}">{bf.label}</legend>')
        parts.append(_help_and_errors(bf, show_errors))
        parts.append(_widget(bf, item.attrs))
        parts.append("</fieldset>")
    else:
        label_for = conditional_escape(bf.id_for_label)
        checkbox = is_checkbox(bf)
        if bf.label and not checkbox and context["form_show_labels"]:
            size = context.get("label_size")
            parts.append(f'<label for="{label_for}" class="govuk-label{" " + size if size else ""}">{bf.label}</label>')
        if checkbox and context["form_show_labels"]:
            small = " govuk-checkboxes--small" if context.get("checkboxes_small") else ""
            parts.append(_help_and_errors(bf, show_errors))
            parts.append(
                f'<div class="govuk-checkboxes{small}"><div class="govuk-checkboxes__item">{_widget(bf, item.attrs)}'
                f'<label class="govuk-label govuk-checkboxes__label" for="{label_for}">{bf.label}</label></div></div>'
            )
        else:
            parts.append(_help_and_errors(bf, show_errors))
            parts.append(_widget(bf, item.attrs))
    parts.append("</div>")
    return "".join(parts)


def _input_item(item: Any, template: str) -> str:
    """gds/layout/baseinput.html (Hidden) or gds/layout/button.html (Button)."""
    from django.template.defaultfilters import slugify

    name = conditional_escape(slugify(item.name) if len(str(item.name).split()) > 1 else item.name)
    if template == "gds/layout/button.html":
        return (
            f'<button name="{name}" class="{conditional_escape(item.field_classes)}" '
            f'id="{conditional_escape(item.id)}" {item.flat_attrs}>{item.value}</button>'
        )
    return f'<input type="hidden" name="{name}" value="{conditional_escape(item.value)}" {item.flat_attrs}/>'


def _render(form: forms.Form) -> str:
    """The whole form, for a form `_supported` accepts."""
    from crispy_forms_gds.layout import Button, Field, Hidden, Size

    helper = form.helper
    attributes = helper.get_attributes("gds")
    settings = {
        "form_show_errors": attributes["form_show_errors"],
        "form_show_labels": attributes["form_show_labels"],
        "label_size": Size.for_label(helper.label_size) if helper.label_size else "",
        "legend_size": Size.for_legend(helper.legend_size) if helper.legend_size else "",
    }
    form.use_required_attribute = False  # as crispy-forms-gds's helper does
    parts = [f'<form {attributes["flat_attrs"]} method="{conditional_escape(attributes["form_method"])}">']
    for item in helper.layout.fields:
        if type(item) is Field:
            parts.extend(_field(form, name, item, settings) for name in item.fields)
        elif type(item) is Hidden:
            parts.append(_input_item(item, "gds/layout/baseinput.html"))
        elif type(item) is Button:
            parts.append(_input_item(item, "gds/layout/button.html"))
    parts.append("</form>")
    return "".join(parts)


def render_filter_form(form: forms.Form) -> SafeString:
    """The form with its crispy-forms-gds helper's GOV.UK markup, written directly; crispy's own
    rendering for a layout this does not cover (checked before anything is written)."""
    renderer = form.renderer
    form.renderer = FAST_RENDERER
    try:
        if _supported(form):
            return mark_safe(_render(form))  # noqa: S308 - every value escaped above
    finally:
        form.renderer = renderer
    return crispy_html(form)


def crispy_html(form: forms.Form) -> SafeString:
    """`{% crispy form %}`, as before (the fallback, and the reference the tests compare with)."""
    global _crispy_template
    if _crispy_template is None:
        _crispy_template = Template(_CRISPY)
    return mark_safe(_crispy_template.render(Context({"form": form})))  # noqa: S308 - crispy's own output


def _supported(form: forms.Form) -> bool:
    """Whether `_render` writes this form, decided before any widget's attributes change (crispy's
    field rendering adds to them, so a form must not be half rendered by one and then the other)."""
    from crispy_forms_gds.helper import FormHelper
    from crispy_forms_gds.layout import Button, Field, Hidden
    from crispy_forms_gds.templatetags.crispy_forms_gds import is_checkboxes, is_radios

    helper = getattr(form, "helper", None)
    if not isinstance(helper, FormHelper) or helper.layout is None:
        return False
    if (
        not helper.form_tag
        or helper.form_method.lower() != "get"
        or helper.inputs
        or helper.render_unmentioned_fields
        or helper.field_template
        or helper.help_text_inline
        or not helper.error_text_inline
        or form.is_multipart()
    ):
        return False
    for item in helper.layout.fields:
        if type(item) is Field:
            if item.get_template_name("gds") != "gds/field.html" or set(item.context) - _FIELD_CONTEXT:
                return False
            for name in item.fields:
                if not isinstance(name, str) or name not in form.fields:
                    return False
                bf = form[name]
                if is_checkboxes(bf) or is_radios(bf):
                    return False
                if item.attrs and (hasattr(bf.field.widget, "widgets") or item.attrs.get("type") == "hidden"):
                    return False
                if "govuk-js-character-count" in bf.field.widget.attrs.get("class", ""):
                    return False
        elif type(item) in (Hidden, Button):
            if "{" in str(item.value):
                return False
            template = "gds/layout/button.html" if type(item) is Button else "gds/layout/baseinput.html"
            if item.get_template_name("gds") != template:
                return False
            if type(item) is Hidden and item.input_type != "hidden":
                return False
        else:
            return False
    return True
