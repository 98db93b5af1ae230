"""The audit trail is append-only, in the ORM and in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from sendhub.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(db):
    return AuditEvent.objects.create(action="view", model="pupils.pupil", object_pk="1", pupil_id=1)


def test_an_audit_event_cannot_be_changed_through_the_orm(event):
    event.action = "change"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="change")


def test_an_audit_event_cannot_be_deleted_through_the_orm(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_to_rewrite_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE sendhub_auditevent SET action = 'change' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


@pytest.mark.postgres
def test_postgresql_refuses_to_delete_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM sendhub_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
