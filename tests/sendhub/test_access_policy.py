"""The one access policy: roles reach organisations, and nothing else decides who sees what.

These tests drive the policy machinery through School records dressed as pupil-level
records; tests/pupils and later apps test it on the real models.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sendhub import access
from sendhub.access import ADMIN, COUNT, EDIT, POLICY, VIEW, AccessPaths, get_visible_or_404, scope_q
from sendhub.models import AuditEvent, Role, School


@pytest.fixture
def schools_as_records(monkeypatch):
    monkeypatch.setattr(School, "access_paths", AccessPaths(resource="test_school", school="pk"), raising=False)
    monkeypatch.setitem(
        POLICY,
        "test_school",
        {
            VIEW: frozenset({access.SENCO_AT_SCHOOL, access.LA_OF_SCHOOL, access.TRUST_OF_SCHOOL, ADMIN}),
            EDIT: frozenset({access.SENCO_AT_SCHOOL}),
        },
    )


def visible(user, action=VIEW) -> set[str]:
    q = scope_q(School, user, action)
    return set() if q is None else set(School.objects.filter(q).values_list("name", flat=True))


@pytest.mark.usefixtures("schools_as_records")
class TestScopes:
    def test_a_senco_reaches_only_their_own_school(self, personas):
        assert visible(personas.senco_a) == {"School A"}
        assert visible(personas.senco_b) == {"School B"}

    def test_an_la_officer_reaches_every_school_of_their_la_and_no_other(self, personas):
        assert visible(personas.la_officer) == {"School A", "School B"}

    def test_a_trust_lead_reaches_their_trusts_schools_to_read_but_not_to_change(self, personas):
        assert visible(personas.trust_lead) == {"School A"}
        assert visible(personas.trust_lead, EDIT) == set()

    def test_someone_of_another_organisation_reaches_nothing_here(self, personas):
        assert visible(personas.outsider) == {"Other School"}
        assert "School A" not in visible(personas.outsider)

    def test_a_person_without_a_role_or_signed_out_reaches_nothing(self, personas):
        from django.contrib.auth.models import AnonymousUser

        assert visible(personas.nobody) == set()
        assert visible(AnonymousUser()) == set()
        assert visible(None) == set()

    def test_an_administrator_reaches_everything(self, personas):
        assert visible(personas.admin) == {"School A", "School B", "Other School"}

    def test_roles_the_resource_does_not_grant_reach_nothing(self, personas):
        assert visible(personas.coordinator) == set()
        assert visible(personas.parent) == set()

    def test_another_organisations_record_is_a_404_like_a_missing_one(self, personas):
        with pytest.raises(Http404):
            get_visible_or_404(School, personas.senco_b, pk=personas.school_a.pk)
        with pytest.raises(Http404):
            get_visible_or_404(School, personas.senco_b, pk=999999)
        with pytest.raises(Http404):
            get_visible_or_404(School, personas.senco_b, pk="not-a-number")

    def test_a_record_you_may_read_but_not_change_is_a_403_for_changing(self, personas):
        with pytest.raises(PermissionDenied):
            get_visible_or_404(School, personas.trust_lead, action=EDIT, pk=personas.school_a.pk)
        assert get_visible_or_404(School, personas.senco_a, action=EDIT, pk=personas.school_a.pk) == personas.school_a

    def test_fetching_a_record_writes_who_viewed_it_to_the_audit_trail(self, personas):
        get_visible_or_404(School, personas.senco_a, pk=personas.school_a.pk)
        event = AuditEvent.objects.get()
        assert (event.user, event.action, event.model, event.object_pk) == (
            personas.senco_a,
            "view",
            "sendhub.school",
            str(personas.school_a.pk),
        )

    def test_require_refuses_an_action_the_policy_does_not_grant(self, personas):
        access.require(personas.senco_a, personas.school_a, EDIT)
        with pytest.raises(PermissionDenied):
            access.require(personas.senco_b, personas.school_a, EDIT)

    def test_an_action_the_policy_does_not_know_is_a_programming_error(self, personas):
        with pytest.raises(ValueError):
            scope_q(School, personas.senco_a, "fly")


# Not pupil records: a trust runs public consultations on its hubs (issue 8), so its SEND lead edits them;
# advice asked of the trust SEND hub (issue 17) is triaged and answered by the trust SEND lead.
TRUST_OWNED_RESOURCES = {"consultation", "trust_advice"}


def test_no_policy_lets_a_trust_lead_or_a_parent_change_a_record():
    for resource, actions in POLICY.items():
        for action, grants in actions.items():
            if action in (VIEW, COUNT, "withdraw_consent"):  # reads: counting changes nothing
                continue
            roles = {role for role, _ in grants}
            if resource not in TRUST_OWNED_RESOURCES:
                assert Role.TRUST_SEND_LEAD not in roles, f"{resource}.{action}"
            assert Role.PARENT not in roles, f"{resource}.{action}"


def test_panel_members_reach_referrals_only_through_their_invitations():
    for resource, actions in POLICY.items():
        for grants in actions.values():
            for role, via in grants:
                if role == Role.PANEL_MEMBER:
                    assert via == "panel", resource
