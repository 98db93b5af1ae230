"""The EHC caseload sorts by its column headers, filters, and downloads the filtered set as CSV (issue 18)."""

from __future__ import annotations

import csv
import io
import re

from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.selectors import caseload, caseload_rows, overdue_q
from pupils.models import EHCAssessment
from sendhub.models import AuditEvent
from tests.pupils.ehc.helpers import TODAY, assessing, pupil_at, request, weeks_ago, with_draft

URL = reverse("pupils:ehc_caseload")
CSV_URL = reverse("pupils:ehc_caseload_csv")


def _names(response) -> list[str]:
    return [row.assessment.pupil.legal_last_name for row in response.context["rows"]]


def _header(html: str, label: str) -> str:
    """The <th> whose link reads `label`."""
    for th in re.findall(r"<th scope=\"col\"[^>]*>.*?</th>", html, re.S):
        if re.search(rf">{re.escape(label)}<span", th):
            return th
    raise AssertionError(f"No sortable header {label!r}")


def _cases(personas):
    """Three open cases at the LA, one at another LA (the outsider's)."""
    officer = personas.la_officer
    ash = request(officer, pupil_at(personas.school_a, legal_last_name="Ash"), weeks_ago(2))
    birch = assessing(officer, pupil_at(personas.school_b, legal_last_name="Birch"), weeks_ago(10))
    cedar = with_draft(officer, pupil_at(personas.school_a, legal_last_name="Cedar"), weeks_ago(30))
    services.case_officer_set(actor=officer, case=birch, case_officer=officer)
    elsewhere = request(personas.outsider, pupil_at(personas.other_school, legal_last_name="Aardvark"), weeks_ago(3))
    return ash, birch, cedar, elsewhere


def test_the_caseload_is_oldest_request_first_and_says_so_with_aria_sort(personas, client_for, frozen):
    _cases(personas)
    response = client_for(personas.la_officer).get(URL)
    assert _names(response) == ["Cedar", "Birch", "Ash"]
    html = response.content.decode()
    assert 'aria-sort="ascending"' in _header(html, "Request received")
    assert 'aria-sort="none"' in _header(html, "Pupil")


def test_a_column_header_sorts_by_it_and_again_the_other_way(personas, client_for, frozen):
    _cases(personas)
    client = client_for(personas.la_officer)
    ascending = client.get(URL, {"sort": "pupil"})
    assert _names(ascending) == ["Ash", "Birch", "Cedar"]
    header = _header(ascending.content.decode(), "Pupil")
    assert 'aria-sort="ascending"' in header and "sort=-pupil" in header and "▲" in header
    descending = client.get(URL, {"sort": "-pupil"})
    assert _names(descending) == ["Cedar", "Birch", "Ash"]
    assert 'aria-sort="descending"' in _header(descending.content.decode(), "Pupil")
    # Empty values last whichever way: only Birch has a case officer.
    assert _names(client.get(URL, {"sort": "officer"}))[0] == "Birch"
    assert _names(client.get(URL, {"sort": "-officer"}))[0] == "Birch"
    assert _names(client.get(URL, {"sort": "stage"})) == ["Ash", "Birch", "Cedar"]  # deciding, assessing, draft


def test_a_header_link_keeps_the_filters_and_goes_back_to_the_first_page(personas, client_for, frozen):
    _cases(personas)
    html = client_for(personas.la_officer).get(URL, {"stage": "assessing", "page": "1", "sort": "-received"})
    header = _header(html.content.decode(), "Pupil")
    href = re.search(r'href="\?([^"]*)"', header).group(1).replace("&amp;", "&")
    assert sorted(href.split("&")) == ["sort=pupil", "stage=assessing"]


def test_an_unknown_sort_is_ignored_and_the_filters_still_apply(personas, client_for, frozen):
    _cases(personas)
    client = client_for(personas.la_officer)
    for sort in ("pupil__upn", "--pupil", "'; drop table", "", "pk", "school"):
        response = client.get(URL, {"sort": sort})
        assert response.status_code == 200
        assert _names(response) == ["Cedar", "Birch", "Ash"], sort
    both = client.get(URL + "?sort=pupil&sort=-pupil&stage=draft")
    assert both.status_code == 200 and _names(both) == ["Cedar"]


def test_the_filters_narrow_the_caseload(personas, client_for, frozen):
    _cases(personas)
    client = client_for(personas.la_officer)
    assert _names(client.get(URL, {"stage": "deciding"})) == ["Ash"]
    assert _names(client.get(URL, {"school": personas.school_b.pk})) == ["Birch"]
    assert _names(client.get(URL, {"case_officer": personas.la_officer.pk})) == ["Birch"]
    assert _names(client.get(URL, {"case_officer": "null"})) == ["Cedar", "Ash"]
    # 30 weeks ago: the final plan's 20 weeks have passed.
    assert _names(client.get(URL, {"overdue": "on"})) == ["Cedar"]
    since = weeks_ago(11)
    response = client.get(
        URL, {"received_from_0": since.day, "received_from_1": since.month, "received_from_2": since.year}
    )
    assert _names(response) == ["Birch", "Ash"]
    assert response.context["page"].paginator.count == 2
    assert "2 open assessments" in response.content.decode()


def test_a_date_filter_written_wrong_says_so_and_shows_the_whole_caseload(personas, client_for, frozen):
    _cases(personas)
    response = client_for(personas.la_officer).get(
        URL, {"received_from_0": "31", "received_from_1": "2", "received_from_2": "2026"}
    )
    assert response.status_code == 200
    assert "must be a real date" in response.content.decode()
    assert _names(response) == ["Cedar", "Birch", "Ash"]


def test_the_filter_choices_offer_only_what_the_officer_may_see(personas, client_for, frozen):
    _cases(personas)
    form = client_for(personas.la_officer).get(URL).context["filters"].form
    assert {s.name for s in form.fields["school"].queryset} == {"School A", "School B"}
    assert list(form.fields["case_officer"].queryset) == [personas.la_officer]


def test_another_authoritys_case_is_in_neither_the_list_nor_the_csv(personas, client_for, frozen):
    *_, elsewhere = _cases(personas)
    client = client_for(personas.la_officer)
    assert "Aardvark" not in _names(client.get(URL, {"sort": "pupil"}))
    assert "Aardvark" not in b"".join(client.get(CSV_URL).streaming_content).decode()
    # ... and a filter naming its school finds nothing rather than an error.
    response = client.get(URL, {"school": personas.other_school.pk})
    assert response.status_code == 200 and _names(response) == ["Cedar", "Birch", "Ash"]
    own = client_for(personas.outsider)
    assert _names(own.get(URL)) == ["Aardvark"]
    assert "Aardvark" in b"".join(own.get(CSV_URL).streaming_content).decode()


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_is_the_filtered_sorted_caseload_and_is_audited_as_an_export(personas, client_for, frozen):
    ash, birch, cedar, _ = _cases(personas)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()
    response = client_for(personas.la_officer).get(CSV_URL, {"sort": "pupil", "stage": "assessing"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="ehc-caseload-{TODAY.isoformat()}.csv"'
    assert response["Cache-Control"] == "private, no-store"
    header, *rows = _csv(response)
    assert header[:7] == [
        "Legal first name",
        "Legal last name",
        "UPN",
        "School",
        "School URN",
        "Request received",
        "Stage",
    ]
    assert header[7:] == [
        "Case officer",
        "Next statutory deadline",
        "Next deadline due",
        "Next deadline status",
        "Deadlines overdue",
    ]
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Legal last name"] == "Birch" and row["School URN"] == "100002" and row["Stage"] == "Assessing"
    assert row["Request received"] == weeks_ago(10).isoformat()
    assert row["Case officer"] == personas.la_officer.full_name
    assert row["Next statutory deadline"] == "Tell the parent if no plan will be issued"
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).order_by("pk")
    assert exports.count() == before + 1
    event = exports.last()
    assert event.pupil_id == birch.pupil_id and event.user_id == personas.la_officer.pk
    assert event.path == CSV_URL


def test_the_csv_writes_a_name_that_looks_like_a_formula_as_text(personas, client_for, frozen):
    request(personas.la_officer, pupil_at(personas.school_a, legal_first_name="=HYPERLINK(1)"), weeks_ago(1))
    header, row = _csv(client_for(personas.la_officer).get(CSV_URL))
    assert row[0] == "'=HYPERLINK(1)"


def test_only_local_authority_officers_and_administrators_download_the_caseload(personas, client_for, frozen):
    _cases(personas)
    assert client_for(personas.senco_a).get(CSV_URL).status_code == 403
    assert client_for(personas.coordinator).get(CSV_URL).status_code == 403


def test_overdue_as_a_filter_agrees_with_the_deadline_rows(personas, frozen):
    officer = personas.la_officer
    for weeks in (1, 5, 7, 15, 17, 21, 40):
        request(officer, pupil_at(personas.school_a), weeks_ago(weeks))
        assessing(officer, pupil_at(personas.school_a), weeks_ago(weeks, 1), decided_weeks=1)
        with_draft(officer, pupil_at(personas.school_a), weeks_ago(weeks + 8), draft_weeks=7)
    # Past 20 weeks with a draft served: overdue only because of the final plan, which an exception lifts.
    lifted = with_draft(officer, pupil_at(personas.school_a), weeks_ago(25))
    services.exception_add(
        actor=officer, assessment=lifted, kind="personal", starts_on=weeks_ago(20), ends_on=None, reason="Illness"
    )
    everything = list(caseload())
    flagged = set(caseload().filter(overdue_q(TODAY)).values_list("pk", flat=True))
    expected = {row.assessment.pk for row in caseload_rows(everything, TODAY) if row.overdue}
    assert flagged == expected and 0 < len(flagged) < len(everything)
    assert lifted.pk not in flagged


def test_the_sorted_filtered_caseload_takes_the_same_queries_for_3_or_30_cases(
    personas, client_for, frozen, django_assert_max_num_queries
):
    client = client_for(personas.la_officer)
    query = {"sort": "-officer", "overdue": "on", "school": personas.school_a.pk}

    def cases(how_many: int) -> None:
        for n in range(how_many):
            a = with_draft(personas.la_officer, pupil_at(personas.school_a), weeks_ago(25 + n % 4))
            if n % 2:
                services.case_officer_set(actor=personas.la_officer, case=a, case_officer=personas.la_officer)

    cases(3)
    client.get(URL, query)
    with django_assert_max_num_queries(30) as few:
        client.get(URL, query)
    cases(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {**query, "page": 2})
    assert response.context["page"].paginator.count == 30 and len(response.context["rows"]) == 5
    assert EHCAssessment.objects.count() == 30


def test_the_case_officer_choices_are_the_officers_named_on_open_assessments_the_officer_sees(
    personas, client_for, frozen
):
    """Read from the officers named on any open assessment, each kept if one open case of theirs is in
    scope: the same people as every open assessment in scope's distinct officers."""
    from pupils.ehc.selectors import OPEN_ASSESSMENT
    from sendhub.models import Role, User
    from tests.factories import member

    ash, birch, cedar, elsewhere = _cases(personas)
    officer = personas.la_officer
    on_closed = member(Role.LA_OFFICER, local_authority=personas.la_officer.memberships.first().local_authority)
    not_assessed = member(Role.LA_OFFICER, local_authority=personas.la_officer.memberships.first().local_authority)
    both = member(Role.LA_OFFICER, local_authority=personas.la_officer.memberships.first().local_authority)
    finished = request(officer, pupil_at(personas.school_a), weeks_ago(40))
    EHCAssessment.objects.filter(pk=finished.pk).update(final_issued_on=weeks_ago(1), case_officer=on_closed)
    refused = request(officer, pupil_at(personas.school_b), weeks_ago(6))
    EHCAssessment.objects.filter(pk=refused.pk).update(
        decision=EHCAssessment.Decision.NOT_ASSESS, decision_on=weeks_ago(1), case_officer=not_assessed
    )
    EHCAssessment.objects.filter(pk__in=[elsewhere.pk, cedar.pk]).update(case_officer=both)
    outside = request(personas.outsider, pupil_at(personas.other_school), weeks_ago(4))
    EHCAssessment.objects.filter(pk=outside.pk).update(case_officer=personas.outsider)

    form = client_for(officer).get(URL).context["filters"].form
    scope = EHCAssessment.objects.visible_to(officer).filter(OPEN_ASSESSMENT, case_officer__isnull=False)
    expected = list(User.objects.filter(pk__in=scope.values("case_officer")).order_by("full_name", "pk"))
    assert list(form.fields["case_officer"].queryset) == expected
    assert set(expected) == {officer, both}


def test_the_caseload_rows_name_the_consulted_school_and_the_officer_as_the_assessment_does(personas, frozen):
    """The caseload reads these two names as values (not joins): its rows say the same as the assessment."""
    from pupils.ehc.deadlines import assessment_rows

    _, birch, cedar, _ = _cases(personas)
    services.assessment_consult_school(
        actor=personas.la_officer,
        assessment=cedar,
        school_consulted=personas.school_b,
        school_consulted_on=weeks_ago(1),
    )
    rows = {row.assessment.pk: row for row in caseload_rows(list(caseload()), TODAY)}
    shown = rows[cedar.pk].assessment
    assert shown.school_consulted.name == personas.school_b.name and shown.case_officer_id is None
    assert rows[birch.pk].assessment.case_officer.full_name == personas.la_officer.full_name
    assert rows[birch.pk].assessment.school_consulted_id is None
    for pk, row in rows.items():
        fresh = EHCAssessment.objects.select_related("pupil__school", "school_consulted", "case_officer").get(pk=pk)
        assert [r.what for r in assessment_rows(row.assessment, TODAY, [])] == [
            r.what for r in assessment_rows(fresh, TODAY, [])
        ]
    assert any(
        f"{personas.school_b.name} replies to the consultation" == r.what for r in assessment_rows(shown, TODAY, [])
    )
