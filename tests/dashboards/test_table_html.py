"""The tables' HTML written in Python (dashboards/html.py) is the template's, byte for byte.

`dashboards/_table.html` stays as the reference markup: each table here is rendered by both and the
two compared, hidden cells, long tables, charts without bars, escaping and all.
"""

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from dashboards.html import options_html, table_html
from dashboards.tables import Cell, Row, Table, count_table, rate_cell


def _template(table: Table, query: str = "") -> str:
    return render_to_string(
        "dashboards/_table.html",
        {"table": table, "scope": SimpleNamespace(kind="la", org=SimpleNamespace(pk=7)), "query": query},
    )


def _python(table: Table, query: str = "") -> str:
    href = reverse("dashboards:csv", args=["la", 7, table.key]) + (f"?{query}" if query else "")
    return table_html(table, href)


def _tables() -> list[Table]:
    hidden = count_table(
        "provision",
        "Pupils by SEN provision, per school",
        ["EHC plan (E)", "SEN support (K)", "No SEN (N)"],
        [('Ash <Primary> & "Co"\'s', [3, 10, 20]), ("Birch", [12, 2, 30]), ("Cedar", [0, 0, 0]), ("Deal", [7, 8, 9])],
        total_column=True,
        first_heading="School",
        chart_column=3,
    )
    long = count_table(
        "schools",
        "Pupils per school",
        ["Pupils"],
        [(f"A school with a name longer than thirty characters {n:03d}", [n * 13 if n % 7 else 3]) for n in range(60)],
        first_heading="School",
    )
    rates = Table(
        "rates",
        "Rates & days",
        ["Share", "Days", "Text", "Count"],
        [
            Row("One", [rate_cell(3, 10), Cell(12.5, "days"), Cell("a <b>", "text"), Cell(1234567, "count")]),
            Row("Two", [rate_cell(1, 3), Cell(None, "days"), Cell(None, "text"), Cell(3, "count", True)]),
            Row("Three", [rate_cell(0, 0), Cell(0.05, "days"), Cell("", "text"), Cell(0, "count")]),
            Row("Four", [rate_cell(99.5, 100), Cell(300, "days"), Cell("x", "text"), Cell(5, "count")]),
        ],
        chart_column=0,
        first_heading="",
        note="“no data”: a <note> & more.",
    )
    no_chart = Table("plain", "No chart", ["A"], [Row("x", [Cell(1, "count", True)])], chart_column=None)
    zeros = count_table("zeros", "All zero", ["A", "B"], [("x", [0, 0]), ("y", [0, 0])], total_column=True)
    empty = count_table("empty", "Nothing", ["A"], [])
    # Bars of 12.5, 2.5 and 17.5 (rounded half up for the figure's place), a label not in NFC form.
    halves = count_table(
        "halves", "Halves", ["A"], [("Cafe\u0301 school", [600]), ("b", [25]), ("c", [5]), ("d", [35])], total_row=False
    )
    return [hidden, long, rates, no_chart, zeros, empty, halves]


@pytest.mark.parametrize("index", range(7))
@pytest.mark.parametrize("query", ["", "year=2025%2F26&school=3&need=SEMH"])
def test_the_python_table_is_the_templates_byte_for_byte(index, query):
    table = _tables()[index]
    assert _python(table, query) == _template(table, query)


def test_the_compared_tables_have_hidden_cells_and_a_long_table():
    hidden, long, *_ = _tables()
    html = _python(hidden)
    assert "fewer than 5" in html and 'scope="row"' in html and 'scope="col"' in html
    assert "<caption" in html and "<desc" in html and "&lt;Primary&gt; &amp; &quot;Co&quot;&#x27;s" in html
    assert long.is_long and 'aria-describedby="schools-shown"' in _python(long)


def test_the_options_are_the_templates_loop_byte_for_byte():
    loop = Template(
        '{% with selected=field.value|stringformat:"s" %}{% for value, text in choices %}<option value="{{ value }}"'
        '{% if value|stringformat:"s" == selected %} selected{% endif %}>{{ text }}</option>{% endfor %}{% endwith %}'
    )
    choices = [("", "All schools"), (1, "Ash <Primary>"), (22, "Birch & Co"), ("SEMH", "Social, emotional")]
    for current in (None, "", 22, "22", "SEMH"):
        field = SimpleNamespace(value=lambda current=current: current)
        expected = loop.render(Context({"field": field, "choices": choices}))
        assert options_html(choices, str(current)) == expected
