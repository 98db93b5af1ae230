"""Sortable, filterable lists: one pattern for every table a person sorts (issue 18).

A list's FilterSet derives from `SortableFilterSet` and declares its columns once:

    class CaseloadFilter(SortableFilterSet):
        sort = SortFilter(columns={"pupil": ("pupil__legal_last_name",), "received": ("request_received_on",)},
                          default="received")

The sort is a GET parameter (`?sort=received`, `?sort=-received` for the other way), so a
sorted, filtered view is a link that can be bookmarked, and it works without JavaScript.
Only the declared keys sort; anything else is ignored (never an error), and every order
ends with the primary key so that pages never repeat or skip a row. The header links come
from `{% sort_header filters "pupil" "Pupil" %}` (sendhub/templatetags/sendhub_tags.py).

A list's rows may be written in Python by a `TableBody` of `Column`s (below) with
`{% table_rows body page.object_list %}`, rather than by a template per cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape as html_escape
from typing import Any

import django_filters
from django.db.models import F, Model, QuerySet
from django.utils.functional import Promise
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


class SortFilter(django_filters.OrderingFilter):
    """django-filter's OrderingFilter with named columns that may sort on several fields.

    `columns` maps each sort key to the model fields it orders by (a leading "-" reverses
    one field within the key); `default` is the key used when the request gives none.
    Empty values sort last whichever way a column is sorted, on SQLite and PostgreSQL alike.
    """

    def __init__(self, *args: Any, columns: dict[str, tuple[str, ...]], default: str, **kwargs: Any) -> None:
        self.columns = columns
        self.default = default
        kwargs.setdefault("label", "Sort by")
        super().__init__(*args, fields={key: key for key in columns}, **kwargs)

    def order_by(self, key: str) -> list:
        descending = key.startswith("-")
        terms = []
        for name in self.columns[key.lstrip("-")]:
            reverse = descending != name.startswith("-")
            field = F(name.lstrip("-"))
            terms.append(field.desc(nulls_last=True) if reverse else field.asc(nulls_last=True))
        terms.append(F("pk").desc() if descending else F("pk").asc())  # stable across pages
        return terms

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        key = value[0] if value else self.default
        return qs.order_by(*self.order_by(key))


class SortableFilterSet(django_filters.FilterSet):
    """A FilterSet whose `sort` is lenient: an unknown or repeated key is dropped, not an error.

    `current_sort` is the key in force (the default when none was asked for); `sort_data`
    is the GET data without `sort` and `page`, from which the header links are built.
    """

    sort_parameter = "sort"

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and self.sort_parameter in data:
            values = data.getlist(self.sort_parameter) if hasattr(data, "getlist") else [data[self.sort_parameter]]
            if len(values) != 1 or not self.is_sort_key(values[0]):
                data = data.copy()
                data.pop(self.sort_parameter)
        super().__init__(data, *args, **kwargs)

    @classmethod
    def is_sort_key(cls, value: str) -> bool:
        sort = cls.base_filters[cls.sort_parameter]
        return isinstance(value, str) and value.lstrip("-") in sort.columns and value.count("-") <= 1

    @property
    def current_sort(self) -> str:
        asked = self.data.get(self.sort_parameter) if self.data is not None else None
        return asked if asked and self.is_sort_key(asked) else self.filters[self.sort_parameter].default

    @property
    def filtered(self) -> QuerySet:
        """The filtered, sorted queryset; with filters a person got wrong, the whole list in order."""
        if self.is_bound and self.is_valid():
            return self.qs
        return self.filters[self.sort_parameter].filter(self.queryset, [self.current_sort])

    def sort_link_data(self) -> list[tuple[str, str]]:
        """The GET parameters a header link keeps: every filter, but not the sort or the page."""
        if self.data is None:
            return []
        items = self.data.lists() if hasattr(self.data, "lists") else ((k, [v]) for k, v in self.data.items())
        return [(key, value) for key, values in items if key not in (self.sort_parameter, "page") for value in values]


class DateFilter(django_filters.Filter):
    """A date filter with the GOV.UK date input (day, month, year) and its error messages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .forms import GOVUKDateField

        self.field_class = GOVUKDateField
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        super().__init__(*args, **kwargs)


def filter_form_helper(filters: django_filters.FilterSet, *items: Any, button: str = "Apply filters") -> None:
    """GOV.UK markup for a filter form sent with GET: small labels, no browser validation, the
    sort in force kept in a hidden field so that filtering does not lose it."""
    from crispy_forms_gds.helper import FormHelper
    from crispy_forms_gds.layout import Hidden, Layout, Size

    from .forms import submit_button

    form = filters.form
    form.helper = FormHelper(form)
    form.helper.form_method = "get"
    form.helper.label_size = Size.SMALL
    form.helper.legend_size = Size.SMALL
    form.helper.attrs = {"novalidate": ""}
    layout = list(items)
    if isinstance(filters, SortableFilterSet) and filters.data is not None and filters.data.get("sort"):
        layout.append(Hidden(filters.sort_parameter, filters.current_sort))
    layout.append(submit_button(button, name="apply", css_class="govuk-button--secondary"))
    form.helper.layout = Layout(*layout)


def typed_school_filter(filterset: django_filters.FilterSet, model: type) -> None:
    """Make `filterset`'s "school" filter a text box for the school's name or URN (its method: `filter_school`).

    For lists whose person may see more schools than a select should hold (an administrator with the
    whole GIAS register, an authority's officer): the page never lists thousands of options
    (issue 19), and with JavaScript the box suggests from the person's own schools
    (`hubs:school_find`, static/js/autocomplete.mjs).
    """
    from django import forms
    from django.urls import reverse

    typed = django_filters.CharFilter(
        label="School name or URN",
        method="filter_school",
        help_text="For example, 990101 or Lowford",
        widget=forms.TextInput(
            attrs={
                "data-module": "app-autocomplete",
                "data-source": reverse("hubs:school_find"),
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
    )
    typed.parent = filterset
    typed.model = model
    filterset.filters["school"] = typed


# --- Rows written in Python (issue 19) -----------------------------------------------------------


def html(value: Any) -> str:
    """`value` as `{{ value }}` writes it: safe HTML as it is, anything else as escaped text.

    `conditional_escape` without its lazy-string wrapper (this is called for every cell)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))  # what django.utils.html.escape does


def choice_label(model: type[Model], field_name: str) -> Callable[[Any], Any]:
    """A function from a row to the label of its choice field, as `row.get_FOO_display()` gives it."""
    field = model._meta.get_field(field_name)
    labels = {value: str(label) for value, label in field.flatchoices}
    attname = field.attname

    def label(row: Any) -> Any:
        value = getattr(row, attname)
        return labels.get(value, value)

    return label


@dataclass(frozen=True)
class Column:
    """One cell of every row: `content(row)` is text (escaped here) or safe HTML (`format_html`).

    `classes` are added to the cell's `govuk-table__cell` (e.g. "govuk-table__cell--numeric");
    `header` makes the cell a row header, `<th scope="row" class="govuk-table__header">`.
    """

    content: Callable[[Any], Any]
    classes: str = ""
    header: bool = False


class TableBody:
    """The rows of a GOV.UK table, written in Python rather than a template per cell.

    A list of 25 rows paid several milliseconds for its `{% for %}` loop of cells (every `{{ }}`
    a variable lookup, a localisation and an escape), more than the page's queries. The view
    builds one, and the template writes its rows with `{% table_rows body page.object_list %}`
    inside its own `<tbody class="govuk-table__body">`, keeping the caption, the header
    (`{% sort_header %}`) and `{% scroll_table %}` in the template:

        body = TableBody(
            Column(lambda referral: format_html('<a class="govuk-link" href="{}">{}</a>', ...)),
            Column(lambda referral: referral.get_status_display()),
            Column(lambda referral: referral.places, classes="govuk-table__cell--numeric"),
        )

    A cell's text is escaped as `{{ }}` escapes it; `None` is written as "None", as `{{ }}` does,
    so give a default (`value or "–"`) where the template had `|default`. The HTML is the
    template's but for the whitespace between the tags of the table (tests compare both).
    `format_html` is the safe way to write a cell's HTML; where a list's cells are many,
    f-strings with `html()` around every value are about twice as quick, and `choice_label`
    reads a choice's label without `get_FOO_display()`'s work for every row.
    """

    do_not_call_in_templates = True  # a template passes it to `table_rows`, never calls it

    def __init__(self, *columns: Column | Callable[[Any], Any]) -> None:
        self.columns = [column if isinstance(column, Column) else Column(column) for column in columns]
        self._opening = [
            '<th scope="row" class="govuk-table__header{}">'.format(f" {escape(c.classes)}" if c.classes else "")
            if c.header
            else '<td class="govuk-table__cell{}">'.format(f" {escape(c.classes)}" if c.classes else "")
            for c in self.columns
        ]
        self._closing = ["</th>" if c.header else "</td>" for c in self.columns]

    def render(self, rows: Iterable[Any]) -> SafeString:
        cells = list(zip(self.columns, self._opening, self._closing, strict=True))
        out = []
        for row in rows:
            out.append('<tr class="govuk-table__row">')
            for column, opening, closing in cells:
                out.append(opening)
                out.append(html(column.content(row)))
                out.append(closing)
            out.append("</tr>\n")
        return mark_safe("".join(out))  # noqa: S308 - every cell escaped above, or safe already
