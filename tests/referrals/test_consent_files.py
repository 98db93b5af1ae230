"""A replaced consent form is deleted once the change is committed (issue 14: no orphan uploads)."""

from referrals.models import Consent
from tests.referrals.conftest import PDF, PNG, upload, verbal


def test_a_replaced_consent_form_is_deleted_after_commit(
    personas, draft, isolated_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = verbal(personas, draft, method="written", document=upload(PDF, "first.pdf")).document.name
    assert (isolated_media / first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second = verbal(personas, draft, method="written", document=upload(PNG, "second.png")).document.name
    assert second != first
    assert not (isolated_media / first).exists() and (isolated_media / second).exists()
    with django_capture_on_commit_callbacks(execute=True):
        verbal(personas, draft)  # told in person now: the written form goes
    assert Consent.objects.get(referral=draft).document.name == ""
    assert not (isolated_media / second).exists()


def test_nothing_is_deleted_if_the_change_is_not_committed(personas, draft, isolated_media):
    with_form = verbal(personas, draft, method="written", document=upload(PDF, "first.pdf"))
    name = with_form.document.name
    verbal(personas, draft)  # inside the test's transaction: never committed, so the file stays
    assert (isolated_media / name).exists()
