"""Issue 19: the pupil page reads each section's rows for the pupil it shows.

`access.visible_for_pupil` (the cycles, meetings, places, contacts, EHC assessments and plans) and
`access.can(..., school=pupil.school)` (staff view, change details) give, for every persona, the
same rows and answers as the policy's scope (`visible_to`, `can` with its query); where a grant
through the pupil's own school reaches the rows (the LA's officer here), they are read by the pupil
alone, without joining the pupil and its school again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pupils.models import (
    Contact,
    EHCAssessment,
    EHCPlan,
    ParentMeeting,
    Placement,
    Pupil,
    SupportCycle,
    SupportOutcome,
    SupportProvision,
)
from sendhub import access
from tests.factories import ContactFactory, PupilFactory, SupportCycleFactory
from tests.pupils.ehc.helpers import link_parent, weeks_ago, with_plan

MODELS = [SupportCycle, ParentMeeting, Placement, Contact, EHCAssessment, EHCPlan]
PERSONAS = [
    "senco_a",
    "senco_b",
    "head_a",
    "coordinator",
    "panel",
    "la_officer",
    "trust_lead",
    "parent",
    "outsider",
    "admin",
    "nobody",
]


@pytest.fixture
def pupils(personas, hub) -> list[int]:
    """A pupil of school A (the parent's child), one of school B placed in school A's hub, one of another LA."""
    at_a = PupilFactory(school=personas.school_a, sen_provision="E")
    placed = PupilFactory(school=personas.school_b, sen_provision="E")
    elsewhere = PupilFactory(school=personas.other_school, sen_provision="E")
    link_parent(at_a, personas.parent)
    for pupil, officer in ((at_a, personas.la_officer), (placed, personas.la_officer), (elsewhere, personas.outsider)):
        SupportCycleFactory(pupil=pupil)
        ParentMeeting.objects.create(pupil=pupil, held_on=date(2025, 10, 1), attendees="Mum", recorded_by=officer)
        ContactFactory(pupil=pupil)
        plan = with_plan(officer, pupil, weeks_ago(60), school=pupil.school)
        if pupil is placed:
            Placement.objects.create(
                pupil=pupil, hub=hub, plan=plan, starts_on=date(2025, 9, 1), created_by=personas.la_officer
            )
    return [at_a.pk, placed.pk, elsewhere.pk]


def _pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_section_reads_the_rows_and_answers_the_policy_gives(personas, pupils, persona):
    user = getattr(personas, persona)
    for pk in pupils:
        # As the page reads it (with its school), and without its school (then by the scope).
        for pupil in (Pupil.objects.select_related("school").get(pk=pk), Pupil.objects.get(pk=pk)):
            for model in MODELS:
                expected = _pks(model.objects.visible_to(user).filter(pupil=pupil))
                assert _pks(access.visible_for_pupil(model.objects.all(), user, pupil)) == expected, (persona, model)
            for action, roles in ((access.VIEW, access.STAFF_ROLES), (access.VIEW, None), (access.EDIT, None)):
                answer = access.can(user, pupil, action, roles=roles)
                assert access.can(user, pupil, action, roles=roles, school=pupil.school) == answer, (persona, action)


def test_some_persona_sees_each_kind_of_row(personas, pupils):
    """The comparison above is not vacuous: the LA's officer sees every kind of row of their pupils."""
    officer = personas.la_officer
    for model in MODELS:
        assert _pks(model.objects.visible_to(officer)), model


def test_the_la_officer_s_page_reads_the_sections_by_the_pupil_alone(personas, pupils, client_for):
    with CaptureQueriesContext(connection) as queries:
        html = client_for(personas.la_officer).get(reverse("pupils:detail", kwargs={"pk": pupils[1]})).content.decode()
    assert "Test Mainstream Hub" in html and "EHC plan" in html
    joined = [q["sql"] for q in queries if 'JOIN "pupils_pupil"' in q["sql"]]
    assert not joined


def test_the_page_lists_the_open_cycle_s_outcomes_and_reads_no_provision(personas, client_for):
    pupil = PupilFactory(school=personas.school_a)
    closed = SupportCycleFactory(
        pupil=pupil, started_on=date(2025, 1, 6), reviewed_on=date(2025, 4, 1), next_step="continue"
    )
    SupportOutcome.objects.create(cycle=closed, description="Reads a short book aloud", progress="achieved")
    current = SupportCycleFactory(pupil=pupil, started_on=date(2025, 4, 21))
    SupportOutcome.objects.create(cycle=current, description="Follows a two-step instruction")
    SupportProvision.objects.create(cycle=current, description="Small-group phonics", cost_per_year=Decimal("900"))
    client = client_for(personas.la_officer)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("pupils:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert "Follows a two-step instruction" in html and "Reads a short book aloud" not in html
    assert not [q for q in queries if '"pupils_supportprovision"' in q["sql"]]
    assert len([q for q in queries if '"pupils_supportoutcome"' in q["sql"]]) == 1

    # With no cycle open, no outcome is listed or read.
    SupportCycle.objects.filter(pk=current.pk).update(reviewed_on=date(2025, 7, 1), next_step="end")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("pupils:detail", kwargs={"pk": pupil.pk})).content.decode()
    assert "There is no SEN support cycle running." in html
    assert not [q for q in queries if '"pupils_supportoutcome"' in q["sql"]]


def test_rows_not_about_a_pupil_are_refused(personas):
    from pupils.models import PupilCount

    pupil = Pupil.objects.select_related("school").get(pk=PupilFactory(school=personas.school_a).pk)
    with pytest.raises(ValueError):
        access.visible_for_pupil(PupilCount.objects.all(), personas.la_officer, pupil)


def test_a_school_that_is_not_the_record_s_own_fails_closed(personas):
    """`can(..., school=)` takes the shortcut only for the record's own school: a SENCo who hands in
    their own school beside another school's pupil is still refused (the query decides)."""
    elsewhere = PupilFactory(school=personas.other_school)
    senco = personas.senco_a
    assert access.can(senco, PupilFactory(school=personas.school_a), access.EDIT, school=personas.school_a)
    assert not access.can(senco, elsewhere, access.VIEW, school=personas.school_a)
    assert not access.can(senco, elsewhere, access.EDIT, school=personas.school_a)
