"""Issue 19: pupil counts kept per school by PostgreSQL triggers (pupils.records.models.PupilCount).

Whatever writes the pupils (the factory's inserts, a save, queryset updates of provision, needs
or school, the parent meetings refresh, support facts, deletions), the kept counts equal a count
of the pupils themselves; the pupil list's count and the SEN profile read the same figures from
them as from the pupils; on SQLite, and wherever the kept counts cannot answer, the figures are
counted live.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.db.models import Count, Q
from django.urls import reverse

from dashboards.scope import Scope
from dashboards.selectors import Filters, _counted_profile, _kept_profile, sen_profile, sen_profile_headline
from pupils.models import (
    NOTIONAL_SEN_BUDGET_THRESHOLD,
    PARENT_MEETINGS_PER_YEAR,
    ParentMeeting,
    Pupil,
    PupilCount,
)
from pupils.records.forms import PupilFilter
from pupils.records.models import COUNTED_COST_THRESHOLD, COUNTED_MEETINGS_TARGET
from pupils.records.selectors import kept_pupil_count
from pupils.support import services
from pupils.support.selectors import with_flags
from sendhub import access
from sendhub.dates import LONDON, academic_year
from sendhub.models import School
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False):
        yield


def test_the_thresholds_frozen_in_the_triggers_are_the_portals():
    """A change of either needs a new migration with the triggers' new thresholds (0016_pupil_counts)."""
    assert COUNTED_MEETINGS_TARGET == PARENT_MEETINGS_PER_YEAR
    assert Decimal(COUNTED_COST_THRESHOLD) == NOTIONAL_SEN_BUDGET_THRESHOLD


def test_only_a_scope_of_whole_schools_is_summed(personas):
    # An authority, a trust, an administrator: every grant goes through the pupils' school.
    for user in (personas.la_officer, personas.trust_lead, personas.admin):
        assert access.scoped_by_school(Pupil, user, access.VIEW)
    # A SENCo also sees pupils placed in a hub at their school; a parent, their own children.
    assert not access.scoped_by_school(Pupil, personas.senco_a, access.VIEW)
    assert not access.scoped_by_school(Pupil, personas.parent, access.VIEW)
    # Counting (the dashboards), a SENCo's grant is their school alone.
    assert access.scoped_by_school(Pupil, personas.senco_a, access.COUNT)
    assert access.scoped_by_school(Pupil, personas.nobody, access.VIEW)  # no grant: no schools, no rows


def _recounted() -> set[tuple]:
    """Every row as a count from scratch would make it."""
    rows = (
        Pupil.objects.order_by()
        .values("school_id", "sen_provision", "primary_need", "secondary_need", "parent_meetings_year")
        .annotate(
            n=Count("pk"),
            under=Count("pk", filter=Q(parent_meetings_count__lt=PARENT_MEETINGS_PER_YEAR)),
            costly=Count("pk", filter=Q(support_cost__gt=NOTIONAL_SEN_BUDGET_THRESHOLD)),
        )
    )
    return {
        (
            r["school_id"],
            r["sen_provision"],
            r["primary_need"],
            r["secondary_need"],
            r["parent_meetings_year"] or 0,
            r["n"],
            r["under"],
            r["costly"],
        )
        for r in rows
    }


def _kept() -> set[tuple]:
    return set(
        PupilCount.objects.filter(pupils__gt=0).values_list(
            "school_id",
            "sen_provision",
            "primary_need",
            "secondary_need",
            "meetings_year",
            "pupils",
            "under_meetings_target",
            "over_cost_threshold",
        )
    )


LIST_FILTERS = [
    {},
    {"provision": "K"},
    {"provision": "E", "need": "ASD"},
    {"need": "SEMH"},
    {"few_meetings": "on"},
    {"few_meetings": "on", "provision": "K", "need": "SLCN"},
    {"school": "SCHOOL_A"},
    {"school": "SCHOOL_A", "few_meetings": "on"},
    {"provision": "X"},  # not valid: the list is unfiltered
]


def _list_counts_agree(personas) -> None:
    officer = personas.la_officer
    schools = access.schools_where(officer, "pupil", access.VIEW)
    for params in LIST_FILTERS:
        data = {k: (str(personas.school_a.pk) if v == "SCHOOL_A" else v) for k, v in params.items()}
        pupils = with_flags(Pupil.objects.all())
        filters = PupilFilter(data or None, queryset=pupils, schools=schools, many_schools=True)
        live = (filters.qs if filters.is_bound and filters.is_valid() else filters.queryset).visible_to(officer)
        assert kept_pupil_count(officer, filters) == live.count(), params


def _profiles_agree(personas) -> None:
    b = personas.school_b
    filters = Filters(year=academic_year(TODAY))
    for user, scope in (
        (personas.la_officer, Scope("la", personas.la)),
        (personas.trust_lead, Scope("trust", personas.trust_a)),
        (personas.senco_a, Scope("school", personas.school_a)),
        (personas.head_a, Scope("school", personas.school_a)),
        (personas.coordinator, Scope("district", personas.district_b)),
    ):
        by_need, by_school = Filters(year=filters.year, need="SLCN"), Filters(year=filters.year, school=b.pk)
        for chosen in (filters, by_need, by_school):
            counted = _by_school(_counted_profile(user, scope, chosen, TODAY))
            assert _by_school(_kept_profile(user, scope, chosen, TODAY)) == counted


def _by_school(groups) -> dict:
    """Each school's and each need's figures, however the groups were split."""
    totals: dict = {}
    for group in groups:
        for key in ("e", "k", "n", "few", "overdue", "costly"):
            school = totals.setdefault(("school", group["school_id"]), {})
            school[key] = school.get(key, 0) + group.get(key, 0)
        if group["primary_need"]:
            need = totals.setdefault(("need", group["primary_need"]), {})
            for key in ("e", "k"):
                need[key] = need.get(key, 0) + group[key]
    return totals


@pytest.mark.postgres
def test_the_counts_follow_every_write(personas, frozen_today):
    a, b, other = personas.school_a, personas.school_b, personas.other_school
    pupils = [PupilFactory(school=a), PupilFactory(school=a, sen_provision="E", primary_need="ASD")]
    pupils += PupilFactory.create_batch(3, school=b, primary_need="SEMH", secondary_need="SLCN")
    PupilFactory(school=other)
    PupilFactory(school=b, sen_provision="N", primary_need="")
    assert _kept() == _recounted()
    _list_counts_agree(personas)

    # One saved through the model, others moved by queryset updates: provision, needs, school.
    first = pupils[0]
    first.sen_provision, first.primary_need = "E", "ASD"
    first.save()
    assert _kept() == _recounted()
    Pupil.objects.filter(school=b).exclude(sen_provision="N").update(primary_need="SLCN", secondary_need="SEMH")
    assert _kept() == _recounted()
    Pupil.objects.filter(pk=pupils[2].pk).update(school=a)
    assert _kept() == _recounted()
    Pupil.objects.filter(pk=pupils[3].pk).update(legal_first_name="Renamed")  # counts nothing: no change
    assert _kept() == _recounted()

    # Parent meetings: the services' refresh updates the kept count on the pupil.
    for day in (date(2026, 9, 10), date(2026, 10, 1), date(2026, 11, 2)):
        services.parent_meeting_add(actor=personas.senco_b, pupil=pupils[3], held_on=day, attendees="Mum")
        assert _kept() == _recounted()
    services.parent_meeting_add(actor=personas.senco_b, pupil=pupils[4], held_on=date(2025, 10, 1), attendees="Dad")
    assert _kept() == _recounted()
    meeting = ParentMeeting.objects.filter(pupil=pupils[3]).first()
    services.parent_meeting_remove(actor=personas.senco_b, meeting=meeting)
    assert _kept() == _recounted()
    Pupil.objects.update(parent_meetings_year=None, parent_meetings_count=0)
    services.parent_meetings_refresh(pupils=Pupil.objects.all())
    assert _kept() == _recounted()

    # Support facts (cost, review date), kept on the pupil by the support services.
    Pupil.objects.filter(pk__in=[pupils[3].pk, pupils[4].pk]).update(
        support_cost=Decimal("6500.00"), support_review_due=date(2026, 11, 1)
    )
    Pupil.objects.filter(pk=pupils[2].pk).update(support_review_due=date(2026, 12, 1))
    assert _kept() == _recounted()
    _list_counts_agree(personas)
    _profiles_agree(personas)

    # Deleted: one, then a school's.
    pupils[1].delete()
    assert _kept() == _recounted()
    Pupil.objects.filter(school=b).delete()
    assert _kept() == _recounted()
    _list_counts_agree(personas)
    _profiles_agree(personas)


@pytest.mark.postgres
def test_the_list_and_the_dashboards_read_the_kept_counts(personas, client_for, frozen_today):
    PupilFactory.create_batch(3, school=personas.school_a)
    PupilFactory(school=personas.school_b, sen_provision="E", primary_need="ASD")
    # Tampered with, the kept counts show where the figures come from (never do this outside a test).
    PupilCount.objects.filter(school=personas.school_a).update(pupils=30, under_meetings_target=30)
    client = client_for(personas.la_officer)
    assert client.get(reverse("pupils:list")).context["page"].paginator.count == 31
    assert client.get(reverse("pupils:list"), {"few_meetings": "on"}).context["page"].paginator.count == 31
    # A name searched, or a year group, is counted from the pupils.
    assert client.get(reverse("pupils:list"), {"year": "3"}).context["page"].paginator.count == 4
    # A SENCo's scope includes hub places at their school: counted from the pupils.
    senco = client_for(personas.senco_a)
    assert senco.get(reverse("pupils:list")).context["page"].paginator.count == 3
    filters = Filters(year=academic_year(TODAY))
    headline = sen_profile_headline(personas.la_officer, Scope("la", personas.la), filters, TODAY)
    assert headline["few_meetings_n"] == (30, 30)
    # A past academic year's meetings are counted from the meetings, so from the pupils.
    past = sen_profile_headline(personas.la_officer, Scope("la", personas.la), Filters(year="2025/26"), TODAY)
    assert past["few_meetings_n"] == (3, 3)


def test_sqlite_counts_live_and_postgresql_from_the_kept_counts(personas, frozen_today):
    PupilFactory.create_batch(2, school=personas.school_a)
    on_postgresql = connection.vendor == "postgresql"
    assert PupilCount.objects.exists() == on_postgresql  # SQLite has no triggers
    schools = School.objects.filter(local_authority=personas.la)
    filters = PupilFilter(None, queryset=Pupil.objects.all(), schools=schools, many_schools=True)
    assert kept_pupil_count(personas.la_officer, filters) == (2 if on_postgresql else None)
    section, headline = sen_profile(personas.la_officer, Scope("la", personas.la), Filters(year="2026/27"), TODAY)
    assert headline["few_meetings_n"] == (2, 2)
