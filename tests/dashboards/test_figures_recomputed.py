"""Every figure of the LA dashboard on the demo data, recomputed with plain loops over the rows."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from dashboards.dashboard import build
from dashboards.scope import Scope
from dashboards.selectors import Filters
from hubs.models import CommissioningAgreement, Hub
from pupils.models import EHCAssessment, ParentMeeting, Placement, Pupil, SupportCycle, SupportProvision
from referrals.models import Action, CaseDiscussion, Referral
from sendhub.dates import academic_year, academic_year_bounds
from sendhub.models import LocalAuthority, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    la = LocalAuthority.objects.get(code="990")
    officer = User.objects.get(email="la.officer@example.org")
    board = build(officer, Scope("la", la), Filters(year=academic_year(today)), today)
    return board, la, today


def values(table, column: int) -> dict[str, object]:
    return {row.label: row.cells[column].value for row in table.rows}


def test_sen_profile(demo):
    board, la, today = demo
    pupils = [p for p in Pupil.objects.select_related("school") if p.school.local_authority_id == la.pk]
    by_school = Counter((p.school.name, p.sen_provision) for p in pupils)
    provision = board.table("provision")
    for row in provision.rows:
        if row.is_total:
            assert [c.value for c in row.cells] == [
                sum(1 for p in pupils if p.sen_provision == code) for code in "EKN"
            ] + [len(pupils)]
        else:
            assert [c.value for c in row.cells[:3]] == [by_school[(row.label, code)] for code in "EKN"]
    needs = board.table("needs")
    labels = dict(Pupil._meta.get_field("primary_need").choices)
    for row in needs.rows:
        if row.is_total:
            continue
        code = next(c for c, label in labels.items() if label == row.label)
        assert row.cells[0].value == sum(1 for p in pupils if p.primary_need == code and p.sen_provision == "E")
        assert row.cells[1].value == sum(1 for p in pupils if p.primary_need == code and p.sen_provision == "K")

    first, last = academic_year_bounds(academic_year(today))
    meetings = Counter(m.pupil_id for m in ParentMeeting.objects.all() if first <= m.held_on <= last)
    cycles = list(SupportCycle.objects.all())
    costs = {}
    for pupil in pupils:
        mine = sorted((c for c in cycles if c.pupil_id == pupil.pk), key=lambda c: (c.started_on, c.pk))
        if mine:
            costs[pupil.pk] = sum(
                (p.cost_per_year for p in SupportProvision.objects.all() if p.cycle_id == mine[-1].pk), Decimal(0)
            )
    support = board.table("support")
    for row in support.rows:
        mine = [p for p in pupils if row.is_total or p.school.name == row.label]
        k = [p for p in mine if p.sen_provision == "K"]
        overdue = [
            p
            for p in k
            if any(
                c.pupil_id == p.pk and c.reviewed_on is None and c.review_date and c.review_date < today for c in cycles
            )
        ]
        assert row.cells[0].value == len(k)
        assert row.cells[1].value == sum(1 for p in k if meetings[p.pk] < 3)
        assert row.cells[3].value == len(overdue)
        assert row.cells[4].value == sum(1 for p in mine if costs.get(p.pk, 0) > 6000)


def test_ehc_process(demo):
    board, la, today = demo
    assessments = [
        a for a in EHCAssessment.objects.select_related("pupil__school") if a.pupil.school.local_authority_id == la.pk
    ]
    months = board.table("ehc_months")
    for row in months.rows:
        if row.is_total:
            continue
        label = row.label

        def month(day, label=label):
            return day is not None and f"{day:%B %Y}" == label

        requests = sum(1 for a in assessments if month(a.request_received_on))
        decisions = [a for a in assessments if month(a.decision_on)]
        issued = [a for a in assessments if month(a.final_issued_on)]
        in_time = [a for a in issued if a.final_issued_on - a.request_received_on <= timedelta(weeks=20)]
        assert [c.value for c in row.cells[:5]] == [
            requests,
            len(decisions),
            sum(1 for a in decisions if a.decision_on - a.request_received_on <= timedelta(weeks=6)),
            len(issued),
            len(in_time),
        ], label
    overdue = values(board.table("ehc_overdue"), 0)
    open_late = [a for a in assessments if a.is_open and a.request_received_on < today - timedelta(weeks=20)]
    assert overdue["Assessments past 20 weeks without a final plan"] == len(open_late)


def test_hub_places(demo):
    board, la, today = demo
    hubs = [
        h
        for h in Hub.objects.filter(kind="mainstream").select_related("host_school")
        if h.host_school.local_authority_id == la.pk
    ]
    table = board.table("places_hubs")
    year = academic_year(today)
    for hub in hubs:
        row = next(r for r in table.rows if r.label == hub.name)
        agreement = next(
            (a for a in CommissioningAgreement.objects.all() if a.hub_id == hub.pk and a.academic_year == year), None
        )
        places = [p for p in Placement.objects.all() if p.hub_id == hub.pk]
        filled = sum(1 for p in places if p.starts_on <= today and (p.last_day is None or p.last_day >= today))
        assert row.cells[0].value == (agreement.places if agreement else 0)
        assert row.cells[1].value == filled


def test_district_hubs(demo):
    board, la, today = demo
    first, last = academic_year_bounds(academic_year(today))
    referrals = [
        r
        for r in Referral.objects.select_related("school", "hub")
        if r.submitted_at
        and r.school.local_authority_id == la.pk
        and first <= timezone.localtime(r.submitted_at).date() <= last
    ]
    status = board.table("referral_status")
    for row in status.rows:
        if row.is_total:
            continue
        assert row.cells[-1].value == sum(1 for r in referrals if r.get_status_display() == row.label), row.label
    per_school = values(board.table("referral_schools"), 0)
    for name, count in Counter(r.school.name for r in referrals).items():
        assert per_school[name] == count
    summary = {row.label: row for row in board.table("district_summary").rows}
    ids = {r.pk for r in referrals}
    for name, row in summary.items():
        reviewed = [
            a
            for a in Action.objects.select_related("referral__hub__district", "reviewed_at__agenda_item__meeting")
            if a.review
            and a.referral_id in ids
            and a.referral.hub.district.name == name
            and first <= timezone.localtime(a.reviewed_at.agenda_item.meeting.starts_at).date() <= last
        ]
        assert row.cells[2].value == len(reviewed)
        escalated = [
            d
            for d in CaseDiscussion.objects.select_related("agenda_item__meeting", "referral__hub__district")
            if d.outcome == "escalate" and d.referral_id in ids and d.referral.hub.district.name == name
        ]
        assert row.cells[4].value == len(escalated)
        waits = sorted(
            min(d.agenda_item.meeting.starts_at for d in CaseDiscussion.objects.filter(referral=r)) - r.submitted_at
            for r in referrals
            if r.hub.district.name == name and CaseDiscussion.objects.filter(referral=r).exists()
        )
        if waits:
            median = waits[(len(waits) + 1) // 2 - 1]  # the smallest wait with at least half at or below it
            assert row.cells[0].value == round(median.total_seconds() / 86400, 1)
