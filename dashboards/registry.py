"""Sections other apps add to a dashboard (e.g. a trust's training and QA figures), registered at start-up.

An app above `dashboards` in the layers (`trusthub`) calls `register_section(...)` from its
`AppConfig.ready()`; `dashboards` never imports it. A section's `build(scope, filters)` returns a
`dashboards.tables.Section` (or None when it has nothing for this scope), and must run a fixed
number of queries whatever the size of the scope.
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
