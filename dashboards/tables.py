"""Tables of aggregate figures, with statistical disclosure control, and their charts.

Counts of 1 to 4 are shown as "fewer than 5" (`c` in CSV, as DfE statistics write it). Secondary
suppression: where a row or column with a total shown has exactly one hidden cell, the next
smallest shown cell of that row or column is hidden too, so that the total minus the shown cells
cannot give the hidden one away. Rates whose numerator or denominator is hidden are hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

        body = sorted((row for row in self.rows if not row.is_total), key=lambda row: (-size(row), row.label))
        return body[:TOP_ROWS] + [row for row in self.rows if row.is_total]

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

    def chart(self) -> dict[str, Any] | None:
        """Bars for the chart: the table's own figures as the page shows them (shown cells only)."""
        if self.chart_column is None or not self.rows:
            return None
        bars = []
        for row in self.page_rows():
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


def suppress(matrix: list[list[int]], *, row_totals: bool, col_totals: bool) -> list[list[bool]]:
    """Which cells of `matrix` to hide: primary (1 to 4) then secondary suppression.

    `row_totals`/`col_totals`: whether each row's/column's total is shown (and the grand total),
    which a reader could subtract the shown cells from. The totals take part: a hidden total
    needs a second hidden cell in its line too.
    """
    if not matrix:
        return []
    height, width = len(matrix), len(matrix[0])
    full = [list(row) + ([sum(row)] if row_totals else []) for row in matrix]
    if col_totals:
        full.append([sum(full[r][c] for r in range(height)) for c in range(len(full[0]))])
    hidden = [[_hide_small(v) for v in row] for row in full]
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(r, c) for c in range(width + 1)] for r in range(len(full))]
    if col_totals:
        lines += [[(r, c) for r in range(height + 1)] for c in range(len(full[0]))]

    def protect(cells: list[tuple[int, int]]) -> bool:
        if sum(1 for r, c in cells if hidden[r][c]) != 1:
            return False
        shown = [(matrix_value(r, c), r, c) for r, c in cells if not hidden[r][c] and full[r][c] > 0]
        if not shown:
            return False  # the others are zero: nothing left to hide that would help
        _, r, c = min(shown)
        hidden[r][c] = True
        return True

    def matrix_value(r: int, c: int) -> tuple[int, int]:
        # Prefer hiding an inner cell to hiding a total; then the smallest.
        is_total = (row_totals and c == width) or (col_totals and r == height)
        return (1 if is_total else 0, full[r][c])

    changed = True
    while changed:
        changed = False
        for line in lines:
            changed |= protect(line)
    return hidden


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
) -> Table:
    """A table of counts with its totals, suppressed as the module says."""
    matrix = [list(values) for _, values in rows]
    hidden = suppress(matrix, row_totals=total_column, col_totals=total_row)
    out_columns = [*columns, "Total"] if total_column else list(columns)
    out_rows = []
    for index, (label, values) in enumerate(rows):
        cells = [Cell(v, "count", h) for v, h in zip(values, hidden[index], strict=False)]
        if total_column:
            cells.append(Cell(sum(values), "count", hidden[index][len(values)]))
        out_rows.append(Row(label, cells))
    if total_row and rows:
        sums = [sum(matrix[r][c] for r in range(len(matrix))) for c in range(len(columns))]
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
