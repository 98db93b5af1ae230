"""Tables of aggregate figures, with statistical disclosure control, and their charts.

Counts of 1 to 4 are shown as "fewer than 5" (`c` in CSV, as DfE statistics write it). Secondary
suppression treats what a reader knows as linear equations: each row or column total shown, and
each declared derived column (places vacant = commissioned - filled - offered). Where an equation
has exactly one hidden cell, its next smallest shown cell is hidden too; then exact elimination
checks that no hidden cell follows from the shown ones through any combination of the equations,
hiding more until none does. Rates whose numerator or denominator is hidden are hidden.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from math import gcd
from typing import Any

SMALL = range(1, 5)
HIDDEN_TEXT = "fewer than 5"
HIDDEN_CSV = "c"

# A table with more rows than LONG_TABLE (a county's 450 schools) shows on the page, in its chart
# and its table, only its TOP_ROWS largest rows by the charted figure, and its total over every
# row; the CSV has every row. A subset of a suppressed table gives nothing more away.
LONG_TABLE = 20
TOP_ROWS = 10


@dataclass
class Cell:
    value: int | float | str | None
    kind: str = "count"  # count | percent | days | text | money
    hidden: bool = False

    @property
    def display(self) -> str:
        if self.hidden:
            return HIDDEN_TEXT if self.kind == "count" else "not shown (small numbers)"
        if self.value is None:
            return "no data" if self.kind != "text" else ""
        if self.kind == "percent":
            return f"{self.value:.1f}%"
        if self.kind == "days":
            return f"{self.value:g} days"
        if self.kind == "count":
            return f"{self.value:,}"
        return str(self.value)

    @property
    def csv(self) -> str:
        if self.hidden:
            return HIDDEN_CSV
        if self.value is None:
            return "x" if self.kind != "text" else ""
        if self.kind == "percent":
            return f"{self.value:.1f}"
        return str(self.value)

    @property
    def is_number(self) -> bool:
        return self.kind != "text"


@dataclass
class Row:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[Row]
    # Which column the chart draws (index into columns), or None for no chart.
    chart_column: int | None = 0
    first_heading: str = ""
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def is_long(self) -> bool:
        return sum(1 for row in self.rows if not row.is_total) > LONG_TABLE

    def page_rows(self) -> list[Row]:
        """The rows the page shows: all of them, or for a long table its largest rows and its total."""
        if not self.is_long:
            return self.rows
        column = self.chart_column or 0

        def size(row: Row) -> float:
            cell = row.cells[column]
            # A hidden count (1 to 4) ranks below 5 and above 0, tied with every other hidden one
            # (then by name), so that the order tells no more than "fewer than 5" does; a hidden
            # rate could be anything, so it ranks last.
            if cell.hidden:
                return 0.5 if cell.kind == "count" else -1
            return cell.value if isinstance(cell.value, int | float) else -1

        # The first TOP_ROWS of the sorted rows (nsmallest is sorted(...)[:n], ties in the same order).
        body = heapq.nsmallest(
            TOP_ROWS, (row for row in self.rows if not row.is_total), key=lambda row: (-size(row), row.label)
        )
        return body + [row for row in self.rows if row.is_total]

    def shown_note(self) -> str:
        """What a long table leaves out on the page, and where to find it."""
        if not self.is_long:
            return ""
        count = sum(1 for row in self.rows if not row.is_total)
        noun = f"{self.first_heading.lower()}s" if self.first_heading else "rows"
        measure = self.columns[self.chart_column or 0]
        total = " The total row counts all of them." if any(row.is_total for row in self.rows) else ""
        return (
            f"{TOP_ROWS} of {count:,} {noun} shown: the {TOP_ROWS} with the highest “{measure}”.{total} "
            f"The CSV has all {count:,}."
        )

    def chart(self, page_rows: list[Row] | None = None) -> dict[str, Any] | None:
        """Bars for the chart: the table's own figures as the page shows them (shown cells only).

        `page_rows`: `self.page_rows()` when the caller has it already."""
        if self.chart_column is None or not self.rows:
            return None
        bars = []
        for row in self.page_rows() if page_rows is None else page_rows:
            if row.is_total:
                continue
            cell = row.cells[self.chart_column]
            number = cell.value if isinstance(cell.value, int | float) and not cell.hidden else None
            bars.append({"label": row.label, "value": number, "display": cell.display})
        top = max((b["value"] for b in bars if b["value"] is not None), default=0) or 1
        scale = 100 if self.rows[0].cells[self.chart_column].kind == "percent" else top
        for index, bar in enumerate(bars):
            bar["y"] = index * 28
            bar["width"] = round(300 * (bar["value"] or 0) / scale, 1) if bar["value"] else 0
        return {
            "bars": bars,
            "height": len(bars) * 28 + 4,
            "measure": self.columns[self.chart_column],
            "id": f"chart-{self.key}",
        }

    def csv_rows(self) -> list[list[str]]:
        out = [[self.first_heading or "", *self.columns]]
        for row in self.rows:
            out.append([row.label, *(cell.csv for cell in row.cells)])
        return out


@dataclass
class Measure:
    """How a figure is defined: shown on the page beside it and written in the README."""

    name: str
    numerator: str
    denominator: str
    period: str
    source: str


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


@dataclass
class Card:
    """A headline figure, with the period it covers."""

    title: str
    value: str
    period: str
    hint: str = ""


def _hide_small(value: int) -> bool:
    return value in SMALL


def suppress(
    matrix: list[list[int]],
    *,
    row_totals: bool,
    col_totals: bool,
    relations: tuple[tuple[int, tuple[int, ...]], ...] | list[tuple[int, tuple[int, ...]]] = (),
) -> list[list[bool]]:
    """Which cells of `matrix` to hide: primary (1 to 4) then secondary suppression.

    `row_totals`/`col_totals`: whether each row's/column's total is shown (and the grand total),
    which a reader could subtract the shown cells from. The totals take part: a hidden total
    needs a second hidden cell in its line too. `relations`: columns derived from others in
    every row (the totals row too), as `(whole, (part, ...))` meaning whole = sum of the parts,
    e.g. places commissioned = filled + offered + vacant. Returns the hidden flags of the matrix
    with its total column and total row (where shown).
    """
    if not matrix:
        return []
    height, width = len(matrix), len(matrix[0])
    full = [[*row, sum(row)] for row in matrix] if row_totals else [list(row) for row in matrix]
    if col_totals:
        full.append([sum(column) for column in zip(*full, strict=True)])
    columns = len(full[0])
    lines = len(full)
    # Cell (r, c) is r * columns + c in the flat list.
    equations: list[list[tuple[int, int]]] = []
    if row_totals:
        equations += [[(r * columns + c, 1) for c in range(width)] + [(r * columns + width, -1)] for r in range(lines)]
    if col_totals:
        equations += [
            [(r * columns + c, 1) for r in range(height)] + [(height * columns + c, -1)] for c in range(columns)
        ]
    for whole, parts in relations:
        equations += [[(r * columns + p, 1) for p in parts] + [(r * columns + whole, -1)] for r in range(lines)]
    totals = {r * columns + width for r in range(lines)} if row_totals else set()
    if col_totals:
        totals |= {height * columns + c for c in range(columns)}
    flat = suppress_cells([v for row in full for v in row], equations, totals=totals)
    return [flat[r * columns : (r + 1) * columns] for r in range(lines)]


def suppress_cells(
    values: list[int], equations: list[list[tuple[int, int]]], *, totals: set[int] = frozenset()
) -> list[bool]:
    """Hide counts of 1 to 4, then more cells until no hidden one follows from the shown ones.

    `equations`: linear relations the reader knows, each a list of (cell, coefficient) summing to
    zero (a row total, a column total, a derived column). Secondary suppression in two steps:
    an equation with exactly one hidden cell gets a second (its smallest shown non-zero cell,
    an inner cell before a total); then, as equations can combine (a hidden cell bridging two
    hidden rectangles), exact elimination finds any hidden cell still determined by the shown
    ones, and hides another cell of one of its equations, until none is.

    Only the equations with a hidden cell in them take part in either step (an equation with none
    gives nothing away and needs nothing hidden): each equation's count of hidden cells is kept as
    cells are hidden, so a county's table of 450 schools with a handful of small counts looks at
    the few lines those touch, in the same order and with the same outcome as looking at them all.
    """
    hidden = [v in SMALL for v in values]
    containing: dict[int, list[int]] = {}
    for index, equation in enumerate(equations):
        for cell, _ in equation:
            containing.setdefault(cell, []).append(index)
    # How many of each equation's cells (counted as often as they appear in it) are hidden.
    hidden_in = [0] * len(equations)
    for cell, flag in enumerate(hidden):
        if flag:
            for index in containing.get(cell, ()):
                hidden_in[index] += 1

    def hide(cell: int) -> None:
        hidden[cell] = True
        for index in containing.get(cell, ()):
            hidden_in[index] += 1

    def candidate(cells: list[int]) -> int | None:
        shown = [c for c in cells if not hidden[c]]
        if not shown:
            return None
        # Prefer a non-zero cell (a zero hidden is odd to read), an inner cell, then the smallest.
        return min(shown, key=lambda c: (values[c] == 0, c in totals, values[c], c))

    def single_hidden_pass() -> bool:
        changed = False
        for index, equation in enumerate(equations):
            if hidden_in[index] != 1:
                continue
            shown_nonzero = [c for c, _ in equation if not hidden[c] and values[c] > 0]
            if not shown_nonzero:
                continue  # the others are zero: nothing left to hide that would help
            hide(candidate(shown_nonzero))
            changed = True
        return changed

    while True:
        while single_hidden_pass():
            pass
        touched = [equations[index] for index, count in enumerate(hidden_in) if count]
        exposed = determined_cells(hidden, touched)
        if not exposed:
            return hidden
        target = None
        for cell in sorted(exposed):
            near = [c for e in containing.get(cell, []) for c, _ in equations[e]]
            target = candidate(near)
            if target is not None:
                break
        if target is None:
            return hidden  # every cell of its equations is hidden already: nothing more to do
        hide(target)


def determined_cells(hidden: list[bool], equations: list[list[tuple[int, int]]]) -> set[int]:
    """The hidden cells whose value the shown cells and the equations fix (exact arithmetic).

    Only the hidden cells are unknowns: in the reduced row echelon form of the equations over
    them, an unknown is fixed when its row has no free unknown in it. The elimination is exact in
    whole numbers: each row is kept as a whole multiple of the row over the rationals (divided by
    its entries' greatest common divisor), which has the same zeros, so the same rows have one
    unknown left as with fractions.
    """
    unknowns = sorted({c for e in equations for c, _ in e if hidden[c]})
    if not unknowns:
        return set()
    column = {cell: index for index, cell in enumerate(unknowns)}
    rows = []
    for equation in equations:
        row: dict[int, int] = {}
        for cell, coefficient in equation:
            if hidden[cell]:
                row[column[cell]] = row.get(column[cell], 0) + coefficient
        row = {k: v for k, v in row.items() if v}
        if row:
            rows.append(row)
    pivots: list[tuple[int, dict[int, int]]] = []
    for row in rows:
        for pivot, reduced in pivots:
            if pivot in row:
                row = _eliminate(row, reduced, pivot)
        if not row:
            continue
        pivot = min(row)
        # Keep the form reduced: clear the new pivot from the rows before it.
        for index, (other_pivot, other) in enumerate(pivots):
            if pivot in other:
                pivots[index] = (other_pivot, _eliminate(other, row, pivot))
        pivots.append((pivot, row))
    return {unknowns[pivot] for pivot, row in pivots if len(row) == 1}


def _eliminate(row: dict[int, int], by: dict[int, int], pivot: int) -> dict[int, int]:
    """`row` with `pivot` cleared by a multiple of `by`, in whole numbers (divided by their gcd)."""
    a, b = by[pivot], row[pivot]
    merged = {k: a * v for k, v in row.items()}
    for k, v in by.items():
        merged[k] = merged.get(k, 0) - b * v
    merged = {k: v for k, v in merged.items() if v}
    divisor = gcd(*merged.values()) if merged else 1
    return {k: v // divisor for k, v in merged.items()} if divisor > 1 else merged


def count_table(
    key: str,
    caption: str,
    columns: list[str],
    rows: list[tuple[str, list[int]]],
    *,
    total_row: bool = True,
    total_column: bool = False,
    first_heading: str = "",
    chart_column: int | None = 0,
    note: str = "",
    relations: tuple[tuple[int, tuple[int, ...]], ...] = (),
) -> Table:
    """A table of counts with its totals, suppressed as the module says.

    `relations`: columns derived from others, `(whole, (part, ...))` (see `suppress`)."""
    matrix = [list(values) for _, values in rows]
    hidden = suppress(matrix, row_totals=total_column, col_totals=total_row, relations=relations)
    out_columns = [*columns, "Total"] if total_column else list(columns)
    out_rows = []
    for index, (label, values) in enumerate(rows):
        cells = [Cell(v, "count", h) for v, h in zip(values, hidden[index], strict=False)]
        if total_column:
            cells.append(Cell(sum(values), "count", hidden[index][len(values)]))
        out_rows.append(Row(label, cells))
    if total_row and rows:
        sums = [sum(column) for column in zip(*matrix, strict=True)][: len(columns)]
        if total_column:
            sums.append(sum(sums))
        out_rows.append(
            Row("Total", [Cell(v, "count", h) for v, h in zip(sums, hidden[-1], strict=True)], is_total=True)
        )
    return Table(key, caption, out_columns, out_rows, chart_column, first_heading, note)


def rate_cell(part: int, whole: int, *, hidden: bool = False) -> Cell:
    """A percentage, hidden when its numerator or denominator is a small count."""
    if whole == 0:
        return Cell(None, "percent")
    return Cell(100 * part / whole, "percent", hidden or _hide_small(part) or _hide_small(whole))


def count_cell(value: int) -> Cell:
    return Cell(value, "count", _hide_small(value))


def shown_count(value: int) -> str:
    return count_cell(value).display


def shown_rate(part: int, whole: int) -> str:
    return rate_cell(part, whole).display
