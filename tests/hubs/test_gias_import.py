"""The schools register from GIAS: reading the extract, importing it, and the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hubs.gias import gias_import, read_extract
from sendhub.errors import DomainError
from sendhub.models import LocalAuthority, School, Trust
from tests.factories import DistrictFactory, LocalAuthorityFactory, SchoolFactory, TrustFactory
from tests.hubs.gias_data import FIXTURE, extract, fixture_bytes, many_schools, school_row

# What the shipped fixture holds: 16 rows, of which 12 schools can be added, one is a
# closed school the portal never had, and three are skipped (rows 11, 12 and 17).
FIXTURE_SKIPS = {
    11: "No establishment number",
    12: "The URN “99901” is not 6 digits",
    17: "LAESTAB 9902001 also belongs to URN 999001 (row 2), which is open",
}


def reasons(summary) -> dict[int, str]:
    return {row.row: row.reason for row in summary.skipped}


def history_rows() -> int:
    return School.history.count() + Trust.history.count() + LocalAuthority.history.count()


# --- Reading the file -------------------------------------------------------------------


def test_the_fixture_is_windows_1252_and_its_accented_name_is_read():
    raw = fixture_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows, _ = read_extract(raw)
    assert "St Cléopha's Catholic Primary School" in {row.name for row in rows}


def test_the_same_extract_in_utf8_with_a_byte_order_mark_reads_the_same():
    raw = fixture_bytes()
    utf8 = b"\xef\xbb\xbf" + raw.decode("cp1252").encode("utf-8")
    assert read_extract(utf8) == read_extract(raw)
    rows, _ = read_extract(utf8)
    assert rows[0].urn == "999001", "the byte-order mark must not hide the URN column"


def test_a_byte_order_mark_on_a_windows_1252_file_does_not_hide_the_urn_column():
    rows, _ = read_extract(b"\xef\xbb\xbf" + fixture_bytes())
    assert rows[0].urn == "999001" and "St Cléopha's Catholic Primary School" in {row.name for row in rows}


def test_extra_columns_are_ignored_and_column_names_may_differ_in_case_and_spaces():
    header = [
        "Easting",
        "urn",
        "LA  (code)",
        "LA (Name)",
        "establishmentnumber",
        "EstablishmentName",
        "TypeOfEstablishment (name)",
        "EstablishmentStatus (name)",
        "PhaseOfEducation (name)",
    ]
    raw = extract(
        {
            "Easting": "1",
            "urn": "999001",
            "LA  (code)": "990",
            "LA (Name)": "Wessex",
            "establishmentnumber": "2001",
            "EstablishmentName": "Odd Header School",
            "TypeOfEstablishment (name)": "Community school",
            "EstablishmentStatus (name)": "Open",
            "PhaseOfEducation (name)": "Primary",
        },
        header=header,
    )
    rows, skipped = read_extract(raw)
    assert not skipped and rows[0].laestab == "9902001" and rows[0].trust_code == ""


def test_laestab_is_the_la_code_then_the_establishment_number_padded_to_four_digits():
    rows, _ = read_extract(
        extract(
            school_row("999001", EstablishmentNumber="101"),
            school_row("999002", EstablishmentNumber="7"),
            school_row("999003", EstablishmentNumber="04001"),
        )
    )
    assert [row.laestab for row in rows] == ["9900101", "9900007", "9904001"]


@pytest.mark.parametrize(
    "gias_phase, phase",
    [
        ("Nursery", School.Phase.NURSERY),
        ("Primary", School.Phase.PRIMARY),
        ("Middle deemed primary", School.Phase.MIDDLE_PRIMARY),
        ("Secondary", School.Phase.SECONDARY),
        ("Middle deemed secondary", School.Phase.MIDDLE_SECONDARY),
        ("16 plus", School.Phase.SIXTEEN_PLUS),
        ("All-through", School.Phase.ALL_THROUGH),
        ("Not applicable", School.Phase.NOT_APPLICABLE),
    ],
)
def test_each_gias_phase_maps_to_the_portals_phase(gias_phase, phase):
    rows, _ = read_extract(extract(school_row(**{"PhaseOfEducation (name)": gias_phase})))
    assert rows[0].phase == phase


@pytest.mark.parametrize(
    "status, is_open",
    [("Open", True), ("Open, but proposed to close", True), ("Proposed to open", False), ("Closed", False)],
)
def test_open_means_taking_pupils_now(status, is_open):
    rows, _ = read_extract(extract(school_row(**{"EstablishmentStatus (name)": status})))
    assert rows[0].is_open is is_open


@pytest.mark.parametrize(
    "type_name, special",
    [
        ("Community special school", True),
        ("Academy special converter", True),
        ("Non-maintained special school", True),
        ("Academy converter", False),
        ("Community school", False),
    ],
)
def test_a_special_school_is_known_by_its_type(type_name, special):
    rows, _ = read_extract(extract(school_row(**{"TypeOfEstablishment (name)": type_name})))
    assert rows[0].is_special is special


@pytest.mark.parametrize("value", ["", "n/a", "twelve", "-3", "1.5", "１２"])
def test_places_that_are_blank_or_not_a_whole_number_are_not_known(value):
    rows, _ = read_extract(
        extract(
            school_row(
                **{
                    "TypeOfResourcedProvision (name)": "Resourced provision",
                    "ResourcedProvisionCapacity": value,
                }
            ),
            encoding="utf-8",
        )
    )
    assert rows[0].resourced_provision_capacity is None


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"URN": ""}, "No URN"),
        ({"URN": "12345"}, "The URN “12345” is not 6 digits"),
        ({"URN": "12345A"}, "The URN “12345A” is not 6 digits"),
        ({"LA (code)": "99"}, "The local authority code “99” is not 3 digits"),
        ({"EstablishmentNumber": ""}, "No establishment number"),
        ({"EstablishmentNumber": "20A1"}, "The establishment number “20A1” is not a number"),
        ({"EstablishmentNumber": "12345"}, "The establishment number “12345” has more than 4 digits"),
        ({"EstablishmentName": "  "}, "No establishment name"),
        ({"EstablishmentName": "A" * 201}, "The establishment name is longer than 200 characters"),
        ({"EstablishmentStatus (name)": "Sleeping"}, "The establishment status “Sleeping” is not one GIAS uses"),
        ({"PhaseOfEducation (name)": "Kindergarten"}, "The phase of education “Kindergarten” is not one GIAS uses"),
        ({"TypeOfResourcedProvision (name)": "Hub"}, "The type of resourced provision “Hub” is not one GIAS uses"),
    ],
)
def test_a_row_that_cannot_be_used_is_skipped_with_a_reason_a_person_understands(values, reason):
    rows, skipped = read_extract(
        extract(
            school_row("999001", **{"EstablishmentNumber": "2001"}),
            school_row("999002", **{"EstablishmentNumber": "2002", **values}),
        )
    )
    assert [row.urn for row in rows] == ["999001"]
    assert skipped[0].row == 3 and skipped[0].reason.startswith(reason)


def test_a_urn_twice_in_the_file_is_skipped_on_its_second_row():
    _, skipped = read_extract(extract(school_row("999001"), school_row("999001", EstablishmentNumber="2002")))
    assert (skipped[0].row, skipped[0].reason) == (3, "URN 999001 is also on row 2")


@pytest.mark.parametrize(
    "raw, message",
    [
        (b"", "The file is empty"),
        (b"   \r\n", "The file is empty"),
        (b"PK\x03\x04\x00\x00binary", "The file must be a CSV"),
        (b"Name,Age\r\nBob,9\r\n", "The file is not a GIAS establishment extract"),
        (
            b"URN,LA (code),EstablishmentName\r\n999001,990,A\r\n",
            "The file is missing the columns LA (name), EstablishmentNumber, TypeOfEstablishment (name)",
        ),
        (extract(), "The file has no schools in it"),
        # An unclosed quote swallows the rest of the file into one enormous field.
        (extract(school_row()) + b'"' + b"x" * 200_000, "Row 3 of the file is not valid CSV"),
    ],
)
def test_a_file_that_is_not_a_gias_extract_is_refused_and_nothing_changes(admin, raw, message):
    with pytest.raises(DomainError) as error:
        gias_import(actor=admin, raw=raw)
    assert error.value.message.startswith(message)
    assert not School.objects.exists() and not LocalAuthority.objects.exists()


# --- Importing --------------------------------------------------------------------------


def test_an_administrator_imports_the_fixture_with_authorities_and_trusts(admin):
    summary = gias_import(actor=admin, raw=fixture_bytes())
    assert (summary.rows, summary.created, summary.updated, summary.unchanged) == (16, 12, 0, 0)
    assert (summary.closed_not_added, summary.authorities_created, summary.trusts_created) == (1, 2, 1)
    assert {row: reason[: len(FIXTURE_SKIPS[row])] for row, reason in reasons(summary).items()} == FIXTURE_SKIPS
    assert dict(LocalAuthority.objects.values_list("code", "name")) == {"990": "Wessex", "991": "Mercia"}
    special = School.objects.get(urn="999003")
    assert special.is_special and special.phase == School.Phase.NOT_APPLICABLE and special.laestab == "9907002"
    assert School.objects.get(urn="999013").laestab == "9900101"
    assert not School.objects.filter(urn="999009").exists(), "a closed school the portal never had is not added"
    assert School.objects.get(urn="999015").is_open is False, "a school proposed to open is added, not open yet"
    assert School.objects.get(urn="999014").is_open is True
    assert School.history.filter(history_user=admin).count() == 12


def test_resourced_provision_and_sen_unit_places_are_stored(admin):
    gias_import(actor=admin, raw=fixture_bytes())
    kingsbere, moynton, cleopha, hintock = (School.objects.get(urn=u) for u in ("999006", "999007", "999008", "999001"))
    assert kingsbere.resourced_provision == School.ResourcedProvision.RESOURCED_PROVISION
    assert (kingsbere.resourced_provision_on_roll, kingsbere.resourced_provision_capacity) == (9, 12)
    assert moynton.resourced_provision == School.ResourcedProvision.SEN_UNIT
    assert (moynton.sen_unit_on_roll, moynton.sen_unit_capacity) == (7, 10)
    assert cleopha.resourced_provision == School.ResourcedProvision.BOTH
    assert (cleopha.resourced_provision_capacity, cleopha.sen_unit_capacity) == (8, 6)
    assert hintock.resourced_provision == School.ResourcedProvision.NONE and hintock.sen_unit_capacity is None


def test_academies_are_linked_to_their_trust_which_is_created_once(admin):
    gias_import(actor=admin, raw=fixture_bytes())
    trust = Trust.objects.get()
    assert (trust.gias_code, trust.name) == ("TR99001", "Froom Valley Learning Trust")
    assert set(trust.schools.values_list("urn", flat=True)) == {"999004", "999005"}


def test_running_the_same_file_again_changes_nothing(admin):
    gias_import(actor=admin, raw=fixture_bytes())
    before = history_rows()
    again = gias_import(actor=admin, raw=fixture_bytes())
    assert (again.created, again.updated, again.unchanged, again.closed_not_added) == (0, 0, 12, 1)
    assert (again.authorities_created, again.trusts_created, again.trusts_updated) == (0, 0, 0)
    assert history_rows() == before, "no history rows for schools that did not change"


def test_a_changed_row_updates_the_school_and_it_keeps_its_district(admin, wessex):
    district = DistrictFactory(local_authority=wessex, name="Casterbridge")
    school = SchoolFactory(urn="999001", laestab="9902001", local_authority=wessex, district=district, name="Old name")
    summary = gias_import(
        actor=admin,
        raw=extract(
            school_row(
                "999001",
                EstablishmentName="New name",
                **{
                    "TypeOfResourcedProvision (name)": "SEN unit",
                    "SenUnitCapacity": "14",
                    "SenUnitOnRoll": "3",
                },
            )
        ),
    )
    assert (summary.created, summary.updated) == (0, 1)
    school.refresh_from_db()
    assert school.name == "New name" and school.district == district and school.sen_unit_capacity == 14
    assert school.history.first().history_type == "~" and school.history.first().history_user == admin


def test_a_school_that_closed_is_updated_but_a_closed_school_is_never_added(admin, wessex):
    SchoolFactory(urn="999001", laestab="9902001", local_authority=wessex, district=None)
    summary = gias_import(
        actor=admin,
        raw=extract(
            school_row("999001", **{"EstablishmentStatus (name)": "Closed"}),
            school_row("999002", EstablishmentNumber="2002", **{"EstablishmentStatus (name)": "Closed"}),
        ),
    )
    assert (summary.updated, summary.closed_not_added) == (1, 1)
    assert School.objects.get(urn="999001").is_open is False and not School.objects.filter(urn="999002").exists()


def test_a_school_moving_to_another_authority_leaves_its_old_district(admin, wessex):
    district = DistrictFactory(local_authority=wessex)
    SchoolFactory(urn="999001", laestab="9902001", local_authority=wessex, district=district)
    gias_import(actor=admin, raw=extract(school_row("999001", **{"LA (code)": "991", "LA (name)": "Mercia"})))
    school = School.objects.get(urn="999001")
    assert school.local_authority.code == "991" and school.laestab == "9912001" and school.district is None


def test_a_school_that_left_its_trust_is_unlinked(admin, wessex):
    SchoolFactory(urn="999001", laestab="9902001", local_authority=wessex, trust=TrustFactory(), district=None)
    gias_import(actor=admin, raw=extract(school_row("999001")))
    assert School.objects.get(urn="999001").trust is None


def test_an_administrator_renames_a_trust_and_gives_a_hand_made_trust_its_code(admin):
    TrustFactory(name="Old Name Trust", gias_code="TR99001")
    hand_made = TrustFactory(name="Hand Made Trust", gias_code=None)
    summary = gias_import(
        actor=admin,
        raw=extract(
            school_row("999001", **{"Trusts (code)": "TR99001", "Trusts (name)": "New Name Trust"}),
            school_row(
                "999002", EstablishmentNumber="2002", **{"Trusts (code)": "TR99002", "Trusts (name)": "Hand Made Trust"}
            ),
        ),
    )
    assert (summary.trusts_created, summary.trusts_updated) == (0, 2)
    assert Trust.objects.get(gias_code="TR99001").name == "New Name Trust"
    hand_made.refresh_from_db()
    assert hand_made.gias_code == "TR99002" and hand_made.schools.get().urn == "999002"


def test_a_new_trust_whose_name_another_trust_has_is_skipped(admin):
    TrustFactory(name="Froom Valley Learning Trust", gias_code="TR11111")
    summary = gias_import(
        actor=admin,
        raw=extract(
            school_row("999001", **{"Trusts (code)": "TR99001", "Trusts (name)": "Froom Valley Learning Trust"}),
        ),
    )
    assert reasons(summary)[2].startswith("Another trust in the portal is already called “Froom Valley Learning Trust”")
    assert not School.objects.exists()


def test_a_new_authority_without_a_name_is_skipped(admin):
    summary = gias_import(actor=admin, raw=extract(school_row("999001", **{"LA (name)": ""})))
    assert reasons(summary)[2] == "No local authority name, and local authority 990 is not in the portal yet"


def test_a_laestab_another_school_holds_in_the_portal_is_skipped(admin, wessex):
    SchoolFactory(urn="999777", laestab="9902001", local_authority=wessex, name="Holder School", district=None)
    summary = gias_import(actor=admin, raw=extract(school_row("999001")))
    assert reasons(summary)[2] == "LAESTAB 9902001 already belongs to Holder School (URN 999777) in the portal"
    assert School.objects.count() == 1


def test_two_open_schools_with_one_laestab_in_the_file_are_both_skipped(admin):
    summary = gias_import(actor=admin, raw=extract(school_row("999001"), school_row("999002")))
    assert reasons(summary) == {
        2: "LAESTAB 9902001 is on more than one row of the file (URNs 999001, 999002)",
        3: "LAESTAB 9902001 is on more than one row of the file (URNs 999001, 999002)",
    }
    assert not School.objects.exists()


def test_a_dry_run_reports_what_would_change_and_saves_nothing(admin):
    summary = gias_import(actor=admin, raw=fixture_bytes(), dry_run=True)
    assert (summary.created, summary.authorities_created, summary.trusts_created) == (12, 2, 1)
    assert not School.objects.exists() and not Trust.objects.exists() and not LocalAuthority.objects.exists()


# --- Who may import ---------------------------------------------------------------------


def test_an_la_officer_imports_only_their_own_authoritys_schools(wessex_officer, wessex):
    summary = gias_import(actor=wessex_officer, raw=fixture_bytes())
    assert summary.created == 11
    assert reasons(summary)[13] == "belongs to another local authority"
    assert not LocalAuthority.objects.filter(code="991").exists()
    assert set(School.objects.values_list("local_authority", flat=True)) == {wessex.pk}


def test_an_la_officer_cannot_take_a_school_from_another_authority(wessex_officer):
    mercia = LocalAuthorityFactory(code="991", name="Mercia")
    SchoolFactory(urn="999001", laestab="9912001", local_authority=mercia, district=None)
    summary = gias_import(actor=wessex_officer, raw=extract(school_row("999001")))
    assert reasons(summary)[2] == "belongs to another local authority"
    assert School.objects.get(urn="999001").local_authority == mercia


def test_an_la_officer_links_trusts_but_does_not_rename_them(wessex_officer):
    TrustFactory(name="Old Name Trust", gias_code="TR99001")
    summary = gias_import(
        actor=wessex_officer,
        raw=extract(
            school_row("999001", **{"Trusts (code)": "TR99001", "Trusts (name)": "New Name Trust"}),
            school_row(
                "999002", EstablishmentNumber="2002", **{"Trusts (code)": "TR99002", "Trusts (name)": "Brand New Trust"}
            ),
        ),
    )
    assert (summary.trusts_created, summary.trusts_updated) == (1, 0)
    assert Trust.objects.get(gias_code="TR99001").name == "Old Name Trust"
    assert School.objects.get(urn="999001").trust.gias_code == "TR99001"


@pytest.mark.parametrize("persona", ["senco_a", "head_a", "coordinator", "panel", "trust_lead", "parent", "nobody"])
def test_people_who_are_not_administrators_or_la_officers_cannot_import(personas, persona):
    with pytest.raises(PermissionDenied):
        gias_import(actor=getattr(personas, persona), raw=fixture_bytes())
    assert not School.objects.filter(urn__startswith="999").exists()


# --- Speed ----------------------------------------------------------------------------


def _max_write_queries() -> int:
    # PostgreSQL takes 1,000 rows a statement. Django caps SQLite at 999 parameters a
    # statement (about 60 schools), so there the same writes come in more, smaller batches.
    return 30 if connection.vendor == "postgresql" else 100


def test_the_number_of_queries_does_not_grow_with_the_rows(admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(_max_write_queries()):
        first = gias_import(actor=admin, raw=many_schools(2000))
    assert (first.created, first.trusts_created, first.authorities_created) == (2000, 50, 2)
    with django_assert_max_num_queries(_max_write_queries()):
        renamed = gias_import(actor=admin, raw=many_schools(2000, name="Renamed school"))
    assert renamed.updated == 2000


def test_checking_an_unchanged_register_takes_the_same_few_queries_for_any_number_of_rows(admin):
    gias_import(actor=admin, raw=many_schools(2000))
    counts = []
    for rows in (200, 2000):
        with CaptureQueriesContext(connection) as queries:
            summary = gias_import(actor=admin, raw=many_schools(rows))
        assert summary.unchanged == rows
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


# --- The command ---------------------------------------------------------------------


def run_command(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_gias", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_the_file_and_prints_the_summary_and_reasons(db):
    out, err = run_command(str(FIXTURE))
    assert "edubasealldata20261101.csv: 16 rows" in out
    assert "Schools added: 12" in out and "Closed schools not added: 1" in out and "Rows skipped: 3" in out
    assert "Row 12 (URN 99901): The URN “99901” is not 6 digits" in out
    assert "Schools register updated." in out
    # Not a terminal: no progress bar drawn over the output.
    assert "\r" not in out + err and "Reading rows" not in err
    assert School.objects.count() == 12 and School.history.filter(history_user=None).count() == 12
    again, _ = run_command(str(FIXTURE))
    assert "Schools added: 0" in again and "Schools unchanged: 12" in again


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_command_draws_a_progress_bar_apart_from_the_summary(db):
    out, err = StringIO(), Terminal()
    call_command("import_gias", str(FIXTURE), stdout=out, stderr=err)
    assert "Reading rows" in err.getvalue() and "\r" not in out.getvalue()
    assert "Schools added: 12" in out.getvalue()


def test_the_command_lists_the_first_50_skipped_rows_then_how_many_more(db, tmp_path):
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(extract(*(school_row(f"9{n:04d}") for n in range(60))))
    out, _ = run_command(str(path))
    assert out.count("is not 6 digits") == 50 and "and 10 more" in out


def test_the_command_dry_run_saves_nothing(db):
    out, _ = run_command(str(FIXTURE), "--dry-run")
    assert "Schools added: 12" in out and "Dry run: nothing was saved." in out
    assert not School.objects.exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.csv", None, "Cannot read"),
        ("empty.csv", b"", "empty.csv: The file is empty. Nothing was changed."),
        ("people.csv", b"Name,Age\r\nBob,9\r\n", "The file is not a GIAS establishment extract"),
    ],
)
def test_the_command_fails_with_a_clear_message_on_a_file_it_cannot_use(db, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_command(str(path))


def test_the_command_never_downloads(db):
    with pytest.raises(CommandError, match="never downloads"):
        run_command("https://example.org/edubasealldata20261101.csv")
