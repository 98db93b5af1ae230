"""Property: for many random small tables, no hidden count can be worked out from the cells shown.

What a reader knows is written here independently of `dashboards.tables`: each total shown (row
and column) and each declared derived column is a linear equation between cells. A hidden cell is
given away when those equations fix its value whatever the other hidden cells are: when dropping
its column from the hidden cells' equations lowers their rank (exact arithmetic).
"""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.tables import count_table

VALUES = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 40])


def _rank(rows: list[list[Fraction]]) -> int:
    rows = [list(r) for r in rows if any(r)]
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for i in range(len(rows)):
            if i != rank and rows[i][col]:
                factor = rows[i][col] / rows[rank][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)]
        rank += 1
    return rank


def _equations(table, *, total_column: bool, relations) -> list[list[tuple[tuple[int, int], int]]]:
    """The equations a reader can write from the table as shown: cells are (row, column)."""
    body = [i for i, row in enumerate(table.rows) if not row.is_total]
    total_row = next((i for i, row in enumerate(table.rows) if row.is_total), None)
    width = len(table.columns) - (1 if total_column else 0)
    equations = []
    for r in range(len(table.rows)):
        if total_column:
            equations.append([*(((r, c), 1) for c in range(width)), ((r, width), -1)])
        for whole, parts in relations:
            equations.append([*(((r, p), 1) for p in parts), ((r, whole), -1)])
    if total_row is not None:
        for c in range(len(table.columns)):
            equations.append([*(((r, c), 1) for r in body), ((total_row, c), -1)])
    return equations


def _given_away(table, equations) -> list[tuple[int, int]]:
    hidden = sorted({cell for eq in equations for cell, _ in eq if table.rows[cell[0]].cells[cell[1]].hidden})
    if not hidden:
        return []
    matrix = []
    for equation in equations:
        row = [Fraction(0)] * len(hidden)
        for cell, coefficient in equation:
            if cell in hidden:
                row[hidden.index(cell)] += coefficient
        matrix.append(row)
    full = _rank(matrix)
    return [cell for i, cell in enumerate(hidden) if _rank([r[:i] + r[i + 1 :] for r in matrix]) < full]


def _check(table, *, total_column: bool, relations=()) -> None:
    for row in table.rows:
        for cell in row.cells:
            if cell.value in range(1, 5):
                assert cell.hidden, "a count of 1 to 4 is shown"
    exposed = _given_away(table, _equations(table, total_column=total_column, relations=relations))
    assert not exposed, f"hidden cells given away: {exposed} in {[[c.csv for c in r.cells] for r in table.rows]}"


@settings(max_examples=400, deadline=None)
@given(
    matrix=st.integers(1, 4).flatmap(
        lambda w: st.lists(st.lists(VALUES, min_size=w, max_size=w), min_size=1, max_size=5)
    ),
    total_row=st.booleans(),
    total_column=st.booleans(),
)
def test_no_hidden_count_follows_from_the_totals(matrix, total_row, total_column):
    rows = [(f"Row {i}", values) for i, values in enumerate(matrix)]
    columns = [f"Column {c}" for c in range(len(matrix[0]))]
    table = count_table("t", "T", columns, rows, total_row=total_row, total_column=total_column)
    _check(table, total_column=total_column)


@settings(max_examples=400, deadline=None)
@given(
    parts=st.lists(st.lists(VALUES, min_size=3, max_size=3), min_size=1, max_size=5),
    total_row=st.booleans(),
)
def test_no_hidden_count_follows_from_a_derived_column(parts, total_row):
    # Places: commissioned = filled + offered + vacant, in every row and in the totals.
    rows = [(f"Hub {i}", [sum(p), *p]) for i, p in enumerate(parts)]
    relations = ((0, (1, 2, 3)),)
    table = count_table(
        "places",
        "Places",
        ["Commissioned", "Filled", "Offered", "Vacant"],
        rows,
        total_row=total_row,
        relations=relations,
    )
    _check(table, total_column=False, relations=relations)


def test_filled_fewer_than_5_is_not_given_away_by_commissioned_offered_and_vacant():
    relations = ((0, (1, 2, 3)),)
    table = count_table(
        "places",
        "Places",
        ["Commissioned", "Filled", "Offered", "Vacant"],
        [("Hub", [14, 3, 0, 11])],
        relations=relations,
    )
    hub = table.rows[0].cells
    assert hub[1].hidden and hub[3].hidden, "vacant is hidden with filled"
    assert not hub[0].hidden and not hub[2].hidden
    _check(table, total_column=False, relations=relations)


def test_a_hidden_cell_bridging_two_hidden_rectangles_is_protected():
    # Every line has two hidden cells after the first step, yet the middle cell would follow
    # from the totals (a bridge between two cycles): elimination finds and protects it.
    matrix = [
        [2, 3, 50, 50, 50],
        [3, 2, 1, 50, 50],
        [50, 50, 3, 2, 50],
        [50, 50, 50, 3, 2][:5],
    ]
    rows = [(f"Row {i}", values) for i, values in enumerate(matrix)]
    table = count_table("t", "T", [f"C{c}" for c in range(5)], rows, total_column=True)
    _check(table, total_column=True)
