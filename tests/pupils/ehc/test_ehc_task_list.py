"""The EHC case page lists the statutory steps as a GOV.UK task list, each with its status and due date."""

from django.urls import reverse

from pupils.ehc import services
from pupils.ehc.deadlines import assessment_rows
from pupils.ehc.steps import assessment_tasks
from pupils.models import EHCAssessment
from sendhub.task_list import TaskStatus
from tests.pupils.ehc.helpers import TODAY, assessing, pupil_at, request, weeks_ago, with_draft


def _tasks(assessment, **allowed):
    rows = assessment_rows(assessment, TODAY)
    values = {"advice_count": 0, "can_edit": True, "can_add_advice": True, "can_change_final": True, **allowed}
    return {t.key: t for t in assessment_tasks(assessment, rows, **values)}


def test_a_new_request_waits_for_the_decision_to_assess(personas, frozen):
    a = request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(2))
    tasks = _tasks(a)
    assert tasks["request"].status == TaskStatus.COMPLETED
    assert tasks["decide"].status == TaskStatus.INCOMPLETE
    assert tasks["decide"].hint.startswith("Due by ")  # 6 weeks from the request, from the timescale code
    for key in ("advice", "draft", "consultation"):
        assert tasks[key].status == TaskStatus.CANNOT_START and tasks[key].link == ""
    assert tasks["final"].status == TaskStatus.CANNOT_START
    assert tasks["final"].hint == f"Due by {rows_due(a, 'final')}"


def rows_due(assessment, key):
    row = next(r for r in assessment_rows(assessment, TODAY) if r.key == key)
    return f"{row.due.day} {row.due:%B %Y}"


def test_an_overdue_decision_says_so(personas, frozen):
    a = request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(8))
    assert "overdue by" in _tasks(a)["decide"].hint


def test_after_the_draft_the_comments_and_final_plan_can_start(personas, frozen):
    a = with_draft(personas.la_officer, pupil_at(personas.school_a), weeks_ago(18))
    tasks = _tasks(a, advice_count=2)
    assert tasks["decide"].status == tasks["advice"].status == tasks["draft"].status == TaskStatus.COMPLETED
    assert tasks["draft"].hint.startswith("Done on ")
    assert tasks["comments"].status == TaskStatus.COMPLETED  # the parent's 15 days have ended
    assert tasks["final"].status == TaskStatus.INCOMPLETE
    assert tasks["final"].link == reverse("pupils:ehc_assessment_final", args=[a.pk])


def test_a_decision_not_to_assess_makes_the_later_steps_not_needed(personas, frozen):
    a = request(personas.la_officer, pupil_at(personas.school_a), weeks_ago(8))
    a = services.assessment_decide(
        actor=personas.la_officer, assessment=a, decision=EHCAssessment.Decision.NOT_ASSESS, decision_on=weeks_ago(3)
    )
    tasks = _tasks(a)
    assert tasks["decide"].status == TaskStatus.COMPLETED
    assert {tasks[k].status for k in ("advice", "draft", "comments", "consultation", "final")} == {
        TaskStatus.NOT_NEEDED
    }


def test_a_reader_who_cannot_edit_gets_no_links_to_the_steps(personas, frozen):
    a = assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(7))
    tasks = _tasks(a, can_edit=False, can_add_advice=False, can_change_final=False)
    assert tasks["decide"].link == "" and tasks["draft"].link == ""
    assert tasks["advice"].link == "#advice"


def test_the_case_page_shows_the_task_list(client_for, personas, frozen):
    a = assessing(personas.la_officer, pupil_at(personas.school_a), weeks_ago(7))
    page = client_for(personas.la_officer).get(reverse("pupils:ehc_assessment", args=[a.pk])).content.decode()
    assert '<ul class="govuk-task-list">' in page and 'id="ehc-steps-final-status"' in page
    assert "Serve the draft plan" in page and "Issue the final plan" in page
