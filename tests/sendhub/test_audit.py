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


# --- record_many: one plain INSERT for a list's page (issue 19) ----------------------------------


def test_record_many_writes_one_row_per_record_with_the_request_context(personas, django_assert_num_queries):
    from sendhub import audit

    schools = [personas.school_a, personas.school_b]
    context = audit.RequestContext(path="/pupils/?q=x", ip_address="2001:db8::1")
    with django_assert_num_queries(1):  # no BEGIN, SAVEPOINT or COMMIT of its own
        audit.record_many(personas.senco_a, schools, AuditEvent.Action.LIST, context=context)
    rows = list(
        AuditEvent.objects.order_by("pk").values_list(
            "user_id", "action", "model", "object_pk", "pupil_id", "path", "ip_address"
        )
    )
    assert rows == [
        (personas.senco_a.pk, "list", "sendhub.school", str(school.pk), None, "/pupils/?q=x", "2001:db8::1")
        for school in schools
    ]
    first, second = AuditEvent.objects.order_by("pk")
    assert first.at == second.at and first.at is not None


def test_record_many_of_a_pupil_level_record_keeps_the_pupil_and_a_signed_out_user(db):
    from sendhub import audit
    from tests.factories import PupilFactory

    pupil = PupilFactory()
    audit.record_many(None, [pupil], AuditEvent.Action.EXPORT)
    event = AuditEvent.objects.get(action="export")
    assert (event.user_id, event.action, event.model, event.pupil_id, event.path, event.ip_address) == (
        None,
        "export",
        "pupils.pupil",
        pupil.pk,
        "",
        None,
    )


def test_record_many_with_nothing_writes_nothing(db, django_assert_num_queries):
    from sendhub import audit

    with django_assert_num_queries(0):
        audit.record_many(None, iter([]), AuditEvent.Action.LIST)


@pytest.mark.django_db(transaction=True)  # the transaction is record_many's own, not the test's
def test_record_many_writes_many_rows_in_several_inserts_all_or_none(personas, monkeypatch):
    from sendhub import audit

    monkeypatch.setattr(audit, "_ROWS_PER_INSERT", 2)
    schools = [personas.school_a, personas.school_b] * 3  # 6 rows: 3 INSERTs in one transaction
    audit.record_many(personas.senco_a, schools, AuditEvent.Action.EXPORT)
    assert AuditEvent.objects.filter(action="export").count() == 6

    inserts = []

    def second_insert_fails(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            inserts.append(sql)
            if len(inserts) == 2:
                raise DatabaseError("the second INSERT fails")
        return execute(sql, params, many, context)

    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), connection.execute_wrapper(second_insert_fails):
        audit.record_many(personas.senco_a, schools, AuditEvent.Action.EXPORT)
    assert len(inserts) == 2 and AuditEvent.objects.count() == before  # the first INSERT was undone
