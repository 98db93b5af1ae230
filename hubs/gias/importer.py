"""Loading the schools register from a GIAS extract, and who may do it.

Set-based, for the ~50,000 rows of the real extract: a few queries load what the portal
has, the plan compares every row with it, then bulk inserts and updates (with model
history) write the differences in one transaction. The same file twice changes nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sendhub.access import reach
from sendhub.errors import DomainError
from sendhub.models import LocalAuthority, Role, School, Trust, User

from .extract import GiasImportSummary, GiasRow, Progress, SkippedRow, read_extract

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Each school field the import sets; district is cleared only when a school moves authority.
SCHOOL_FIELDS = [
    "laestab",
    "name",
    "phase",
    "establishment_type",
    "is_special",
    "is_open",
    "local_authority",
    "district",
    "trust",
    "resourced_provision",
    "resourced_provision_on_roll",
    "resourced_provision_capacity",
    "sen_unit_on_roll",
    "sen_unit_capacity",
]
ANOTHER_AUTHORITY = "belongs to another local authority"
HISTORY_REASON = "Imported from Get Information About Schools"


# --- Who may import ------------------------------------------------------------------------


def gias_import_scope(user: User | None) -> frozenset[int] | None:
    """The local authorities whose schools this person may import; None means every one.

    `None` as the user is the command line: whoever has shell access has the whole register.
    Administrators import everything; LA officers their own authorities' schools only.
    """
    if user is None:
        return None
    r = reach(user)
    if r.is_admin:
        return None
    if r.has(Role.LA_OFFICER) and r.local_authorities:
        return r.local_authorities
    raise PermissionDenied("Only administrators and local authority officers can update the schools register")


def may_import_gias(user: User | None) -> bool:
    """Whether a person signed in to the portal may upload a GIAS file."""
    if user is None:
        return False
    try:
        gias_import_scope(user)
    except PermissionDenied:
        return False
    return True


# --- Importing ---------------------------------------------------------------------------


class _Plan:
    """What one import will do, worked out against the portal's current register."""

    def __init__(self, *, scope: frozenset[int] | None, rename_trusts: bool) -> None:
        self.scope = scope
        self.rename_trusts = rename_trusts
        self.schools_by_urn = {school.urn: school for school in School.objects.all()}
        self.schools_by_laestab = {school.laestab: school for school in self.schools_by_urn.values()}
        self.las_by_code = {la.code: la for la in LocalAuthority.objects.all()}
        trusts = list(Trust.objects.all())
        self.trusts_by_code = {trust.gias_code: trust for trust in trusts if trust.gias_code}
        self.trusts_by_name = {trust.name: trust for trust in trusts}
        # Names in use before or after this import: no rename or new trust may take one, so
        # no bulk update can trip the unique constraint half-way.
        self.taken_trust_names = set(self.trusts_by_name)
        self.resolved_trusts: dict[str, Trust | str] = {}
        self.new_las: list[LocalAuthority] = []
        self.new_trusts: list[Trust] = []
        self.changed_trusts: list[Trust] = []
        self.creates: list[tuple[GiasRow, LocalAuthority, Trust | None]] = []
        self.updates: list[tuple[GiasRow, School, LocalAuthority, Trust | None]] = []
        self.unchanged = 0
        self.closed_not_added = 0
        self.skipped: list[SkippedRow] = []

    def skip(self, row: GiasRow, reason: str) -> None:
        self.skipped.append(SkippedRow(row.row, row.urn, reason))

    def in_scope(self, row: GiasRow, existing: School | None) -> bool:
        if self.scope is None:
            return True
        la = self.las_by_code.get(row.la_code)
        if la is None or la.pk not in self.scope:
            return False
        return existing is None or existing.local_authority_id in self.scope

    def local_authority(self, row: GiasRow) -> LocalAuthority | str:
        la = self.las_by_code.get(row.la_code)
        if la is not None:
            return la  # The portal keeps its own name for an authority (e.g. "Dorset Council").
        if not row.la_name:
            return f"No local authority name, and local authority {row.la_code} is not in the portal yet"
        la = LocalAuthority(code=row.la_code, name=row.la_name)
        self.las_by_code[row.la_code] = la
        self.new_las.append(la)
        return la

    def trust(self, row: GiasRow) -> Trust | None | str:
        code, name = row.trust_code, row.trust_name
        if not code:
            return None
        if code in self.resolved_trusts:
            return self.resolved_trusts[code]
        result: Trust | str
        trust = self.trusts_by_code.get(code)
        if trust is not None:
            if name and name != trust.name and self.rename_trusts and name not in self.taken_trust_names:
                trust.name = name
                self.taken_trust_names.add(name)
                self.changed_trusts.append(trust)
            result = trust
        elif not name:
            result = f"Trust {code} has no name in the file and is not in the portal yet"
        elif (same := self.trusts_by_name.get(name)) is not None and not same.gias_code:
            if self.rename_trusts:  # a trust added by hand: give it its GIAS code
                same.gias_code = code
                self.trusts_by_code[code] = same
                self.changed_trusts.append(same)
            result = same
        elif name in self.taken_trust_names:
            result = f"Another trust in the portal is already called “{name}”, so trust {code} could not be added"
        else:
            result = Trust(name=name, gias_code=code)
            self.taken_trust_names.add(name)
            self.new_trusts.append(result)
        self.resolved_trusts[code] = result
        return result

    def laestab_winners(self, rows: list[GiasRow]) -> list[GiasRow]:
        """The rows whose LAESTAB no other school holds, in the portal or in the file."""
        by_laestab: dict[str, list[GiasRow]] = defaultdict(list)
        for row in rows:
            by_laestab[row.laestab].append(row)
        winners: list[GiasRow] = []
        for laestab, group in by_laestab.items():
            holder = self.schools_by_laestab.get(laestab)
            if holder is not None:
                # A school keeps its LAESTAB until an import moves it elsewhere; a file that
                # swaps two schools' numbers settles on the next run.
                won = [row for row in group if row.urn == holder.urn]
                reason = f"LAESTAB {laestab} already belongs to {holder.name} (URN {holder.urn}) in the portal"
            elif len(group) == 1:
                won, reason = group, ""
            else:
                open_rows = [row for row in group if row.is_open]
                won = open_rows if len(open_rows) == 1 else []
                reason = (
                    f"LAESTAB {laestab} also belongs to URN {won[0].urn} (row {won[0].row}), which is open"
                    if won
                    else f"LAESTAB {laestab} is on more than one row of the file "
                    f"(URNs {', '.join(row.urn for row in group)})"
                )
            winners += won
            for row in group:
                if row not in won:
                    self.skip(row, reason)
        return winners

    def add(self, rows: list[GiasRow]) -> None:
        candidates: list[GiasRow] = []
        for row in rows:
            existing = self.schools_by_urn.get(row.urn)
            if existing is None and row.closed:
                # Closed establishments are kept up to date, but not added: they would only
                # crowd the lists of schools people choose from.
                self.closed_not_added += 1
            elif not self.in_scope(row, existing):
                self.skip(row, ANOTHER_AUTHORITY)
            else:
                candidates.append(row)
        for row in self.laestab_winners(candidates):
            la = self.local_authority(row)
            if isinstance(la, str):
                self.skip(row, la)
                continue
            trust = self.trust(row)
            if isinstance(trust, str):
                self.skip(row, trust)
                continue
            existing = self.schools_by_urn.get(row.urn)
            if existing is None:
                self.creates.append((row, la, trust))
            elif _differs(existing, row, la, trust):
                self.updates.append((row, existing, la, trust))
            else:
                self.unchanged += 1


def _same_ref(current_id: int | None, target: Any | None) -> bool:
    if target is None:
        return current_id is None
    return target.pk is not None and current_id == target.pk


def _differs(school: School, row: GiasRow, la: LocalAuthority, trust: Trust | None) -> bool:
    return (
        school.laestab != row.laestab
        or school.name != row.name
        or school.phase != row.phase
        or school.establishment_type != row.establishment_type
        or school.is_special != row.is_special
        or school.is_open != row.is_open
        or not _same_ref(school.local_authority_id, la)
        or not _same_ref(school.trust_id, trust)
        or school.resourced_provision != row.resourced_provision
        or school.resourced_provision_on_roll != row.resourced_provision_on_roll
        or school.resourced_provision_capacity != row.resourced_provision_capacity
        or school.sen_unit_on_roll != row.sen_unit_on_roll
        or school.sen_unit_capacity != row.sen_unit_capacity
    )


def _apply(school: School, row: GiasRow, la: LocalAuthority, trust: Trust | None) -> School:
    if school.local_authority_id is not None and school.local_authority_id != la.pk:
        school.district = None  # a district belongs to one authority; GIAS does not say the new one
    school.local_authority = la
    school.trust = trust
    for name in (
        "urn",
        "laestab",
        "name",
        "phase",
        "establishment_type",
        "is_special",
        "is_open",
        "resourced_provision",
        "resourced_provision_on_roll",
        "resourced_provision_capacity",
        "sen_unit_on_roll",
        "sen_unit_capacity",
    ):
        setattr(school, name, getattr(row, name))
    return school


def gias_import(
    *, actor: User | None, raw: bytes, dry_run: bool = False, progress: Progress | None = None
) -> GiasImportSummary:
    """Load or update the schools register from a GIAS extract; the same file twice changes nothing.

    `actor` None is the command line (every authority). All or nothing: one transaction.
    """
    scope = gias_import_scope(actor)
    rows, skipped = read_extract(raw, progress=progress)
    try:
        with transaction.atomic():
            plan = _Plan(scope=scope, rename_trusts=scope is None)
            plan.add(rows)
            if not dry_run:
                _write(plan, actor)
    except IntegrityError:
        log.warning("GIAS import clashed with another change to the register", exc_info=True)
        raise DomainError(
            "The schools register changed while the file was being imported, so nothing was changed. "
            "Import the file again"
        ) from None
    return GiasImportSummary(
        rows=len(rows) + len(skipped),
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        closed_not_added=plan.closed_not_added,
        authorities_created=len(plan.new_las),
        trusts_created=len(plan.new_trusts),
        trusts_updated=len(plan.changed_trusts),
        skipped=sorted([*skipped, *plan.skipped], key=lambda row: row.row),
        dry_run=dry_run,
    )


def _write(plan: _Plan, actor: User | None) -> None:
    history = {"batch_size": BATCH_SIZE, "default_user": actor, "default_change_reason": HISTORY_REASON}
    if plan.new_las:
        bulk_create_with_history(plan.new_las, LocalAuthority, **history)
    if plan.new_trusts:
        bulk_create_with_history(plan.new_trusts, Trust, **history)
    if plan.changed_trusts:
        bulk_update_with_history(plan.changed_trusts, Trust, ["name", "gias_code"], **history)
    if plan.creates:
        bulk_create_with_history([_apply(School(), *entry) for entry in plan.creates], School, **history)
    if plan.updates:
        updated = [_apply(school, row, la, trust) for row, school, la, trust in plan.updates]
        bulk_update_with_history(updated, School, SCHOOL_FIELDS, **history)
