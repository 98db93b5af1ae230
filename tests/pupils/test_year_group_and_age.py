"""Year group and age agree: a national curriculum year more than one year from the year the date
of birth gives is refused, unless the SENCo confirms the pupil is taught out of year group."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pupils.models import Pupil, PupilImport
from pupils.records import services
from pupils.records.imports import import_check
from pupils.records.models import expected_year_group, year_group_problem
from sendhub.dates import LONDON
from sendhub.errors import DomainError
from tests.factories import make_upn

# 2025/26: a child born 1 September 2018 to 31 August 2019 is in Year 2.
IN_2025_26 = datetime(2026, 3, 2, 12, tzinfo=LONDON)


@pytest.fixture
def frozen():
    with time_machine.travel(IN_2025_26, tick=False):
        yield


def values(**changes):
    data = {
        "upn": make_upn("838", "2001", 41),
        "legal_first_name": "Rowan",
        "legal_last_name": "Year-Test",
        "date_of_birth": date(2019, 3, 10),
        "year_group": "2",
        "sen_provision": "K",
        "primary_need": "SLCN",
        "secondary_need": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "born, today, year",
    [
        (date(2018, 9, 1), date(2026, 3, 2), 2),  # the oldest of the year
        (date(2019, 8, 31), date(2026, 3, 2), 2),  # the youngest
        (date(2019, 9, 1), date(2026, 3, 2), 1),
        (date(2020, 2, 29), date(2026, 3, 2), 1),  # a 29 February birthday
        (date(2021, 4, 1), date(2026, 3, 2), 0),  # Reception
        (date(2019, 3, 10), date(2026, 8, 31), 2),  # the last day of the year
        (date(2019, 3, 10), date(2026, 9, 1), 3),  # the first day of the next
    ],
)
def test_the_year_the_date_of_birth_gives(born, today, year):
    assert expected_year_group(born, today=today) == year


def test_one_year_either_side_is_accepted_two_is_refused(personas, frozen):
    for year in ("1", "2", "3"):
        assert year_group_problem(date(2019, 3, 10), year, today=date(2026, 3, 2), taught_out=False) == ""
    assert "Year 4 is more than one year from Year 2" in year_group_problem(
        date(2019, 3, 10), "4", today=date(2026, 3, 2), taught_out=False
    )
    assert year_group_problem(date(2019, 3, 10), "R", today=date(2026, 3, 2), taught_out=False)
    assert year_group_problem(date(2019, 3, 10), "4", today=date(2026, 3, 2), taught_out=True) == ""


def test_the_service_refuses_it_unless_the_senco_confirms(personas, frozen):
    with pytest.raises(DomainError, match="taught out of") as info:
        services.pupil_create(actor=personas.senco_a, school=personas.school_a, data=values(year_group="5"))
    assert info.value.field == "year_group"
    pupil = services.pupil_create(
        actor=personas.senco_a,
        school=personas.school_a,
        data=values(year_group="5", taught_out_of_year_group=True),
    )
    assert pupil.taught_out_of_year_group
    with pytest.raises(DomainError, match="taught out of"):
        services.pupil_update(actor=personas.senco_a, pupil=pupil, data={"taught_out_of_year_group": False})


def test_london_midnight_on_1_september_starts_the_new_year(personas):
    # 00:30 on 1 September in London is still 31 August in UTC: the child has moved up a year.
    with time_machine.travel(datetime(2026, 9, 1, 0, 30, tzinfo=LONDON), tick=False):
        pupil = services.pupil_create(actor=personas.senco_a, school=personas.school_a, data=values(year_group="4"))
        assert pupil.year_group == "4"


def test_the_pupil_form_shows_the_error_and_takes_the_confirmation(client_for, personas, frozen):
    client = client_for(personas.senco_a)
    form = {
        **{k: v for k, v in values().items() if k != "date_of_birth"},
        "date_of_birth_0": "10",
        "date_of_birth_1": "3",
        "date_of_birth_2": "2019",
        "school": personas.school_a.pk,
        "year_group": "5",
    }
    response = client.post(reverse("pupils:add"), form)
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page and "taught out of" in page
    response = client.post(reverse("pupils:add"), {**form, "taught_out_of_year_group": "on"})
    assert response.status_code == 302
    assert Pupil.objects.get(legal_last_name="Year-Test").taught_out_of_year_group


def test_the_import_refuses_the_row_unless_its_column_confirms(personas, frozen):
    header = "UPN,Forename,Surname,Date of birth,Year,SEN provision,Primary need,Taught out of year group\n"
    rows = (
        f"{make_upn('838', '2001', 42)},Ada,Test1,10/03/2019,Year 5,K,SLCN,\n"
        f"{make_upn('838', '2001', 43)},Ben,Test2,10/03/2019,Year 5,K,SLCN,Yes\n"
        f"{make_upn('838', '2001', 44)},Cal,Test3,10/03/2019,Year 2,K,SLCN,No\n"
    )
    batch = import_check(
        actor=personas.senco_a, school=personas.school_a, filename="p.csv", raw=(header + rows).encode()
    )
    errors = [row["errors"] for row in PupilImport.objects.get(pk=batch.pk).rows]
    assert any("taught out of" in e for e in errors[0])
    assert errors[1] == [] and errors[2] == []
    assert batch.rows[1]["values"]["taught_out_of_year_group"] is True


def test_the_import_page_shows_the_row_error(client_for, personas, frozen):
    header = "UPN,Forename,Surname,Date of birth,Year,SEN provision,Primary need\n"
    upload = SimpleUploadedFile(
        "p.csv", (header + f"{make_upn('838', '2001', 45)},Ada,Test1,10/03/2019,Year 6,K,SLCN\n").encode()
    )
    client = client_for(personas.senco_a)
    response = client.post(reverse("pupils:import"), {"school": personas.school_a.pk, "file": upload}, follow=True)
    assert "taught out of" in response.content.decode()
