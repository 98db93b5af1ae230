"""One open referral per child and hub: a second, while one is open, is refused with a link to it.

Open: from the draft until the hub declines or closes it, or consent is withdrawn."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from pupils.models import Pupil
from referrals.intake import services
from referrals.models import Referral
from sendhub.errors import DomainError
from sendhub.models import User
from tests.factories import PupilFactory
from tests.referrals.conftest import verbal


def test_a_second_referral_while_a_draft_is_open_is_refused_with_a_link(personas, draft):
    with pytest.raises(DomainError, match="already has an open referral") as caught:
        services.referral_start(actor=personas.senco_a, pupil=draft.pupil)
    assert caught.value.link[1] == reverse("referrals:detail", kwargs={"pk": draft.pk})
    assert Referral.objects.filter(pupil=draft.pupil).count() == 1


@pytest.mark.parametrize("status", ["submitted", "more_information", "accepted", "discussed", "escalated"])
def test_every_status_until_the_end_counts_as_open(personas, draft, status):
    Referral.objects.filter(pk=draft.pk).update(status=status)
    with pytest.raises(DomainError, match="already has an open referral"):
        services.referral_start(actor=personas.senco_a, pupil=draft.pupil)


@pytest.mark.parametrize("status", ["declined", "closed", "withdrawn"])
def test_a_new_referral_may_follow_one_that_has_ended(personas, draft, status):
    Referral.objects.filter(pk=draft.pk).update(status=status)
    again = services.referral_start(actor=personas.senco_a, pupil=draft.pupil)
    assert again.pk != draft.pk and again.hub == draft.hub


def test_choosing_or_passing_to_a_hub_that_has_the_childs_open_referral_is_refused(personas, hubs, draft):
    services.referral_update(actor=personas.senco_a, referral=draft, hub=hubs["b"])
    second = services.referral_start(actor=personas.senco_a, pupil=draft.pupil)  # to North Hub, free again
    with pytest.raises(DomainError, match="already has an open referral"):
        services.referral_update(actor=personas.senco_a, referral=second, hub=hubs["b"])
    services.referral_update(actor=personas.senco_a, referral=second, concern="c", needs="n", support_tried="s")
    verbal(personas, second)
    services.referral_submit(actor=personas.senco_a, referral=second)
    with pytest.raises(DomainError, match="already has an open referral"):
        services.referral_pass(actor=personas.coordinator, referral=second, hub=hubs["b"])


def test_the_database_refuses_a_second_open_referral(personas, draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(pupil=draft.pupil, school=draft.school, hub=draft.hub, created_by=personas.senco_a)


def test_the_start_page_shows_the_refusal_with_a_link_to_the_open_referral(client_for, personas, draft):
    response = client_for(personas.senco_a).post(reverse("referrals:start"), {"pupil": draft.pupil.pk})
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "already has an open referral" in page
    assert f'href="{reverse("referrals:detail", kwargs={"pk": draft.pk})}"' in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sencos_starting_at_once_make_one_referral(personas, hubs):
    pupil = PupilFactory(school=personas.school_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start() -> None:
        try:
            senco = User.objects.get(pk=personas.senco_a.pk)
            child = Pupil.objects.get(pk=pupil.pk)
            barrier.wait(timeout=10)
            services.referral_start(actor=senco, pupil=child)
            outcomes.append("made")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["made", "refused"]
    assert Referral.objects.filter(pupil=pupil).count() == 1
