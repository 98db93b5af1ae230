"""Importing pupils from a CSV: every row checked, a preview, then all or nothing."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupils.models import Pupil, PupilImport
from pupils.records.imports import import_check, import_confirm, parse
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from sendhub.models import AuditEvent
from tests.factories import PupilFactory, make_upn

HEADER = "UPN,Forename,Surname,Date of birth,Year,SEN provision,Primary need,Secondary need\n"


def upn(n: int) -> str:
    return make_upn("838", "2001", n, "21")


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + "\n".join(rows) + "\n").encode(encoding)


def good_row(n: int, first: str = "Ivy") -> str:
    return f"{upn(n)},{first},Test{n},05/09/2018,Year 3,K,SLCN,"


def test_a_clean_file_previews_then_imports_every_row(client_for, personas):
    client = client_for(personas.senco_a)
    upload = SimpleUploadedFile("pupils.csv", csv_bytes(good_row(1), good_row(2)), content_type="text/csv")
    response = client.post(reverse("pupils:import"), {"school": personas.school_a.pk, "file": upload})
    batch = PupilImport.objects.get()
    assert response["Location"] == reverse("pupils:import_preview", kwargs={"pk": batch.pk})
    assert not Pupil.objects.exists(), "nothing is saved before the preview is confirmed"
    preview = client.get(response["Location"]).content.decode()
    assert "2 to add and 0 to update" in preview
    client.post(response["Location"])
    assert Pupil.objects.filter(school=personas.school_a).count() == 2
    assert AuditEvent.objects.filter(action="create", model="pupils.pupil").count() == 2
    assert Pupil.history.count() == 2


def test_one_bad_row_means_nothing_is_imported(personas):
    batch = import_check(
        actor=personas.senco_a,
        school=personas.school_a,
        filename="f.csv",
        raw=csv_bytes(good_row(1), f"{upn(2)},,Test,31/02/2018,Year 99,Q,NSA,"),
    )
    errors = batch.rows[1]["errors"]
    assert any("forename" in e for e in errors) and any("real date" in e for e in errors)
    assert any("national curriculum year" in e for e in errors) and any("SEN provision" in e for e in errors)
    with pytest.raises(DomainError, match="nothing has been imported"):
        import_confirm(actor=personas.senco_a, batch=batch)
    assert not Pupil.objects.exists()


def test_a_date_of_birth_from_another_century_is_refused_on_its_row(personas):
    batch = import_check(
        actor=personas.senco_a,
        school=personas.school_a,
        filename="f.csv",
        raw=csv_bytes(good_row(1), f"{upn(2)},Al,Test,01/01/1907,Year 3,K,SLCN,"),
    )
    assert not batch.rows[0]["errors"]
    assert any("aged 25 or under" in e for e in batch.rows[1]["errors"])


def test_the_preview_lists_each_problem_with_its_row_number(client_for, personas):
    batch = import_check(
        actor=personas.senco_a,
        school=personas.school_a,
        filename="f.csv",
        raw=csv_bytes(good_row(1), "X123,Al,Test,01/01/2018,3,K,SLCN,"),
    )
    html = client_for(personas.senco_a).get(reverse("pupils:import_preview", kwargs={"pk": batch.pk})).content.decode()
    assert "Row 3: UPN must be 13 characters" in html and "Nothing has been imported" in html
    assert "<title>Error: " in html


def test_a_pupil_already_on_the_roll_is_updated_and_one_on_another_roll_is_refused(personas):
    mine = PupilFactory(school=personas.school_a, upn=upn(1), legal_first_name="Old")
    PupilFactory(school=personas.school_b, upn=upn(2))
    batch = import_check(
        actor=personas.senco_a,
        school=personas.school_a,
        filename="f.csv",
        raw=csv_bytes(good_row(1, "New"), good_row(2)),
    )
    assert batch.rows[0]["action"] == "update" and not batch.rows[0]["errors"]
    assert "another school's roll" in batch.rows[1]["errors"][0]
    ok = import_check(
        actor=personas.senco_a, school=personas.school_a, filename="f.csv", raw=csv_bytes(good_row(1, "New"))
    )
    import_confirm(actor=personas.senco_a, batch=ok)
    mine.refresh_from_db()
    assert mine.legal_first_name == "New" and mine.year_group == "3"


def test_a_upn_twice_in_the_file_is_refused_on_the_second_row(personas):
    batch = import_check(
        actor=personas.senco_a, school=personas.school_a, filename="f.csv", raw=csv_bytes(good_row(1), good_row(1))
    )
    assert batch.rows[1]["errors"] == ["This UPN is also on row 2"]


def test_a_file_cannot_be_imported_twice(personas):
    batch = import_check(actor=personas.senco_a, school=personas.school_a, filename="f.csv", raw=csv_bytes(good_row(1)))
    import_confirm(actor=personas.senco_a, batch=batch)
    with pytest.raises(DomainError, match="already been imported"):
        import_confirm(actor=personas.senco_a, batch=batch)
    assert Pupil.objects.count() == 1


def test_rows_checked_again_at_import_time_catch_a_pupil_added_since(personas):
    batch = import_check(actor=personas.senco_a, school=personas.school_a, filename="f.csv", raw=csv_bytes(good_row(1)))
    PupilFactory(school=personas.school_b, upn=upn(1))
    with pytest.raises(DomainError):
        import_confirm(actor=personas.senco_a, batch=batch)
    assert Pupil.objects.count() == 1


@time_machine.travel(datetime(2023, 10, 2, 12, tzinfo=LONDON), tick=False)  # a child born 5 September 2018 is in R
def test_exports_in_windows_1252_with_other_column_names_and_semicolons_are_read():
    header = "UPN;Legal Surname;Legal Forename;DOB;NC Year;SEN Status;SEN Need 1\n"
    row = f"{upn(3)};Ó Súilleabháin;Siân;2018-09-05;R;SEN support;Speech, language and communication needs\n"
    rows, errors = parse((header + row).encode("cp1252"))
    assert not errors and not rows[0]["errors"], rows
    values = rows[0]["values"]
    assert values["legal_last_name"] == "Ó Súilleabháin" and values["year_group"] == "R"
    assert values["sen_provision"] == "K" and values["primary_need"] == "SLCN"


def test_a_utf8_byte_order_mark_does_not_hide_the_first_column():
    rows, errors = parse(b"\xef\xbb\xbf" + csv_bytes(good_row(4)))
    assert not errors and rows[0]["values"]["upn"] == upn(4)


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "The selected file is empty"),
        (b"Name,Age\nBob,9\n", "The file has no column for: UPN"),
        (HEADER.encode(), "The file has no pupils in it"),
    ],
)
def test_files_that_are_not_pupil_lists_are_explained(raw, message):
    rows, errors = parse(raw)
    assert not rows and message in errors[0]


def test_an_upload_that_is_not_a_csv_is_refused(client_for, personas):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n", content_type="image/png")
    response = client_for(personas.senco_a).post(
        reverse("pupils:import"), {"school": personas.school_a.pk, "file": upload}
    )
    assert "The selected file must be a CSV" in response.content.decode()


def test_a_senco_cannot_import_onto_another_schools_roll(personas):
    with pytest.raises(DomainError):
        import_check(actor=personas.senco_a, school=personas.school_b, filename="f.csv", raw=csv_bytes(good_row(1)))


def test_another_schools_senco_gets_404_for_the_preview(client_for, personas):
    batch = import_check(actor=personas.senco_a, school=personas.school_a, filename="f.csv", raw=csv_bytes(good_row(1)))
    assert (
        client_for(personas.senco_b).get(reverse("pupils:import_preview", kwargs={"pk": batch.pk})).status_code == 404
    )
    assert (
        client_for(personas.senco_b).post(reverse("pupils:import_preview", kwargs={"pk": batch.pk})).status_code == 404
    )
    assert not Pupil.objects.exists()
