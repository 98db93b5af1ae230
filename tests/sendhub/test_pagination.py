"""Issue 19: the GOV.UK pagination of every list is written by the `pagination` tag
(sendhub/templatetags/sendhub_tags.py), byte for byte what the template `includes/pagination.html`
wrote before (given the page numbers to show, which the template could not ask for around the
current page): the template is kept here and both are compared, on every page of short and long
lists, with query parameters to keep (repeated, empty, non-ASCII, characters to percent-encode).
The numbers follow the GOV.UK pattern: first, last, and the current page with one either side."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

# templates/includes/pagination.html until issue 19 (the reference).
REFERENCE = (
    "{% comment %}GOV.UK pagination for a Page `page`; keeps the other query parameters.{% endcomment %}\n"
    "{% if page.has_other_pages %}\n"
    '<nav class="govuk-pagination" aria-label="Results pages">\n'
    "  {% if page.has_previous %}\n"
    '  <div class="govuk-pagination__prev">\n'
    '    <a class="govuk-link govuk-pagination__link" href="?{% for key, values in request.GET.lists %}'
    "{% if key != 'page' %}{% for v in values %}{{ key|urlencode }}={{ v|urlencode }}&amp;{% endfor %}{% endif %}"
    '{% endfor %}page={{ page.previous_page_number }}" rel="prev">\n'
    '      <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125'
    '-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>'
    "</svg>\n"
    '      <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span>'
    "</span>\n"
    "    </a>\n"
    "  </div>\n"
    "  {% endif %}\n"
    '  <ul class="govuk-pagination__list">\n'
    "    {% for number in numbers %}\n"
    "      {% if number == page.paginator.ELLIPSIS %}\n"
    '        <li class="govuk-pagination__item govuk-pagination__item--ellipses">&ctdot;</li>\n'
    "      {% elif number == page.number %}\n"
    '        <li class="govuk-pagination__item govuk-pagination__item--current">\n'
    '          <a class="govuk-link govuk-pagination__link" href="?{% for key, values in request.GET.lists %}'
    "{% if key != 'page' %}{% for v in values %}{{ key|urlencode }}={{ v|urlencode }}&amp;{% endfor %}{% endif %}"
    '{% endfor %}page={{ number }}" aria-label="Page {{ number }}" aria-current="page">{{ number }}</a>\n'
    "        </li>\n"
    "      {% else %}\n"
    '        <li class="govuk-pagination__item">\n'
    '          <a class="govuk-link govuk-pagination__link" href="?{% for key, values in request.GET.lists %}'
    "{% if key != 'page' %}{% for v in values %}{{ key|urlencode }}={{ v|urlencode }}&amp;{% endfor %}{% endif %}"
    '{% endfor %}page={{ number }}" aria-label="Page {{ number }}">{{ number }}</a>\n'
    "        </li>\n"
    "      {% endif %}\n"
    "    {% endfor %}\n"
    "  </ul>\n"
    "  {% if page.has_next %}\n"
    '  <div class="govuk-pagination__next">\n'
    '    <a class="govuk-link govuk-pagination__link" href="?{% for key, values in request.GET.lists %}'
    "{% if key != 'page' %}{% for v in values %}{{ key|urlencode }}={{ v|urlencode }}&amp;{% endfor %}{% endif %}"
    '{% endfor %}page={{ page.next_page_number }}" rel="next">\n'
    '      <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span>'
    "</span>\n"
    '      <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg" '
    'height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125'
    '-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>'
    "</svg>\n"
    "    </a>\n"
    "  </div>\n"
    "  {% endif %}\n"
    "</nav>\n"
    "{% endif %}\n"
)

QUERIES = [
    "",
    "page=3",
    "q=Alex+Scale",
    "q=Alex+Scale&page=2&sort=-name",
    "year=Y3&year=Y4&school=&few_meetings=true",
    "q=%C3%89lo%C3%AFse+O%27Brien&x=%3Cb%3E%22%26%3B/%3F",
    "page=1&page=2&empty",
]


def both(page, query: str) -> tuple[str, str]:
    request = RequestFactory().get("/pupils/", data=None, QUERY_STRING=query)
    request.META["QUERY_STRING"] = query
    context = {"page": page, "request": request}
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    old = Template(REFERENCE).render(Context({**context, "numbers": numbers}))
    new = render_to_string("includes/pagination.html", context)
    return old, new


@pytest.mark.parametrize("count", [0, 1, 25, 26, 60, 250, 60_000])
@pytest.mark.parametrize("query", QUERIES)
def test_the_pagination_is_what_the_template_wrote(count, query):
    paginator = Paginator(range(count), 25)
    numbers = sorted({1, 2, 3, 4, 5, 6, 7, paginator.num_pages // 2, paginator.num_pages - 1, paginator.num_pages})
    for number in numbers:
        if 1 <= number <= paginator.num_pages:
            old, new = both(paginator.page(number), query)
            assert new == old, (count, query, number)


def test_without_a_page_or_a_request():
    assert Template(REFERENCE).render(Context({})) == render_to_string("includes/pagination.html", {})
    page = Paginator(range(100), 25).page(2)
    numbers = [1, 2, 3, 4]
    assert Template(REFERENCE).render(Context({"page": page, "numbers": numbers})) == render_to_string(
        "includes/pagination.html", {"page": page}
    )


def test_a_middle_page_shows_itself_between_its_neighbours():
    """Page 50 of 2,400: a person sees where they are, the pages either side, the first and the last."""
    import re

    html = render_to_string("includes/pagination.html", {"page": Paginator(range(60_000), 25).page(50)})
    shown = re.findall(r'aria-label="Page (\d+)"', html)
    assert shown == ["1", "49", "50", "51", "2400"]
    assert re.search(r'aria-label="Page 50" aria-current="page"', html)
    assert html.count("govuk-pagination__item--ellipses") == 2
