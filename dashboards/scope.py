"""Which dashboards a person may open, and the filters of one: through the one access policy.

A dashboard belongs to an organisation: a local authority, a trust, a school or a district's
hub. A person opens the dashboards of the organisations their roles are held at (an
administrator any); another organisation's dashboard is a 404, as if it did not exist. Inside a
dashboard every figure is counted from `Model.objects.visible_to(user, COUNT)`, so the policy
also decides which rows are counted at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Q
from django.http import Http404

from sendhub.access import reach
from sendhub.models import District, LocalAuthority, School, Trust

KIND_MODELS = {"la": LocalAuthority, "trust": Trust, "school": School, "district": District}
KIND_TITLES = {
    "la": "Local authority",
    "trust": "Trust",
    "school": "School",
    "district": "District SEND and Inclusion hub",
}


@dataclass(frozen=True)
class Scope:
    kind: str
    org: Any

    @property
    def name(self) -> str:
        return self.org.hub_name if self.kind == "district" else str(self.org)

    @property
    def local_authority_id(self) -> int | None:
        if self.kind == "la":
            return self.org.pk
        if self.kind in ("school", "district"):
            return self.org.local_authority_id
        return None

    @cached_property
    def school_names(self) -> list[tuple[int, str]]:
        """The scope's schools (pk, name) by name: read once per page, for its figures and its filter."""
        return list(School.objects.filter(self.schools()).order_by("name").values_list("pk", "name"))

    @cached_property
    def district_names(self) -> list[tuple[int, str]]:
        """The districts of the scope's schools (an authority's: all its districts), by name, read once."""
        if self.kind == "la":
            districts = District.objects.filter(local_authority=self.org)
        else:
            districts = District.objects.filter(pk__in=School.objects.filter(self.schools()).values("district"))
        return list(districts.order_by("name").values_list("pk", "name"))

    def schools(self, prefix: str = "") -> Q:
        """The scope's schools, as a filter on a lookup to a School ("" for School itself)."""
        if self.kind == "school":
            return Q(**{(prefix[:-2] if prefix else "pk"): self.org.pk})
        field = {"la": "local_authority", "trust": "trust", "district": "district"}[self.kind]
        return Q(**{f"{prefix}{field}": self.org.pk})


def dashboards_for(user: Any) -> dict[str, list[int]]:
    """The organisations (by kind) whose dashboards the user's roles open; admins: all (None)."""
    r = reach(user)
    return {
        "la": sorted(r.local_authorities),
        "trust": sorted(r.trusts),
        "school": sorted(r.senco_schools | r.leader_schools),
        "district": sorted(r.coordinator_districts),
    }


def may_open_any(user: Any) -> bool:
    r = reach(user)
    return r.is_admin or any(dashboards_for(user).values())


def scope_or_404(user: Any, kind: str, pk: int) -> Scope:
    model = KIND_MODELS.get(kind)
    if model is None:
        raise Http404
    if not reach(user).is_admin and pk not in dashboards_for(user)[kind]:
        raise Http404
    org = model.objects.filter(pk=pk).first()
    if org is None:
        raise Http404
    return Scope(kind, org)
