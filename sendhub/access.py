"""The one access policy for pupil-identifiable data.

Every model that holds or points to pupil data declares, in `access_paths`, how its rows
reach a school, a district, a pupil's parents and so on, and which *resource* of the
policy table below it is. `visible_to(user, action)` on its queryset turns the user's
roles into one `Q` through this module; nothing else in the portal filters by tenant.

A record another organisation holds is a 404, exactly like one that does not exist.
A record the user may see but not act on is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .models import Membership, Role

if TYPE_CHECKING:
    from .models import User

M = TypeVar("M", bound=models.Model)

VIEW = "view"
EDIT = "edit"
# Aggregate figures only (the dashboards): counted, never listed or shown one by one.
COUNT = "count"


@dataclass(frozen=True)
class Reach:
    """The organisations and people a user's current memberships reach."""

    user_id: int | None = None
    is_admin: bool = False
    is_parent: bool = False
    senco_schools: frozenset[int] = frozenset()
    leader_schools: frozenset[int] = frozenset()
    # School staff (not SENCos or leaders): they book training and reach no pupil data.
    staff_schools: frozenset[int] = frozenset()
    local_authorities: frozenset[int] = frozenset()
    trusts: frozenset[int] = frozenset()
    coordinator_districts: frozenset[int] = frozenset()
    panel_districts: frozenset[int] = frozenset()
    # (district id, agency) for each panel membership.
    panel_agencies: frozenset[tuple[int, str]] = frozenset()
    roles: frozenset[str] = frozenset()

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)


NOBODY = Reach()


def reach(user: User | Any, memberships: Iterable[Membership] | None = None) -> Reach:
    """What the user's roles reach, read once per request and cached on the user object.

    `memberships`: the user's current memberships (Membership.objects.current().filter(user=user)),
    when the caller has read them already (the home page), instead of reading them again.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    cached = getattr(user, "_sendhub_reach", None)
    if cached is not None:
        return cached
    sets: dict[str, set[int]] = {
        "senco_schools": set(),
        "leader_schools": set(),
        "staff_schools": set(),
        "local_authorities": set(),
        "trusts": set(),
        "coordinator_districts": set(),
        "panel_districts": set(),
    }
    roles: set[str] = set()
    agencies: set[tuple[int, str]] = set()
    if memberships is not None:
        rows = [(m.role, m.school_id, m.district_id, m.local_authority_id, m.trust_id, m.agency) for m in memberships]
    else:
        rows = (
            Membership.objects.current()
            .filter(user=user)
            .values_list("role", "school_id", "district_id", "local_authority_id", "trust_id", "agency")
        )
    for role, school_id, district_id, la_id, trust_id, agency in rows:
        roles.add(role)
        if role == Role.SENCO:
            sets["senco_schools"].add(school_id)
        elif role == Role.SCHOOL_LEADER:
            sets["leader_schools"].add(school_id)
        elif role == Role.SCHOOL_STAFF:
            sets["staff_schools"].add(school_id)
        elif role == Role.LA_OFFICER:
            sets["local_authorities"].add(la_id)
        elif role == Role.TRUST_SEND_LEAD:
            sets["trusts"].add(trust_id)
        elif role == Role.HUB_COORDINATOR:
            sets["coordinator_districts"].add(district_id)
        elif role == Role.PANEL_MEMBER:
            sets["panel_districts"].add(district_id)
            agencies.add((district_id, agency))
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    result = Reach(
        user_id=user.pk,
        is_admin=Role.ADMINISTRATOR in roles,
        is_parent=Role.PARENT in roles,
        roles=frozenset(roles),
        panel_agencies=frozenset(agencies),
        **{name: frozenset(ids) for name, ids in sets.items()},
    )
    user._sendhub_reach = result
    return result


def forget_reach(user: Any) -> None:
    """Drop the cached reach, after the user's memberships change."""
    if hasattr(user, "_sendhub_reach"):
        del user._sendhub_reach


# --- How a model's rows reach organisations ---------------------------------------------


@dataclass(frozen=True)
class AccessPaths:
    """Lookups from a model to what the policy speaks of. `None`: the model has no such path.

    resource       key of the policy table below
    pupil          lookup to the Pupil ("pk" for Pupil itself); also used by the audit trail
    school         lookup to the School whose roll the pupil is on
    parent_user    lookup to the user account of a contact with parental responsibility
    hosted_school  lookup to the host school of a hub place the pupil holds or was offered
    district       lookup to the District whose SEND & Inclusion hub handles the record
    panel          builds, from the user's Reach, the rows a panel member may see; it must
                   not repeat rows (use `pk__in` or `Exists` subqueries for many-valued joins)
    district_sees  a condition the row must also meet to reach the district's hub (its
                   coordinator and panel), e.g. a referral the school has sent; None: no condition
    organisation   for records that belong to an organisation rather than a pupil
    extra          direct lookups to an organisation, keyed by the grant's path name
                   ("trust", "local_authority"): for records owned by a trust or an LA
                   without going through a school (e.g. a consultation on a trust hub)
    condition      a Q every row must also meet, whoever asks (e.g. "while consent stands":
                   a trust hub case consultation vanishes for everyone once consent is withdrawn)
    """

    resource: str
    pupil: str | None = None
    school: str | None = None
    parent_user: str | None = None
    hosted_school: str | None = None
    district: str | None = None
    panel: Callable[[Reach], Q] | None = None
    district_sees: Q | None = None
    extra: dict[str, str] = field(default_factory=dict)
    condition: Q | None = None


# A grant: a role, and the path through which it reaches the row.
Grant = tuple[str, str]

SENCO_AT_SCHOOL: Grant = (Role.SENCO, "school")
SENCO_AT_HOST_SCHOOL: Grant = (Role.SENCO, "hosted_school")
LEADER_AT_SCHOOL: Grant = (Role.SCHOOL_LEADER, "school")
LA_OF_SCHOOL: Grant = (Role.LA_OFFICER, "school_la")
TRUST_OF_SCHOOL: Grant = (Role.TRUST_SEND_LEAD, "school_trust")
PARENT_OF_PUPIL: Grant = (Role.PARENT, "parent_user")
COORDINATOR_OF_DISTRICT: Grant = (Role.HUB_COORDINATOR, "district")
PANEL_INVITED: Grant = (Role.PANEL_MEMBER, "panel")
ADMIN: Grant = (Role.ADMINISTRATOR, "all")
# Through AccessPaths.extra: a record a trust or an LA owns directly, not through a school.
TRUST_DIRECT: Grant = (Role.TRUST_SEND_LEAD, "trust")
LA_DIRECT: Grant = (Role.LA_OFFICER, "local_authority")

# resource -> action -> grants. The whole of who may see and do what with pupil data.
POLICY: dict[str, dict[str, frozenset[Grant]]] = {
    # The pupil record itself: the school's SENCo and the LA keep it; the trust reads it.
    "pupil": {
        VIEW: frozenset({SENCO_AT_SCHOOL, SENCO_AT_HOST_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({SENCO_AT_SCHOOL, LA_OF_SCHOOL}),
        COUNT: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, ADMIN}),
    },
    # Parents' and carers' contact details: the school and the LA only. A parent sees their
    # child's record but not the other contacts (they may be separated from each other).
    "contact": {
        VIEW: frozenset({SENCO_AT_SCHOOL, LA_OF_SCHOOL, ADMIN}),
        EDIT: frozenset({SENCO_AT_SCHOOL, LA_OF_SCHOOL}),
    },
    # SEN support (the graduated approach) is the school's own work.
    "sen_support": {
        VIEW: frozenset({SENCO_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({SENCO_AT_SCHOOL}),
        COUNT: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, ADMIN}),
    },
    # EHC needs assessments and plans are the LA's statutory work; the school contributes advice.
    "ehc": {
        VIEW: frozenset({SENCO_AT_SCHOOL, SENCO_AT_HOST_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({LA_OF_SCHOOL}),
        "advise": frozenset({SENCO_AT_SCHOOL, SENCO_AT_HOST_SCHOOL}),
        COUNT: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, ADMIN}),
    },
    # A place in a mainstream SEND hub: the host school sees its hub's pupils.
    "placement": {
        VIEW: frozenset({SENCO_AT_SCHOOL, SENCO_AT_HOST_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({LA_OF_SCHOOL}),
        COUNT: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, ADMIN}),
    },
    # Places commissioned in a mainstream SEND hub: the host school's LA commissions them;
    # the host school and its trust can read the agreements.
    "commissioning": {
        VIEW: frozenset({LA_OF_SCHOOL, SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, TRUST_OF_SCHOOL, ADMIN}),
        EDIT: frozenset({LA_OF_SCHOOL}),
    },
    # Referrals to the district hub: the referring school, the hub's coordinator, panel
    # members invited to a meeting that discusses it (while consent stands), the parent.
    "referral": {
        VIEW: frozenset({SENCO_AT_SCHOOL, COORDINATOR_OF_DISTRICT, PANEL_INVITED, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({SENCO_AT_SCHOOL}),
        "triage": frozenset({COORDINATOR_OF_DISTRICT}),
        "withdraw_consent": frozenset({SENCO_AT_SCHOOL, PARENT_OF_PUPIL}),
        COUNT: frozenset(
            {SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, LA_OF_SCHOOL, TRUST_OF_SCHOOL, COORDINATOR_OF_DISTRICT, ADMIN}
        ),
    },
    # Advice and case consultations asked of a trust SEND hub (trusthub): the asking school,
    # the trust SEND team and, about a child, the parent; only while consent stands (the
    # model's `condition`). The trust SEND lead triages and answers.
    "trust_advice": {
        VIEW: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, TRUST_DIRECT, PARENT_OF_PUPIL, ADMIN}),
        EDIT: frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL}),
        "triage": frozenset({TRUST_DIRECT}),
        # Consent a case consultation owns (a child with no referral): the school or a parent withdraws it.
        "withdraw_consent": frozenset({SENCO_AT_SCHOOL, LEADER_AT_SCHOOL, PARENT_OF_PUPIL}),
    },
    # Meetings of a district hub's panel and Locality Management Group: the coordinator runs
    # them; panel members see the meetings they are invited to.
    "meeting": {
        VIEW: frozenset({COORDINATOR_OF_DISTRICT, PANEL_INVITED, ADMIN}),
        EDIT: frozenset({COORDINATOR_OF_DISTRICT}),
    },
    # Public consultations on a hub, and the responses to them (personal data). The owner
    # is the hub's: a mainstream hub's host school (its leaders, its trust, its LA); a
    # trust hub's trust; a district hub's LA.
    "consultation": {
        VIEW: frozenset({LEADER_AT_SCHOOL, TRUST_OF_SCHOOL, LA_OF_SCHOOL, TRUST_DIRECT, LA_DIRECT, ADMIN}),
        EDIT: frozenset({LEADER_AT_SCHOOL, TRUST_OF_SCHOOL, LA_OF_SCHOOL, TRUST_DIRECT, LA_DIRECT, ADMIN}),
    },
}


def register_resource(name: str, rules: dict[str, frozenset[Grant]]) -> None:
    """Only for tests of the policy machinery; production resources are listed above."""
    POLICY[name] = rules


def _reach_values(r: Reach, role: str) -> frozenset[int]:
    return {
        Role.SENCO: r.senco_schools,
        Role.SCHOOL_LEADER: r.leader_schools,
        Role.LA_OFFICER: r.local_authorities,
        Role.TRUST_SEND_LEAD: r.trusts,
        Role.HUB_COORDINATOR: r.coordinator_districts,
        Role.PANEL_MEMBER: r.panel_districts,
    }.get(role, frozenset())


def _lookup(path: str, tail: str) -> str:
    """Join a path and a lookup; "pk" means the row itself is the organisation."""
    if path == "pk":
        return "pk__in" if tail == "in" else tail
    return f"{path}__{tail}"


def _grant_q(model: type[models.Model], paths: AccessPaths, r: Reach, grant: Grant) -> Q | None:
    role, via = grant
    if role not in r.roles:
        return None
    if via == "all":
        return Q()
    if via == "parent_user":
        if paths.parent_user is None:
            return None
        # Through a many-valued relation: a subquery keeps each row once.
        return Q(pk__in=model._base_manager.filter(**{paths.parent_user: r.user_id}).values("pk"))
    if via == "panel":
        if paths.panel is None or not r.panel_districts:
            return None
        return paths.panel(r) & (paths.district_sees or Q())
    ids = _reach_values(r, role)
    if not ids:
        return None
    if via == "school" and paths.school:
        return Q(**{_lookup(paths.school, "in"): ids})
    if via == "school_la" and paths.school:
        return Q(**{_lookup(paths.school, "local_authority__in"): ids})
    if via == "school_trust" and paths.school:
        return Q(**{_lookup(paths.school, "trust__in"): ids})
    if via == "district" and paths.district:
        return Q(**{_lookup(paths.district, "in"): ids}) & (paths.district_sees or Q())
    if via == "hosted_school" and paths.hosted_school:
        return Q(pk__in=model._base_manager.filter(**{f"{paths.hosted_school}__in": ids}).values("pk"))
    if via in paths.extra:
        return Q(**{_lookup(paths.extra[via], "in"): ids})
    return None


def scope_q(
    model: type[models.Model], user: Any, action: str = VIEW, *, roles: frozenset[str] | None = None
) -> Q | None:
    """The rows of `model` the user may `action`, as a Q; None when they may act on none.

    `roles` narrows the grants to those roles (e.g. "as staff, not as a parent").
    """
    paths: AccessPaths = model.access_paths
    try:
        grants = POLICY[paths.resource][action]
    except KeyError:
        raise ValueError(f"The access policy has no action {action!r} for {paths.resource!r}") from None
    r = reach(user)
    combined: Q | None = None
    for grant in sorted(grants):
        if roles is not None and grant[0] not in roles:
            continue
        q = _grant_q(model, paths, r, grant)
        if q is None:
            continue
        if not q:  # Q(): every row
            return paths.condition if paths.condition is not None else Q()
        combined = q if combined is None else combined | q
    if combined is not None and paths.condition is not None:
        combined &= paths.condition
    return combined


def scoped_by_school(model: type[models.Model], user: Any, action: str = VIEW) -> bool:
    """Whether the user's rows of `model` are exactly the rows at a set of schools.

    True when every grant that reaches the user's rows goes through the rows' school (the
    school's own roles, its local authority, its trust, or every school) and no condition
    narrows them: then figures kept per school (e.g. pupils.records.models.PupilCount, whose
    `school` path is the pupils'), summed over `visible_to(user, action)`, count exactly the rows
    `model.objects.visible_to(user, action)` holds. False when a grant reaches rows another way
    (a parent's own children, pupils placed in a hub at the user's school, a panel's cases):
    those figures must be counted from the rows.
    """
    paths: AccessPaths = model.access_paths
    if paths.condition is not None or not paths.school:
        return False
    r = reach(user)
    for grant in POLICY[paths.resource][action]:
        if _grant_q(model, paths, r, grant) is None:
            continue  # the user holds no such grant
        if grant[1] not in _SCHOOL_PATHS:
            return False
    return True


def can_manage_hub(user: Any, hub: Any) -> bool:
    """Who runs a hub's page: the LA of a mainstream hub's host school or of a district hub, a trust hub's trust."""
    r = reach(user)
    if r.is_admin:
        return True
    if hub.kind == "mainstream":
        return hub.host_school.local_authority_id in r.local_authorities
    if hub.kind == "district":
        return hub.district.local_authority_id in r.local_authorities
    return hub.trust_id in r.trusts


def can_see_district_board(user: Any, district: Any) -> bool:
    """The Partnership Board's figures for a district (counts, no names): its coordinators, its LA, admins."""
    r = reach(user)
    return r.is_admin or district.pk in r.coordinator_districts or district.local_authority_id in r.local_authorities


_SCHOOL_PATHS = {"school", "school_la", "school_trust", "all"}


def may_at_school(user: Any, school: Any, resource: str, action: str) -> bool:
    """Whether the user's roles let them `action` a `resource` of this school (e.g. add a pupil there)."""
    return _school_grants_reach(reach(user), school, POLICY[resource][action])


def _school_grants_reach(r: Reach, school: Any, grants: Iterable[Grant], roles: frozenset[str] | None = None) -> bool:
    """Whether one of `grants` (of `roles`, when given) reaches this school through the school itself."""
    for role, via in grants:
        if role not in r.roles or via not in _SCHOOL_PATHS:
            continue
        if roles is not None and role not in roles:
            continue
        if via == "all":
            return True
        if via == "school" and school.pk in _reach_values(r, role):
            return True
        if via == "school_la" and school.local_authority_id in r.local_authorities:
            return True
        if via == "school_trust" and school.trust_id in r.trusts:
            return True
    return False


def schools_where(user: Any, resource: str, action: str) -> models.QuerySet:
    """The schools at which the user may `action` a `resource`: the choices of a form."""
    from .models import School

    r = reach(user)
    q: Q | None = None
    for role, via in POLICY[resource][action]:
        if role not in r.roles or via not in _SCHOOL_PATHS:
            continue
        if via == "all":
            return School.objects.all()
        part = {
            "school": Q(pk__in=_reach_values(r, role)),
            "school_la": Q(local_authority__in=r.local_authorities),
            "school_trust": Q(trust__in=r.trusts),
        }[via]
        q = part if q is None else q | part
    return School.objects.none() if q is None else School.objects.filter(q)


def same_schools_where(user: Any, resource: str, action: str, other: str) -> bool:
    """Whether `schools_where(user, resource, action)` and `(..., other)` are the same schools: the
    same grants, and at least one, reach them (e.g. an LA officer views and edits pupils at the
    LA's schools), so a view that has found rows at one need not ask whether the other has any.
    False when no grant through a school reaches either (a parent sees their own children)."""
    r = reach(user)

    def grants(act: str) -> frozenset:
        return frozenset(g for g in POLICY[resource][act] if g[0] in r.roles and g[1] in _SCHOOL_PATHS)

    reached = grants(action)
    return bool(reached) and reached == grants(other)


class ScopedQuerySet(models.QuerySet):
    """Base queryset for every model with pupil data."""

    def visible_to(self, user: Any, action: str = VIEW) -> ScopedQuerySet:
        q = scope_q(self.model, user, action)
        return self.none() if q is None else self.filter(q)


def visible_for_pupil(queryset: models.QuerySet, user: Any, pupil: Any, action: str = VIEW) -> models.QuerySet:
    """The rows of `queryset` about this pupil that the user may `action`: the scope of
    `visible_to(user, action)`, narrowed to the pupil (its `access_paths.pupil`).

    `pupil`: read through this policy in this request, with its school. When one of the user's
    grants through the pupil's school itself (its SENCo, its LA, its trust, every school) reaches
    the model's rows, every row about this pupil is in scope (the model reaches its school through
    the pupil, so that grant's condition holds for all of them): then the rows are read by the
    pupil alone, without joining the pupil and its school again. Otherwise by the scope, as
    `visible_to`.
    """
    model = queryset.model
    paths: AccessPaths = model.access_paths
    pupil_path = paths.pupil
    if pupil_path is None:
        raise ValueError(f"{model.__name__} rows are not about a pupil (access_paths.pupil)")
    by_pupil = {"pk": pupil.pk} if pupil_path == "pk" else {pupil_path: pupil}
    if (
        paths.condition is None
        and paths.school == ("school" if pupil_path == "pk" else f"{pupil_path}__school")
        and type(pupil)._meta.get_field("school").is_cached(pupil)
        and _school_grants_reach(reach(user), pupil.school, POLICY[paths.resource][action])
    ):
        return queryset.filter(**by_pupil)
    q = scope_q(model, user, action)
    return queryset.none() if q is None else queryset.filter(q).filter(**by_pupil)


STAFF_ROLES = frozenset(set(Role.values) - {Role.PARENT})


def can(user: Any, obj: models.Model, action: str, *, roles: frozenset[str] | None = None, school: Any = None) -> bool:
    """Whether the user may take `action` on this record (one query).

    `school`: the School the record reaches through its `access_paths.school`, as read with the
    record in this request (a pupil's `school`). When one of the user's grants through that
    school itself (its SENCo, its LA, its trust, every school) answers yes, no query is needed:
    the query would find the record through that same grant. Otherwise the query decides: also
    when `school` is not the record's own (its school key differs) or the record reaches its school
    through another record (then its key is not on the row to check), so a wrong `school` fails
    closed.
    """
    paths: AccessPaths = type(obj).access_paths
    if (
        school is not None
        and paths.condition is None
        and paths.school
        and "__" not in paths.school
        and getattr(obj, f"{paths.school}_id", None) == school.pk
        and _school_grants_reach(reach(user), school, POLICY[paths.resource][action], roles)
    ):
        return True
    q = scope_q(type(obj), user, action, roles=roles)
    return q is not None and type(obj)._base_manager.filter(q, pk=obj.pk).exists()


def require(user: Any, obj: models.Model, action: str) -> None:
    """For services: raise PermissionDenied unless the user may take `action` on `obj`."""
    if not can(user, obj, action):
        raise PermissionDenied(f"You cannot {action.replace('_', ' ')} this record")


def get_visible_or_404(model_or_qs: type[M] | models.QuerySet, user: Any, *, action: str = VIEW, **lookup) -> M:
    """The one way views fetch a pupil-level record.

    Not visible to the user: 404, exactly as if it did not exist. Visible but the user
    may not take `action`: 403. The view is written to the audit trail.
    """
    from . import audit

    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs._default_manager.all()
    q = scope_q(qs.model, user, VIEW)
    if q is None:
        raise Http404
    try:
        obj = qs.filter(q).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action != VIEW and not can(user, obj, action):
        raise PermissionDenied
    audit.record(user, obj, audit.AuditEvent.Action.VIEW)
    return obj


def visible_page(request: Any, queryset: models.QuerySet, *, per_page: int = 25, paginator_class: Any = None):
    """A page of a list of pupil-level records, scoped here and written to the audit trail.

    Views pass an unscoped queryset (filtered and ordered as they like); the scope is
    applied here so that no list can forget it. `paginator_class` changes how a page is read
    (e.g. pupils.records.selectors.BothEndsPaginator), never what is in scope.
    """
    from django.core.paginator import Paginator

    from . import audit

    paginator = (paginator_class or Paginator)(queryset.visible_to(request.user), per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit.record_many(request.user, page.object_list, audit.AuditEvent.Action.LIST)
    return page


def visible_records(user: Any, queryset: models.QuerySet) -> list:
    """Records a page shows that is about something else (a meeting's agenda, its pack).

    Scoped here like every read, and written to the audit trail here: one row per child
    shown (who, which record, when, and the page from the request), so no such page can
    forget it.
    """
    return record_shown(user, list(queryset.visible_to(user)))


def record_shown(user: Any, objects: list) -> list:
    """Write one audit row per child among `objects` (already fetched through the policy)."""
    from . import audit

    seen: set[Any] = set()
    shown = []
    for obj in objects:
        key = audit.pupil_id_of(obj) or (type(obj), obj.pk)
        if key not in seen:
            seen.add(key)
            shown.append(obj)
    audit.record_many(user, shown, audit.AuditEvent.Action.VIEW)
    return objects
