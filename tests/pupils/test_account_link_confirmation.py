"""'Give an account' to an email that already has an account: linked only once its owner confirms."""

from django.core import mail
from django.urls import reverse

from pupils.models import Contact


def ask_for(client_for, personas, email):
    contact = Contact.objects.get(name="Other Parent")
    contact.email = email
    contact.save()
    response = client_for(personas.senco_a).post(reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    assert response.status_code == 302
    contact.refresh_from_db()
    return contact


def test_a_member_of_staffs_account_sees_nothing_until_they_confirm(
    client_for, personas, pupil_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        contact = ask_for(client_for, personas, personas.head_a.email.upper())
    assert contact.user is None and contact.pending_user == personas.head_a
    assert pupil_a.legal_first_name not in mail.outbox[0].body and "/pupils/account-links/" in mail.outbox[0].body
    staff = client_for(personas.head_a)
    assert staff.get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 404
    page = staff.get(reverse("pupils:account_links")).content.decode()
    assert "From School A" in page and "Other Parent (father)" in page and pupil_a.legal_first_name not in page

    response = staff.post(reverse("pupils:account_links"), {"contact": contact.pk, "decision": "accept"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.user == personas.head_a and contact.pending_user is None
    assert client_for(personas.head_a).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 200


def test_declining_shares_nothing_and_the_school_may_ask_again(client_for, personas, pupil_a):
    contact = ask_for(client_for, personas, personas.head_a.email)
    client_for(personas.head_a).post(reverse("pupils:account_links"), {"contact": contact.pk, "decision": "decline"})
    contact.refresh_from_db()
    assert contact.user is None and contact.pending_user is None
    assert client_for(personas.head_a).get(reverse("pupils:detail", kwargs={"pk": pupil_a.pk})).status_code == 404


def test_nobody_else_can_accept_the_request(client_for, personas, pupil_a):
    contact = ask_for(client_for, personas, personas.head_a.email)
    client_for(personas.senco_b).post(reverse("pupils:account_links"), {"contact": contact.pk, "decision": "accept"})
    contact.refresh_from_db()
    assert contact.user is None and contact.pending_user == personas.head_a


def test_the_school_can_cancel_a_request_still_waiting(client_for, personas, pupil_a):
    contact = ask_for(client_for, personas, personas.head_a.email)
    page = client_for(personas.senco_a).get(reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    assert "Cancel the request" in page.content.decode()
    client_for(personas.senco_a).post(reverse("pupils:contact_account", kwargs={"pk": contact.pk}))
    contact.refresh_from_db()
    assert contact.pending_user is None
    response = client_for(personas.head_a).post(
        reverse("pupils:account_links"), {"contact": contact.pk, "decision": "accept"}, follow=True
    )
    assert "no longer waiting for you" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None
