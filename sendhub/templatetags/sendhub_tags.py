"""Formatting for templates. Tags format values; they never query."""

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def money(value) -> str:
    """£1,234.50, or £1,234 for whole pounds."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    text = f"£{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@register.filter
def long_date(value: date | None) -> str:
    """The weekday, computed from the date itself: "Thursday 3 April 2025"."""
    return date_format(value, "l j F Y") if value else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def govuk_date(value, fmt: str = "j F Y") -> str:
    """Django's date filter, with times written the GOV.UK way: "1:30pm", not "1:30p.m."."""
    from django.template.defaultfilters import date as date_filter

    text = date_filter(value, fmt)
    return text.replace("a.m.", "am").replace("p.m.", "pm") if text else ""


# --- Error summary links (templates/gds/layout/error_summary.html) ------------------------


@register.filter
def error_target(bound_field) -> str:
    """The id of the element an error summary link should focus for this field.

    Radios and checkboxes: the first input (crispy-forms-gds numbers them id_<name>_1…; the
    follow-up radios of templates/gds/conditional_question.html are numbered the same way).
    A date, or any widget made of parts: the first part (the day box). Otherwise the field.
    """
    from django import forms

    if bound_field is None or bound_field == "":
        return ""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.filter
def error_targets(bound_field) -> list[tuple[str, list[str]]]:
    """(id to focus, messages) for one field: a part's own messages link to that part."""
    errors: dict[str, list[str]] = {}
    seen: list[str] = []
    if hasattr(bound_field.field, "fields"):
        for index, subfield in enumerate(bound_field.field.fields):
            messages = list(getattr(subfield.widget, "errors", []) or [])
            if messages:
                errors[f"{bound_field.auto_id}_{index}"] = messages
                seen.extend(messages)
    for error in bound_field.errors:
        if error not in seen:
            errors.setdefault(error_target(bound_field), []).append(error)
    return list(errors.items())


# --- Wide tables on narrow screens (WCAG 1.4.10 Reflow) ----------------------------------


class ScrollTableNode(template.Node):
    def __init__(self, nodelist, label) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context) -> str:
        import re

        from django.utils.html import format_html, strip_tags

        content = self.nodelist.render(context)
        label = self.label.resolve(context) if self.label is not None else ""
        if not label:
            caption = re.search(r"<caption[^>]*>(.*?)</caption>", content, re.S)
            label = " ".join(strip_tags(caption.group(1)).split()) if caption else "Table"
        return format_html(
            '<div class="app-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            content,  # the template's own output, already safe
        )


@register.tag
def scroll_table(parser, token):
    """A wide table in a focusable, labelled container that scrolls sideways on its own, so
    the page does not: `{% scroll_table %}<table>…</table>{% endscroll_table %}`. The label
    is the table's caption unless one is given (`{% scroll_table "Pupils" %}`); keyboard
    users reach the container with Tab and scroll it with the arrow keys."""
    bits = token.split_contents()
    label = parser.compile_filter(bits[1]) if len(bits) > 1 else None
    nodelist = parser.parse(("endscroll_table",))
    parser.delete_first_token()
    return ScrollTableNode(nodelist, label)


# --- Page titles ---------------------------------------------------------------------------


class PageTitleNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        parts: list[str] = []
        for part in self.nodelist.render(context).split(" – "):
            part = " ".join(part.split())
            if part and part not in parts:
                parts.append(part)
        return " – ".join(parts)


@register.tag
def page_title(parser, token):
    """The <title>'s parts joined by " – ", each once (a page called "Pupils" in the Pupils
    section is "Pupils – SEND Hub Portal", not "Pupils – Pupils – …")."""
    nodelist = parser.parse(("endpage_title",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


@register.filter
def seconds(value) -> str:
    """A duration in seconds for people: "0.09 seconds", "12.3 seconds", "2 minutes 5 seconds"."""
    if value is None:
        return ""
    total = value.total_seconds()
    if total < 1:
        return f"{total:.2f} seconds"
    if total < 60:
        return f"{total:.1f} seconds"
    minutes, rest = divmod(int(round(total)), 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''} {rest} second{'s' if rest != 1 else ''}"


@register.simple_tag
def plain_status(kind: str, code: str, hint: bool = True) -> str:
    """`{% plain_status "referral" referral.status %}`: a tag in plain words and what happens next.

    Written here rather than by an included template (a list writes one per row; issue 19); the
    HTML is what `includes/plain_status.html` wrote (tests/sendhub/test_plain_words.py)."""
    from django.utils.safestring import mark_safe

    from sendhub.plain_words import plain_status as words
    from sendhub.tables import html

    status = words(kind, code)
    hint_html = (
        '<span class="govuk-hint govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">'
        f"{html(status.hint)}</span>"
        if hint and status.hint
        else ""
    )
    return mark_safe(  # noqa: S308 - escaped above
        f'\n<strong class="govuk-tag {html(status.tag_class)}">{html(status.label)}</strong>{hint_html}\n'
    )


# --- Sortable tables (sendhub/tables.py) ----------------------------------------------------


@register.simple_tag
def sort_header(filters, key: str, label: str, css_class: str = ""):
    """A sortable column's `<th>`: a link that sorts by `key` (the other way if it already
    does), keeping the filters and going back to the first page, with `aria-sort` and an arrow.

    `{% sort_header filters "received" "Request received" %}`; `filters` is a SortableFilterSet.
    """
    from django.utils.html import format_html
    from django.utils.http import urlencode

    current = filters.current_sort
    if current == key:
        state, arrow, next_key, then = "ascending", "▲", f"-{key}", "descending"
    elif current == f"-{key}":
        state, arrow, next_key, then = "descending", "▼", key, "ascending"
    else:
        state, arrow, next_key, then = "none", "▲▼", key, "ascending"
    query = urlencode([*filters.sort_link_data(), (filters.sort_parameter, next_key)])
    return format_html(
        '<th scope="col" class="govuk-table__header app-sort-header {}" aria-sort="{}">'
        '<a class="govuk-link govuk-link--no-visited-state app-sort-header__link" href="?{}">{}'
        '<span class="govuk-visually-hidden"> (sort {})</span>'
        '<span class="app-sort-header__arrow app-sort-header__arrow--{}" aria-hidden="true">{}</span></a></th>',
        css_class,
        state,
        query,
        label,
        then,
        state,
        arrow,
    )


@register.simple_tag
def filter_form(form):
    """A list's filter form: the GOV.UK markup of `{% crispy form %}`, written without crispy's
    templates (sendhub/filter_forms.py, issue 19)."""
    from sendhub.filter_forms import render_filter_form

    return render_filter_form(form)


# --- Pagination (templates/includes/pagination.html) ----------------------------------------

_PREV_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125'
    '-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path></svg>'
)
_NEXT_ICON = (
    '<svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125'
    '-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z">'
    "</path></svg>"
)


def _template_call(obj: Any, name: str) -> Any:
    """`{{ obj.name }}` as the template language reads it: the attribute, called if callable."""
    value = getattr(obj, name, "")
    return value() if callable(value) else value


@register.simple_tag(takes_context=True)
def pagination(context, page) -> str:
    """GOV.UK pagination for a Page, keeping the request's other query parameters.

    The markup the template `includes/pagination.html` wrote with a loop over the query string
    in every link (issue 19: a list paid about a millisecond for it), written in Python; the
    include now calls this. `tests/sendhub/test_pagination.py` compares both, byte for byte.
    """
    from urllib.parse import quote

    from django.utils.safestring import mark_safe

    if not page or not _template_call(page, "has_other_pages"):
        return ""
    request = context.get("request")
    kept = ""
    if request is not None:
        # `{{ key|urlencode }}={{ v|urlencode }}&amp;` for every value of every parameter but the page.
        kept = "".join(
            f"{quote(str(key), safe='/')}={quote(str(value), safe='/')}&amp;"
            for key, values in request.GET.lists()
            if key != "page"
            for value in values
        )
    href = f"?{kept}page="  # percent-encoded: nothing left to escape
    parts = ['\n<nav class="govuk-pagination" aria-label="Results pages">\n  ']
    if _template_call(page, "has_previous"):
        previous = _template_call(page, "previous_page_number")
        parts.append(
            '\n  <div class="govuk-pagination__prev">\n'
            f'    <a class="govuk-link govuk-pagination__link" href="{href}{previous}" rel="prev">\n'
            f"      {_PREV_ICON}\n"
            '      <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span>'
            "</span>\n"
            "    </a>\n"
            "  </div>\n  "
        )
    parts.append('\n  <ul class="govuk-pagination__list">\n    ')
    paginator = page.paginator
    current = page.number
    # The GOV.UK pattern: the first and last pages, and the current page with one either side.
    for number in paginator.get_elided_page_range(current, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            parts.append(
                '\n      \n        <li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>\n'
                "      \n    "
            )
        elif number == current:
            parts.append(
                '\n      \n        <li class="govuk-pagination__item govuk-pagination__item--current">\n'
                f'          <a class="govuk-link govuk-pagination__link" href="{href}{number}"'
                f' aria-label="Page {number}" aria-current="page">{number}</a>\n'
                "        </li>\n      \n    "
            )
        else:
            parts.append(
                '\n      \n        <li class="govuk-pagination__item">\n'
                f'          <a class="govuk-link govuk-pagination__link" href="{href}{number}"'
                f' aria-label="Page {number}">{number}</a>\n'
                "        </li>\n      \n    "
            )
    parts.append("\n  </ul>\n  ")
    if _template_call(page, "has_next"):
        following = _template_call(page, "next_page_number")
        parts.append(
            '\n  <div class="govuk-pagination__next">\n'
            f'    <a class="govuk-link govuk-pagination__link" href="{href}{following}" rel="next">\n'
            '      <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span>'
            "</span>\n"
            f"      {_NEXT_ICON}\n"
            "    </a>\n"
            "  </div>\n  "
        )
    parts.append("\n</nav>\n")
    return mark_safe("".join(parts))  # noqa: S308 - numbers, and parameters percent-encoded


@register.simple_tag
def table_rows(body, rows):
    """`{% table_rows body page.object_list %}`: the `<tr>`s of a table, written in Python by a
    `sendhub.tables.TableBody` the view made (issue 19)."""
    return body.render(rows)
