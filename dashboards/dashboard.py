"""One dashboard: the sections its kind shows, its headline cards, built with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboards import registry
from dashboards.neighbours import NEIGHBOURS_MEASURE, timeliness_benchmarks
from dashboards.scope import Scope
from dashboards.selectors import (
    ENGLAND_WITHIN_20_WEEKS,
    Filters,
    district_headline,
    district_hubs,
    ehc_headline,
    ehc_process,
    hub_places,
    sen_profile,
    sen_profile_headline,
    trends,
)
from dashboards.tables import Card, Section, Table, shown_count

# Which built-in sections each kind of dashboard shows, in order.
KIND_SECTIONS = {
    "la": ("profile", "ehc", "places", "districts", "trends"),
    "trust": ("profile", "ehc", "places", "districts", "trends"),
    "school": ("profile", "ehc", "districts", "trends"),
    "district": ("districts", "trends"),
}


@dataclass
class Dashboard:
    scope: Scope
    filters: Filters
    cards: list[Card] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        for section in self.sections:
            for table in section.tables:
                if table.key == key:
                    return table
        return None


def build(user: Any, scope: Scope, filters: Filters, today: date, *, only_cards: bool = False) -> Dashboard:
    wanted = KIND_SECTIONS[scope.kind]
    board = Dashboard(scope, filters)
    heads: dict[str, dict[str, Any]] = {}
    if "profile" in wanted:
        section, heads["profile"] = sen_profile(user, scope, filters, today)
        board.sections.append(section)
    if "ehc" in wanted:
        section, heads["ehc"] = ehc_process(user, scope, filters, today)
        bench = None if only_cards else timeliness_benchmarks(scope)
        if bench:
            section.tables.insert(1, bench)
            section.measures = [*section.measures, NEIGHBOURS_MEASURE]
        board.sections.append(section)
    if "places" in wanted and not only_cards:
        section, heads["places"] = hub_places(user, scope, filters, today)
        board.sections.append(section)
    if "districts" in wanted and (not only_cards or scope.kind == "district"):
        section, heads["districts"] = district_hubs(user, scope, filters, today)
        board.sections.append(section)
    if "trends" in wanted and not only_cards:
        ehc = heads.get("ehc")
        section = trends(user, scope, filters, today, ehc["plans_by_year"] if ehc else None)
        if scope.kind == "district":
            _drop_column(section, "trends", "New plans within 20 weeks (excluding exceptions)")
        board.sections.append(section)
    if not only_cards:
        for extra in registry.sections_for(scope.kind):
            built = extra.build(scope, filters)
            if built is not None:
                board.sections.append(registry.as_section(extra, built))
    board.cards = _cards(scope, filters, heads, today)
    return board


def headline_cards(user: Any, scope: Scope, filters: Filters, today: date) -> list[Card]:
    """The cards `build(..., only_cards=True)` shows, from only the queries they need (the home page).

    The same figures as the dashboard's cards (tests/dashboards/test_headlines.py compares them):
    the SEN profile's totals (1 query), the EHC section's last full year within 20 weeks and cases
    overdue (3 queries; not on a school's, whose cards show no EHC figure), a district's referrals
    and actions that worked (2 queries).
    """
    wanted = KIND_SECTIONS[scope.kind]
    heads: dict[str, dict[str, Any]] = {}
    if "profile" in wanted:
        heads["profile"] = sen_profile_headline(user, scope, filters, today)
    if "ehc" in wanted and scope.kind != "school":
        heads["ehc"] = ehc_headline(user, scope, filters, today)
    if scope.kind == "district":
        heads["districts"] = district_headline(user, scope, filters, today)
    return _cards(scope, filters, heads, today)


def _drop_column(section: Section, key: str, column: str) -> None:
    """A column the dashboard's kind cannot count (a district hub counts no EHC plans), and its measure."""
    for table in section.tables:
        if table.key == key and column in table.columns:
            index = table.columns.index(column)
            table.columns = [c for i, c in enumerate(table.columns) if i != index]
            for row in table.rows:
                row.cells = [c for i, c in enumerate(row.cells) if i != index]
            if table.chart_column is not None and table.chart_column >= index:
                table.chart_column = None if table.chart_column == index else table.chart_column - 1
    section.measures = [m for m in section.measures if m.name != "New plans within 20 weeks"]


def _cards(scope: Scope, filters: Filters, heads: dict[str, dict[str, Any]], today: date) -> list[Card]:
    cards = []
    ehc = heads.get("ehc")
    profile = heads.get("profile")
    districts = heads.get("districts")
    if ehc and scope.kind in ("la", "trust"):
        year = ehc["within_20_year"]
        england = ENGLAND_WITHIN_20_WEEKS.get(year)
        cards.append(
            Card(
                "New EHC plans issued within 20 weeks",
                ehc["within_20"],
                f"Calendar year {year}, excluding exceptions",
                f"England: {england:.1f}%" if england is not None else "",
            )
        )
    if profile:
        cards.append(
            Card(
                "Pupils on SEN support with fewer than 3 parent meetings",
                profile["few_meetings"],
                f"Academic year {filters.year}",
            )
        )
        if scope.kind == "school":
            cards.append(Card("SEN support reviews overdue", shown_count(profile["overdue"]), "Today"))
    if ehc and scope.kind != "school":
        cards.append(Card("EHC cases overdue", shown_count(ehc["overdue"]), "Today"))
    if districts:
        cards.append(Card("Referrals submitted", shown_count(districts["referrals"]), f"Academic year {filters.year}"))
        cards.append(Card("Reviewed actions that worked", districts["worked"], f"Academic year {filters.year}"))
    places = heads.get("places")
    if places and places["hubs"]:
        cards.append(Card("Vacant hub places", shown_count(places["vacant"]), "Today"))
    return cards[:4]
