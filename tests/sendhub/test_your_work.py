""" "Your work" at the top of the home page: counted, linked items for this person only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.factories import PupilFactory, SupportCycleFactory


def test_a_senco_sees_reviews_overdue_and_parents_not_met_three_times(personas, client_for):
    pupil_a = PupilFactory(school=personas.school_a, sen_provision="K", primary_need="SLCN")
    SupportCycleFactory(
        pupil=pupil_a, created_by=personas.senco_a, review_date=timezone.localdate() - timedelta(days=3)
    )
    page = client_for(personas.senco_a).get(reverse("home")).content.decode()
    assert "Your work" in page
    assert "SEN support reviews overdue: 1" in page
    assert "met fewer than three times this year: 1" in page
    other = client_for(personas.senco_b).get(reverse("home")).content.decode()
    # Another school's SENCo has nothing of it in their work (their dashboard's headline card counts 0).
    assert "SEN support reviews overdue:" not in other
    assert "Nothing is due or overdue for you." in other


def test_someone_with_nothing_due_is_told_so(personas, client_for):
    page = client_for(personas.panel).get(reverse("home")).content.decode()
    assert "Nothing is due or overdue for you." in page
