"""A table of a county's 450 schools shows its 10 largest rows and its total on the page; the CSV has all."""

from django.urls import reverse

from dashboards.html import table_html
from dashboards.tables import TOP_ROWS, count_table


def schools_table(count: int):
    # School n has n * 10 pupils, except school 7, which has 3 (shown as "fewer than 5").
    rows = [(f"School {n:03d}", [3 if n == 7 else n * 10]) for n in range(1, count + 1)]
    return count_table("provision", "Pupils per school", ["Pupils"], rows, first_heading="School")


def test_a_long_table_shows_its_largest_rows_and_the_total_over_all_rows():
    table = schools_table(450)
    shown = table.page_rows()
    assert [row.label for row in shown[:3]] == ["School 450", "School 449", "School 448"]
    assert len(shown) == TOP_ROWS + 1 and shown[-1].is_total
    assert shown[-1].cells[0].value == sum(n * 10 for n in range(1, 451) if n != 7) + 3
    assert len(table.chart()["bars"]) == TOP_ROWS
    assert table.shown_note().startswith("10 of 450 schools shown")
    assert len(table.csv_rows()) == 1 + 450 + 1  # heading, every school, total


def test_a_short_table_shows_every_row_in_its_own_order():
    table = schools_table(12)
    assert table.page_rows() == table.rows and not table.shown_note()
    assert len(table.chart()["bars"]) == 12


def test_a_hidden_count_never_ranks_a_row_among_the_largest():
    table = count_table(
        "t", "T", ["Pupils"], [(f"School {n:02d}", [3 if n < 15 else 0]) for n in range(30)], first_heading="School"
    )
    # Every non-zero count is hidden: the shown rows are in name order, saying nothing of the values.
    assert [row.label for row in table.page_rows()[:TOP_ROWS]] == [f"School {n:02d}" for n in range(TOP_ROWS)]


def test_the_page_says_what_it_leaves_out_and_the_chart_names_the_largest():
    table = schools_table(450)
    html = table_html(table, reverse("dashboards:csv", args=["la", 1, table.key]))  # what the page writes
    assert "10 of 450 schools shown" in html and "The CSV has all 450" in html
    assert 'aria-describedby="provision-shown"' in html
    assert "School 450" in html and "School 001" not in html
    assert html.count('<tr class="govuk-table__row">') == 1 + TOP_ROWS + 1
