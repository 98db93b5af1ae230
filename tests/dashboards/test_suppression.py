"""Small numbers: 1 to 4 hidden, and never given away by a total minus the cells shown."""

from dashboards.tables import count_table, rate_cell, suppress


def _revealed(table) -> bool:
    """Whether any hidden inner cell can be worked out from its row or column total."""
    body = [row for row in table.rows if not row.is_total]
    total = next((row for row in table.rows if row.is_total), None)
    for row in body:  # row totals (last column)
        hidden = [cell for cell in row.cells[:-1] if cell.hidden]
        if len(hidden) == 1 and not row.cells[-1].hidden:
            return True
    if total:
        for index, total_cell in enumerate(total.cells):
            hidden = [row.cells[index] for row in body if row.cells[index].hidden]
            if len(hidden) == 1 and not total_cell.hidden:
                return True
    return False


def test_counts_of_one_to_four_are_shown_as_fewer_than_5_and_c_in_csv():
    table = count_table("t", "T", ["A", "B"], [("School 1", [3, 40]), ("School 2", [0, 12])], total_column=True)
    cells = table.rows[0].cells
    assert cells[0].display == "fewer than 5" and cells[0].csv == "c"
    assert table.rows[1].cells[0].display == "0", "zero is not disclosive"
    assert "3" not in [value for row in table.csv_rows() for value in row[1:]]


def test_a_total_minus_the_shown_cells_cannot_reveal_a_hidden_one():
    table = count_table(
        "t",
        "T",
        ["A", "B", "C"],
        [("One", [3, 40, 9]), ("Two", [20, 30, 7]), ("Three", [11, 2, 50])],
        total_column=True,
    )
    assert not _revealed(table)
    one = table.rows[0].cells
    assert one[0].hidden and one[2].hidden and not one[1].hidden, "the next smallest cell of the row is hidden too"


def test_a_small_column_total_is_protected_in_the_totals_row():
    # Casterbridge 7, Melchester 1 and a grand total of 8 would give Melchester away.
    table = count_table(
        "t", "T", ["Casterbridge", "Melchester"], [("Submitted", [3, 1]), ("Closed", [4, 0])], total_column=True
    )
    total = table.rows[-1].cells
    assert total[1].hidden and total[0].hidden and not total[2].hidden


def test_secondary_suppression_on_a_plain_matrix():
    hidden = suppress([[2, 10, 30]], row_totals=True, col_totals=False)
    assert hidden[0][:3] == [True, True, False]


def test_a_share_is_hidden_when_its_counts_are_small():
    assert rate_cell(3, 40).hidden and rate_cell(30, 4).hidden
    assert rate_cell(30, 40).display == "75.0%"
    assert rate_cell(0, 0).display == "no data"
