"""Grouped rows read as plain dicts, without Django's converters per row and per column.

A county's SEN profile groups its pupils by school and need into some 5,000 rows of counts: the
values iterable's converters (an `int()` per count, per row) and its dict building cost more than
the query. Counts come from the database driver as ints already, so where every column that has a
converter is an integer one, the rows are read straight from the cursor; otherwise (a date, a
decimal, a field with its own `from_db_value`) the queryset is iterated as usual.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from django.db.models.sql.constants import MULTI


def plain_rows(queryset: Any) -> list[dict[str, Any]]:
    """The rows of a `.values(...)` queryset, as it would give them, read without per-row converters."""
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    results = compiler.execute_sql(MULTI)
    if query.selected:  # as ValuesIterable names the columns
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = compiler.get_converters(fields)
    if len(fields) != len(names) or any(
        not expression.output_field.get_internal_type().endswith("IntegerField")
        for _, expression in converters.values()
    ):
        rows = compiler.results_iter(results)  # the same rows, converted as the queryset would
    else:
        rows = chain.from_iterable(results)
    return [dict(zip(names, row, strict=True)) for row in rows]
