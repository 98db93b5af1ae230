"""Sections other apps add to a dashboard (e.g. a trust's training and QA figures), registered at start-up.

`dashboards` sits above every other app (import-linter layers), so an app below it (`trusthub`)
must not import this module: its builders are registered from here, by a line in
`dashboards/apps.py` `ready()` (or by the integrator), e.g.

    from trusthub.figures import training_section          # a plain function in trusthub
    register_section(key="training", title="Training and QA", kinds=("trust",), build=training_section)

`build(scope, filters)` gets the dashboard's scope (`.kind`, `.org`, `.schools(prefix)` -> Q) and
filters (`.year`, `.school`, `.district`, `.need`, `.bounds`) and returns None (nothing here) or
plain data, so it needs nothing from `dashboards`:

    {"tables": [{"key": "training", "caption": "Staff trained", "columns": ["Tier 1", "Tier 2"],
                 "rows": [("School A", [12, 3]), ...], "first_heading": "School"}],
     "measures": [{"name": ..., "numerator": ..., "denominator": ..., "period": ..., "source": ...}]}

Counts are suppressed like every other table. A builder must run a fixed number of queries
whatever the size of the scope, and count only through `visible_to(user, COUNT)` where it
reads pupil data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Dashboard kinds: "la", "trust", "school", "district".
KINDS = ("la", "trust", "school", "district")


@dataclass(frozen=True)
class RegisteredSection:
    key: str
    title: str
    kinds: frozenset[str]
    build: Callable[[Any, Any], Any]
    order: int = 100


_SECTIONS: dict[str, RegisteredSection] = {}


def register_section(
    *, key: str, title: str, kinds: tuple[str, ...] | frozenset[str], build: Callable[[Any, Any], Any], order: int = 100
) -> None:
    """Add (or replace, by key) a section shown on the dashboards of `kinds`, after the built-in ones."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"Unknown dashboard kinds: {sorted(unknown)}")
    _SECTIONS[key] = RegisteredSection(key=key, title=title, kinds=frozenset(kinds), build=build, order=order)


def sections_for(kind: str) -> list[RegisteredSection]:
    return sorted((s for s in _SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.key))


def unregister_section(key: str) -> None:
    """For tests."""
    _SECTIONS.pop(key, None)


def as_section(registered: RegisteredSection, built: Any) -> Any:
    """A builder's plain data as a dashboard section (a ready-made Section passes through)."""
    from dashboards.tables import Measure, Section, count_table

    if not isinstance(built, dict):
        return built
    tables = [
        count_table(
            t["key"],
            t["caption"],
            list(t["columns"]),
            [(label, list(values)) for label, values in t["rows"]],
            first_heading=t.get("first_heading", ""),
            total_row=t.get("total_row", True),
        )
        for t in built.get("tables", [])
    ]
    measures = [Measure(**m) for m in built.get("measures", [])]
    return Section(registered.key, built.get("title", registered.title), tables, measures)
