"""A dashboard table's HTML (its chart, its table, its CSV link) and the filter selects' options, written in Python.

The same markup, byte for byte, as the templates `dashboards/_table.html` and the options loop that
`dashboard.html` had (tests/dashboards/test_table_html.py renders both and compares them): a county's
dashboard has some thirty tables and selects of 450 schools, and the template engine's nodes per cell
and per option cost more than the figures. Every text is escaped as the template's autoescape would
(`value`), numbers written as the template would write them (`localize`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from html import escape as _escape
from math import isfinite
from typing import Any

from django.template.defaultfilters import floatformat, truncatechars
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from dashboards.tables import Table

_ONE = Decimal(1)


def value(item: Any) -> str:
    """`{{ item }}` in a template with autoescape on: numbers localised, text escaped."""
    if type(item) is str:
        return _escape(item)  # what django.utils.html.escape writes, without its lazy-string wrapper
    return conditional_escape(localize(item))


def _values() -> Callable[[Any], str]:
    """`value`, quicker for ints and floats where the active locale writes them as Python does
    (no thousands separator, a decimal point): checked here, once per table."""
    if localize(1234567) != "1234567" or localize(1234.5) != "1234.5":
        return value

    def plain(item: Any) -> str:
        kind = type(item)
        if kind is str:
            return _escape(item)
        if kind is int or (kind is float and isfinite(item) and "e" not in repr(item)):
            return str(item)
        return conditional_escape(localize(item))

    return plain


def _add(item: Any, number: int) -> str:
    """`{{ item|add:number }}` for an int (or a numeric string, as `floatformat` gives)."""
    return str(int(item) + number)


def _rounded(width: float) -> int:
    """`{{ width|floatformat:0 }}` read back as a whole number (half away from zero, as it rounds)."""
    try:
        return int(Decimal(repr(width)).quantize(_ONE, rounding=ROUND_HALF_UP))
    except (ArithmeticError, ValueError):
        return int(floatformat(width, 0))


def _truncated(label: str) -> str:
    """`{{ label|truncatechars:30 }}` (escaped): a label of 30 characters or fewer is its NFC form."""
    if type(label) is not str:
        return conditional_escape(truncatechars(label, 30))
    text = unicodedata.normalize("NFC", label)
    return _escape(text) if len(text) <= 30 else conditional_escape(truncatechars(label, 30))


def table_html(table: Table, csv_href: str) -> SafeString:
    """`dashboards/_table.html` for `table`; `csv_href` the CSV link (the URL and its query string, unescaped)."""
    value = _values()
    key = value(table.key)
    caption = value(table.caption)
    out = [f'\n<h3 class="govuk-heading-s" id="{key}-heading">{caption}</h3>\n']
    if table.is_empty:
        out.append('\n  <p class="govuk-body">No figures for this choice.</p>\n\n')
        return mark_safe("".join(out))
    is_long = table.is_long
    page_rows = table.page_rows()
    out.append("\n  ")
    shown_note = table.shown_note()
    if shown_note:
        out.append(f'<p class="govuk-body-s" id="{key}-shown">{value(shown_note)}</p>')
    out.append("\n  ")
    chart = table.chart(page_rows)
    if chart:
        chart_id = value(chart["id"])
        bars = chart["bars"]
        out.append(
            f'\n  <svg class="app-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
            f'viewBox="0 0 640 {value(chart["height"])}" xmlns="http://www.w3.org/2000/svg">\n'
            f'    <title id="{chart_id}-title">Bar chart: {caption}'
            + (f" ({len(bars)} largest)" if is_long else "")
            + "</title>\n"
            f'    <desc id="{chart_id}-desc">Each bar is the “{value(chart["measure"])}” figure of a row of the '
            "table below, which has the same figures."
        )
        out.extend(f" {value(bar['label'])}: {value(bar['display'])}." for bar in bars)
        out.append("</desc>\n    ")
        for bar in bars:
            y_text = _add(bar["y"], 18)
            width = bar["width"]
            display = value(bar["display"])
            out.append(
                f'\n    <text class="app-chart__text" x="0" y="{y_text}">{_truncated(bar["label"])}</text>\n    '
            )
            if width:
                out.append(
                    f'<rect class="app-chart__bar" x="220" y="{_add(bar["y"], 4)}" width="{value(width)}" '
                    'height="20"></rect>'
                )
                x = str(_rounded(width) + 226)
            else:
                x = "226"
            out.append(f'\n    <text class="app-chart__text" x="{x}" y="{y_text}">{display}</text>\n    ')
        out.append("\n  </svg>\n  ")
    described = f' aria-describedby="{key}-shown"' if is_long else ""
    out.append(
        f'\n  <div class="app-table-scroll" role="region" aria-labelledby="{key}-heading"{described} tabindex="0">\n'
        '    <table class="govuk-table">\n'
        '      <caption class="govuk-table__caption govuk-table__caption--s govuk-visually-hidden">'
        f"{caption}</caption>\n"
        '      <thead class="govuk-table__head">\n'
        '        <tr class="govuk-table__row">\n'
        f'          <th scope="col" class="govuk-table__header">{value(table.first_heading)}</th>\n'
        "          "
    )
    out.extend(
        f'<th scope="col" class="govuk-table__header govuk-table__header--numeric">{value(column)}</th>'
        for column in table.columns
    )
    out.append('\n        </tr>\n      </thead>\n      <tbody class="govuk-table__body">\n        ')
    numeric = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    text = '<td class="govuk-table__cell">'
    for row in page_rows:
        label = value(row.label)
        if row.is_total:
            label = f"<strong>{label}</strong>"
        out.append(
            '\n        <tr class="govuk-table__row">\n'
            f'          <th scope="row" class="govuk-table__header">{label}</th>\n          '
        )
        out.extend(f"{numeric if cell.kind != 'text' else text}{value(cell.display)}</td>" for cell in row.cells)
        out.append("\n        </tr>\n        ")
    out.append("\n      </tbody>\n    </table>\n  </div>\n  ")
    if table.note:
        out.append(f'<p class="govuk-body-s">{value(table.note)}</p>')
    out.append(
        f'\n  <p class="govuk-body-s"><a class="govuk-link" href="{_escape(csv_href)}" download>'
        f"Download “{caption}” as CSV</a></p>\n\n"
    )
    return mark_safe("".join(out))


def options_html(choices: list[tuple[Any, Any]], selected: str) -> SafeString:
    """A select's options, as `dashboard.html` wrote them (`selected`: the field's value as "%s" writes it)."""
    value = _values()
    return mark_safe(
        "".join(
            f'<option value="{value(option)}"{" selected" if str(option) == selected else ""}>{value(text)}</option>'
            for option, text in choices
        )
    )
